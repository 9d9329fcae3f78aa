import type { AstNode } from 'langium';
import type { CatalogCitation } from '../catalog/catalog-model.js';

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';

/** Something the analysis has to say about a plan, anchored at the plan element it is about. */
export interface Finding {
    readonly code: string;
    readonly severity: FindingSeverity;
    readonly message: string;
    readonly node: AstNode;
    readonly property?: string;
    readonly index?: number;
    /** Other places worth a look, such as the catalog flow a requirement comes from. */
    readonly related?: readonly { readonly node: AstNode; readonly message: string }[];
    /** `unnecessary` greys out what could be deleted. */
    readonly unnecessary?: boolean;
    /** Facts a quick fix needs (the flow, the ports), passed on with the diagnostic. */
    readonly data?: Record<string, unknown>;
}

/**
 * A citation as a reader finds it: the document's title (or, for a citation that names a file
 * directly, the file), the section and the table row — `Security and Hardening With Zerto,
 * "Hardening Recommendations"`.
 */
export function formatCitation(c: CatalogCitation): string {
    return `${citedName(c)}, "${c.section}"${c.row !== undefined ? ` row ${c.row}` : ''}`;
}

/** What a citation names: the declared document's title, or the file a citation names directly. */
export function citedName(c: CatalogCitation): string {
    return c.document?.title ?? c.file;
}

/** Requirements with the same catalog rows share their citation list: each is formatted once. */
const formatted = new WeakMap<readonly CatalogCitation[], string>();

export function formatCitations(citations: readonly CatalogCitation[]): string {
    let text = formatted.get(citations);
    if (text === undefined) formatted.set(citations, text = [...new Set(citations.map(formatCitation))].join('; '));
    return text;
}
