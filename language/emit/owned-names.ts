/**
 * What SegPlan has created on a device that keeps configuration between pastes (ASA, PAN-OS,
 * FortiGate), carried from version to version in comment lines at the end of each file.
 *
 * A version deletes what the earlier one created and it does not, so it must know every name that
 * may still be on the device. The earlier file alone is not enough: the file `-o` overwrites may
 * never have been pasted, and the version on the device then is an older one, whose leftovers the
 * earlier file already deleted (on paper). So each file lists every name it creates and every name
 * the file before it listed: what any version of the chain created. A version pasted over any
 * earlier one of its chain, pasted or not, then deletes every name of the chain it does not create;
 * a delete of a name the device does not have changes nothing. The list only grows.
 */

/** Names by kind (a rule, a service object …; what a kind is, is the target's business). */
export type OwnedNames = Map<string, Set<string>>;

const WORD = ' owned ';

export function addOwned(owned: OwnedNames, kind: string, name: string): void {
    let names = owned.get(kind);
    if (!names) owned.set(kind, names = new Set());
    names.add(name);
}

/** The names an earlier file lists, from its `<mark> owned <kind> <name>` lines, added to `into`. */
export function readOwned(text: string, mark: string, into: OwnedNames = new Map()): OwnedNames {
    const lead = `${mark}${WORD}`;
    for (const raw of text.split('\n')) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (!line.startsWith(lead)) continue;
        const rest = line.slice(lead.length), space = rest.indexOf(' ');
        if (space > 0 && space < rest.length - 1) addOwned(into, rest.slice(0, space), rest.slice(space + 1));
    }
    return into;
}

/**
 * The names an earlier file lists (see readOwned) and those its own lines create: a line matching
 * one of `creates` creates a name of that kind, spelt by the pattern's groups joined with a space.
 * A file from before the list was written has only the names its lines create.
 */
export function readCreated(text: string, mark: string, creates: readonly (readonly [RegExp, string])[]): OwnedNames {
    const found = readOwned(text, mark);
    for (const line of text.split(/\r?\n/)) {
        for (const [pattern, kind] of creates) {
            const m = pattern.exec(line);
            if (m) { addOwned(found, kind, m.slice(1).filter(group => group !== undefined).join(' ')); break; }
        }
    }
    return found;
}

/** The names of `earlier` not in `kept`: what the new version deletes. */
export function notKept(earlier: OwnedNames | undefined, kind: string, kept: Iterable<string>): string[] {
    const keep = new Set(kept);
    return [...earlier?.get(kind) ?? []].filter(n => !keep.has(n)).sort();
}

/**
 * The comment lines that carry `earlier` and this version's own names (`mine`) to the next version:
 * one name a line, sorted, so the same versions give the same bytes.
 */
export function ownedLines(mark: string, earlier: OwnedNames | undefined, mine: OwnedNames): string[] {
    const all: OwnedNames = new Map();
    for (const source of [earlier ?? new Map<string, Set<string>>(), mine]) {
        for (const [kind, names] of source) for (const name of names) addOwned(all, kind, name);
    }
    const lines = [
        `${mark} Every name SegPlan created in this version and the versions before it, pasted or not. The next`,
        `${mark} version reads them (from -o's file or --previous) and deletes those it does not create again.`
    ];
    for (const kind of [...all.keys()].sort()) {
        for (const name of [...all.get(kind)!].sort()) lines.push(`${mark}${WORD}${kind} ${name}`);
    }
    return lines;
}
