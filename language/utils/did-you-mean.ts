import { compareText } from './compare-text.js';

/**
 * The edit distance of a and b when it is at most `limit`, otherwise Infinity. Only the band of
 * cells within `limit` of the diagonal can stay within it, so the cost is length × limit, not
 * length² (a pasted 10,000-character name was checked against every candidate while typing).
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
    if (Math.abs(a.length - b.length) > limit) return Infinity;
    const width = b.length + 1;
    let previous = new Array<number>(width).fill(Infinity);
    let current = new Array<number>(width).fill(Infinity);
    for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
        const from = Math.max(1, i - limit), to = Math.min(b.length, i + limit);
        current.fill(Infinity, Math.max(0, from - 1), Math.min(width, to + 2));
        current[0] = i <= limit ? i : Infinity;
        let rowBest = current[0];
        for (let j = from; j <= to; j++) {
            const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            current[j] = value;
            if (value < rowBest) rowBest = value;
        }
        if (rowBest > limit) return Infinity;
        [previous, current] = [current, previous];
    }
    return previous[b.length] <= limit ? previous[b.length] : Infinity;
}

const MAX_TYPOS = 8;

/** Longer names get no suggestion: nobody mistypes a 200-character name. */
const MAX_COMPARED_LENGTH = 200;

/**
 * How far one word a candidate is known by is from what was typed (whole, or its part after the
 * last dot): its edit distance within `limit`, or 1 when it contains that part. A shortened name
 * (`Backup` for `BackupServer`) is offered; a longer, more specific one is not shortened to a name
 * it contains (`FileProxy` is no `Proxy`: that type brings flows the user did not mean). A word
 * that contains the part is 0 away only when it is what was typed, so no distance is worked out
 * for it; the part is worked out on its own only when it is not the whole (a name without a dot).
 */
function wordScore(wanted: string, wantedTail: string, word: string, limit: number): number {
    if (word.includes(wantedTail)) return word === wanted || word === wantedTail ? 0 : 1;
    const distance = editDistanceWithin(wanted, word, limit);
    return wantedTail === wanted ? distance : Math.min(distance, editDistanceWithin(wantedTail, word, limit));
}

/**
 * The candidates closest to what was typed, best first. Each candidate may carry extra words it is
 * known by (a component type's aliases, such as "VBR"), which match as well as its name does.
 */
export function didYouMean(typed: string, candidates: Iterable<{ name: string; aliases?: readonly string[] }>, max = 3): string[] {
    if (typed.length > MAX_COMPARED_LENGTH) return [];
    const wanted = typed.toLowerCase();
    const wantedTail = wanted.split('.').pop()!;
    const scored: { name: string; score: number }[] = [];
    // A third of the name may be mistyped, but never more than MAX_TYPOS characters: beyond that a
    // suggestion is a guess, and the limit bounds the work per candidate (this runs for every
    // unresolved reference while typing).
    const limit = Math.min(MAX_TYPOS, Math.max(2, Math.floor(wantedTail.length / 3)));
    for (const candidate of candidates) {
        const name = candidate.name.toLowerCase();
        let best = wordScore(wanted, wantedTail, name, limit);
        const dot = name.lastIndexOf('.');
        if (dot >= 0) best = Math.min(best, wordScore(wanted, wantedTail, name.slice(dot + 1), limit));
        const aliases = candidate.aliases ?? [];
        for (let a = 0; a < aliases.length; a++) best = Math.min(best, wordScore(wanted, wantedTail, aliases[a].toLowerCase(), limit));
        if (best <= limit) scored.push({ name: candidate.name, score: best });
    }
    return scored.sort((a, b) => a.score - b.score || compareText(a.name, b.name)).slice(0, max).map(s => s.name);
}
