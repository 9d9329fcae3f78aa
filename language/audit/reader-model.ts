/**
 * What a configuration reader models, as an explicit list: every keyword, option, match or target
 * it evaluates exactly, each with what it does in words. A word that is not on its reader's list
 * is never passed over: the rule it is in is reported unevaluated at its line (its condition not
 * modeled, or its outcome unknown), and the verdicts rest on what was modeled only. Tests walk
 * each list and show a fixture per entry.
 */
export class ReaderModel<Kind extends string = string> {
    private readonly byName: ReadonlyMap<string, { readonly kind: Kind; readonly meaning: string }>;
    /** Each kind's words, so that asking about a word writes no text (a reader asks for each word of each rule). */
    private readonly namesOf: ReadonlyMap<Kind, ReadonlySet<string>>;

    /** `entries`: per kind of word (option, match, target …), each word the reader models and what it does. */
    constructor(readonly reader: string, entries: Readonly<Record<Kind, Readonly<Record<string, string>>>>) {
        const byName = new Map<string, { kind: Kind; meaning: string }>();
        const namesOf = new Map<Kind, Set<string>>();
        for (const kind of Object.keys(entries) as Kind[]) {
            if (kind.includes(' ')) throw new Error(`${reader} reader: the kind '${kind}' has a space`);
            const names = new Set<string>();
            for (const [name, meaning] of Object.entries(entries[kind])) {
                byName.set(`${kind} ${name}`, { kind, meaning });
                names.add(name);
            }
            namesOf.set(kind, names);
        }
        this.byName = byName;
        this.namesOf = namesOf;
    }

    /** Whether the reader models this word as a word of this kind. */
    models(kind: Kind, name: string): boolean {
        return this.namesOf.get(kind)?.has(name) === true;
    }

    /** Every entry of the list, for the tests that show a fixture per entry and for the documentation. */
    entries(): { kind: Kind; name: string; meaning: string }[] {
        return [...this.byName].map(([key, { kind, meaning }]) => ({ kind, name: key.slice(kind.length + 1), meaning }));
    }

    /** Why a word off the list makes its rule unevaluated, in the words reports use. */
    notModeled(kind: Kind, name: string): string {
        return `${kind} ${name} is not modeled by SegPlan's ${this.reader} reader`;
    }
}
