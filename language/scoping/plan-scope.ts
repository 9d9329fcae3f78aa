import { stream, type AstNodeDescription, type AstReflection, type Scope, type Stream } from 'langium';

/**
 * The zones, sites and components a plan file can name, by name: each name's descriptions in the
 * order of the file's own names, then the files it imports. One map serves every reference type
 * (a zone, a component, either, a site): one for each type, and a second map inside Langium's
 * MapScope, were eight maps of all the plan's names to make after every edit.
 */
export class PlanNames {
    readonly #byName = new Map<string, AstNodeDescription[]>();
    readonly #all: AstNodeDescription[] = [];

    /** Adds a name after those added before: the first of a name and type is the one found. */
    add(description: AstNodeDescription): void {
        this.#all.push(description);
        const list = this.#byName.get(description.name);
        if (list) list.push(description); else this.#byName.set(description.name, [description]);
    }

    /** The scope of one reference type: the first description of each name whose type is that type (or a subtype of it). */
    scopeOf(referenceType: string, reflection: AstReflection): Scope {
        return new PlanScope(this.#byName, this.#all, description => reflection.isSubtype(description.type, referenceType));
    }
}

class PlanScope implements Scope {
    readonly #byName: ReadonlyMap<string, readonly AstNodeDescription[]>;
    readonly #all: readonly AstNodeDescription[];
    readonly #fits: (description: AstNodeDescription) => boolean;

    constructor(byName: ReadonlyMap<string, readonly AstNodeDescription[]>, all: readonly AstNodeDescription[], fits: (description: AstNodeDescription) => boolean) {
        this.#byName = byName;
        this.#all = all;
        this.#fits = fits;
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.#byName.get(name)?.find(this.#fits);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const found = this.getElement(name);
        return stream(found ? [found] : []);
    }

    /** Each name once, in the order its first fitting description was added (completion lists them so). */
    getAllElements(): Stream<AstNodeDescription> {
        const seen = new Set<string>();
        return stream(this.#all.filter(d => this.#fits(d) && !seen.has(d.name) && !!seen.add(d.name)));
    }
}
