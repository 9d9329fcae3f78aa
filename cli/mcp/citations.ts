import { formatCitation } from '../../language/analysis/finding.js';
import type { Catalog, CatalogCitation } from '../../language/catalog/catalog-model.js';

/** A citation as structured content: the words a message uses, and the document, section and row they name. */
export function citationJson(c: CatalogCitation) {
    return {
        text: formatCitation(c),
        document: c.document?.title ?? null,
        publisher: c.document?.publisher ?? null,
        edition: c.document?.edition ?? null,
        url: c.document?.url ?? null,
        file: c.file,
        section: c.section,
        row: c.row ?? null,
        quote: c.quote ?? null
    };
}

export type CitationJson = ReturnType<typeof citationJson>;

/** Each citation once, in the order given. */
export function citationsJson(citations: readonly CatalogCitation[]): CitationJson[] {
    const seen = new Map<string, CitationJson>();
    for (const c of citations) {
        const json = citationJson(c);
        if (!seen.has(json.text)) seen.set(json.text, json);
    }
    return [...seen.values()];
}

/**
 * The citations a finding's message makes, structured. Every finding SegPlan writes cites in
 * `formatCitation`'s words (`Title, "Section" row N`): the catalog's own citations are found
 * by their exact words; a vendor check may cite another section of a catalog's document, found by
 * the document's title (or the file a citation names directly) and read in those words.
 */
export class MessageCitations {
    private readonly known = new Map<string, CatalogCitation>();
    private readonly documents = new Map<string, CatalogCitation>();

    constructor(catalog: Catalog) {
        const all = [
            ...catalog.flows.flatMap(f => f.sources), ...[...catalog.guardrails.values()].flatMap(g => g.sources), ...catalog.notRequiredPorts.flatMap(n => n.sources)
        ];
        for (const c of all) {
            this.known.set(formatCitation(c), c);
            this.documents.set(c.document?.title ?? c.file, c);
        }
        for (const d of catalog.documents.values()) this.documents.set(d.title, { file: d.seed ?? d.id, section: '', document: d });
    }

    /** The citations in `message`, in the order they appear, each once. */
    in(message: string): CitationJson[] {
        const found: { at: number; citation: CatalogCitation }[] = [];
        const taken: [number, number][] = [];
        const overlaps = (at: number, end: number) => taken.some(([s, e]) => at < e && s < end);
        // The longest known words first: `… row 12` before `…` without the row.
        for (const [words, c] of [...this.known].sort((a, b) => b[0].length - a[0].length)) {
            for (let at = message.indexOf(words); at >= 0; at = message.indexOf(words, at + 1)) {
                const end = at + words.length;
                // `row 1` is not the start of `row 12`.
                if (overlaps(at, end) || /^\d/.test(message.slice(end))) continue;
                taken.push([at, end]);
                found.push({ at, citation: c });
            }
        }
        for (const [name, like] of this.documents) {
            const head = `${name}, "`;
            for (let at = message.indexOf(head); at >= 0; at = message.indexOf(head, at + 1)) {
                if (overlaps(at, at + head.length)) continue;
                const close = message.indexOf('"', at + head.length);
                if (close < 0) continue;
                const row = /^ row (\d+)/.exec(message.slice(close + 1));
                const section = message.slice(at + head.length, close);
                taken.push([at, close + 1 + (row?.[0].length ?? 0)]);
                found.push({ at, citation: { file: like.file, document: like.document, section, row: row ? Number(row[1]) : undefined } });
            }
        }
        return citationsJson(found.sort((a, b) => a.at - b.at).map(f => f.citation));
    }
}
