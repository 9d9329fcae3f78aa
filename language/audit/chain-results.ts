/**
 * What each user chain did to a box already, within one part of the traffic: a chain reached
 * again with the same box (and as flagged, or not) gives what it gave, and is not walked again.
 *
 * A box's key writes its addresses out (formatted text, no cheap thing): the proof of a
 * 5,000-rule iptables output made about 9,500 of them, one for every part of the traffic at its
 * jump from FORWARD into SegPlan's chain, and never found one again (each part enters that chain
 * once). So a chain's first walk is kept without a key, and keyed only when the chain is reached again. A
 * lookup finds what a key made at every entry finds: the latest walk of the chain with that key
 * to finish. Keys are kept per chain, so that no chain's name read into another's key (`f`, the
 * flag, before a chain named `X`, is not the chain `fX`) can find another chain's walk.
 */

/** One chain within one part of the traffic. */
interface ChainEntries<T> {
    /** How many times the chain was entered. */
    entered: number;
    /** Its first walk, finished while it was the only one: keyed when the chain is entered again. */
    unkeyed?: { readonly keyOf: () => string; readonly result: T };
    /** Its walks by key, made once it is entered a second time. */
    byKey?: Map<string, T>;
}

export class ChainResults<T> {
    private readonly chains = new Map<string, ChainEntries<T>>();
    /** Keys made (the work tests count). */
    keysMade = 0;

    /**
     * A chain entered with a box whose key `keyOf` makes: what an earlier walk of the chain with
     * the same key gave (`known`), and the key when one was made (to give `finished`).
     */
    enter(chain: string, keyOf: () => string): { readonly known?: T; readonly key?: string } {
        const entries = this.chains.get(chain);
        // No walk of this chain has finished yet: there is nothing a key could find.
        if (!entries) {
            this.chains.set(chain, { entered: 1 });
            return {};
        }
        entries.entered++;
        const byKey = entries.byKey ??= new Map();
        if (entries.unkeyed) {
            byKey.set(this.made(entries.unkeyed.keyOf), entries.unkeyed.result);
            entries.unkeyed = undefined;
        }
        const key = this.made(keyOf);
        return { known: byKey.get(key), key };
    }

    /** A walk of a chain finished with `result`; `key` as `enter` gave it. */
    finished(chain: string, key: string | undefined, keyOf: () => string, result: T): void {
        const entries = this.chains.get(chain)!;
        // Still the only entry of its chain: its key waits for the next (there may be none).
        if (key === undefined && entries.entered === 1) entries.unkeyed = { keyOf, result };
        else (entries.byKey ??= new Map()).set(key ?? this.made(keyOf), result);
    }

    private made(keyOf: () => string): string {
        this.keysMade++;
        return keyOf();
    }
}
