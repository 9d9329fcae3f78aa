import { isLinkingError, type AstNode, type AstNodeDescription, type CstNode, type LinkingError, type Reference, type ReferenceInfo } from 'langium';
import { LeanPlaceCstNode, type LeanPlaceOf } from './lean-cst.js';

/** How a reference finds its target: Langium's linker resolves its own references this way. */
export interface ReferenceResolution {
    resolveReference(reference: LeanReference, node: AstNode, property: string): AstNode | undefined;
}

/** What the linker offers the lean parser to make its references with (SegplanLinker). */
export interface LeanReferenceMaker {
    buildLeanReference(container: AstNode, offset: number, end: number, refText: string, place: LeanPlaceOf): LeanReference;
}

/** The places made for lean references (a reference's `$refNode`): a run of the CLI asks for a few, so no reference keeps a field for one. */
const places = new WeakMap<LeanReference, CstNode>();

/**
 * A cross-reference the lean parser read: Langium's reference (the same fields its linker sets and
 * reads, the same lazy `ref`), and at once the reference's description as a walk over the nodes
 * gives it (a ReferenceInfo: the reference, its node, property and index). Its place (`$refNode`)
 * is made when first asked for: a run of the CLI asks for the places of the few references it
 * reports. One object where there were three (Langium's reference, its description and its place):
 * a 5,000-rule plan has 14,000 references, each kept to the end of a run, so each holds only what
 * differs from one reference to the next. How it resolves is its class's (leanReferenceClass), and
 * what an unlink keeps for the next link (SegplanLinker) is added only by an unlink, which a build
 * made once never does.
 */
export class LeanReference implements Reference, ReferenceInfo {
    _ref: AstNode | LinkingError | symbol | undefined = undefined;
    _nodeDescription: AstNodeDescription | undefined = undefined;
    /** On the prototype of each linker's class of references (leanReferenceClass). */
    declare protected readonly resolution: ReferenceResolution;

    constructor(
        readonly container: AstNode,
        private readonly offset: number,
        private readonly end: number,
        readonly $refText: string,
        private readonly part: LeanPlaceOf
    ) {}

    /** The property that holds the reference: its place says (one place object per property and index). */
    get property(): string {
        return this.part.property;
    }

    get index(): number | undefined {
        return this.part.index;
    }

    /** The reference itself, as a ReferenceInfo names it. */
    get reference(): Reference {
        return this;
    }

    get ref(): AstNode | undefined {
        return this.resolution.resolveReference(this, this.container, this.property);
    }

    get $refNode(): CstNode | undefined {
        let place = places.get(this);
        if (!place) places.set(this, place = new LeanPlaceCstNode(this.offset, this.end, this.container, this.part));
        return place;
    }

    /** Its place in the real syntax tree, once the statement's is made (lean-cst-materializer.ts). */
    set $refNode(place: CstNode | undefined) {
        if (place) places.set(this, place);
        else places.delete(this);
    }

    get $nodeDescription(): AstNodeDescription | undefined {
        return this._nodeDescription;
    }

    get error(): LinkingError | undefined {
        return isLinkingError(this._ref) ? this._ref : undefined;
    }
}

/** The constructor of lean references that resolve through `resolution`, which their prototype holds. */
export type LeanReferenceClass = new (container: AstNode, offset: number, end: number, refText: string, part: LeanPlaceOf) => LeanReference;

/** A class of lean references resolved through `resolution` (a linker's): one per linker, not a field per reference. */
export function leanReferenceClass(resolution: ReferenceResolution): LeanReferenceClass {
    class ResolvedLeanReference extends LeanReference {
        // Written out: the implicit constructor passes its arguments on as a spread, a list made
        // for each of 14,000 references (V8 11 does not skip it).
        constructor(container: AstNode, offset: number, end: number, refText: string, part: LeanPlaceOf) {
            super(container, offset, end, refText, part);
        }
    }
    Object.defineProperty(ResolvedLeanReference.prototype, 'resolution', { value: resolution });
    return ResolvedLeanReference;
}
