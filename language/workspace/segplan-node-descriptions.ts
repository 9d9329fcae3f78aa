import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider, type AstNode, type AstNodeDescription, type AstNodeLocator, type DocumentSegment, type LangiumCoreServices, type LangiumDocument, type NameProvider, type URI } from 'langium';
import { ObjectSlot } from '../utils/object-slot.js';

/**
 * Describes a named node for the index (what a name means, where it is) as Langium does, except
 * that the description of a node is made once and kept for as long as the node and its name last.
 *
 * After a one-line edit the statements the edit did not touch keep their nodes
 * (statement-reparse.ts), and the index is made again from all of them: in a 10,000-component plan
 * that was 12,000 new descriptions, each working out its node's path and line and column at once
 * (a sixth of the time from keystroke to diagnostics). What a kept node's description says
 * — its path, where it and its name are — is read from the node when asked, so it follows the
 * statements an edit inserted or removed above it. Keeping the same object also lets the linker
 * give a reference in an untouched statement back the very description it had (SegplanLinker).
 */
export class SegplanNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    /** By node, one description per name it is known by (a vendor's member: its qualified name in the index, its short name inside its vendor). */
    private readonly kept = new ObjectSlot<AstNode, NodeDescription[]>('node descriptions');

    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const doc = document ?? AstUtils.getDocument(node);
        const known = name ?? this.nameProvider.getName(node);
        if (!known) return super.createDescription(node, name, document); // Langium's error, with the node's path
        const kept = this.kept.get(node);
        const same = kept?.find(d => d.name === known && d.documentUri === doc.uri);
        if (same) return same;
        const description = new NodeDescription(node, known, doc.uri, this.astNodeLocator, this.nameProvider);
        // Most nodes are known by one name: a list of it alone, not an empty list grown with room for more.
        if (!kept) this.kept.set(node, [description]); else kept.push(description);
        return description;
    }

    /** Whether `description` is the one this provider now gives for its node: the one the index holds while the node is exported. */
    isCurrent(description: AstNodeDescription): boolean {
        return description.node !== undefined && (this.kept.get(description.node)?.includes(description as NodeDescription) ?? false);
    }
}

/** A description whose path and places are those of its node now. A class: every description has one shape. */
class NodeDescription implements AstNodeDescription {
    readonly type: string;

    constructor(
        readonly node: AstNode, readonly name: string, readonly documentUri: URI,
        private readonly locator: AstNodeLocator, private readonly names: NameProvider
    ) {
        this.type = node.$type;
    }

    get path(): string {
        return this.locator.getAstNodePath(this.node);
    }

    get nameSegment(): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.names.getNameNode(this.node) ?? this.node.$cstNode);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.node.$cstNode);
    }
}
