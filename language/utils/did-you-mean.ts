function editDistance(a: string, b: string): number {
    const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return previous[b.length];
}

/**
 * The candidates closest to what was typed, best first. Each candidate may carry extra words it is
 * known by (a component type's aliases, such as "VBR"), which match as well as its name does.
 */
/** Longer names are not compared: an edit distance costs the product of the lengths, and nobody mistypes a 200-character name. */
const MAX_COMPARED_LENGTH = 200;

export function didYouMean(typed: string, candidates: Iterable<{ name: string; aliases?: readonly string[] }>, max = 3): string[] {
    if (typed.length > MAX_COMPARED_LENGTH) return [];
    const wanted = typed.toLowerCase();
    const wantedTail = wanted.split('.').pop()!;
    const scored: { name: string; score: number }[] = [];
    const limit = Math.max(2, Math.floor(wantedTail.length / 3));
    // An edit distance is at least the difference in length: words too long or too short to come
    // within the limit are not measured (this runs for every unresolved reference while typing).
    const distanceWithin = (a: string, b: string) => Math.abs(a.length - b.length) > limit || b.length > MAX_COMPARED_LENGTH ? Infinity : editDistance(a, b);
    for (const candidate of candidates) {
        const words = [candidate.name, candidate.name.split('.').pop()!, ...(candidate.aliases ?? [])].map(w => w.toLowerCase());
        let best = Infinity;
        for (const word of words) {
            const distance = Math.min(distanceWithin(wanted, word), distanceWithin(wantedTail, word));
            const containment = word.includes(wantedTail) || wantedTail.includes(word) ? 1 : Infinity;
            best = Math.min(best, distance, containment);
        }
        if (best <= limit) scored.push({ name: candidate.name, score: best });
    }
    return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, max).map(s => s.name);
}
