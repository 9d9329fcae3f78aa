import type { AstNode } from 'langium';
import type { CatalogCitation } from '../catalog/catalog-model.js';

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';

/** The severities, worse first: a lower rank is more severe. */
export const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

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
    /**
     * A missing or partly allowed flow needed only while installing or upgrading. A field of its
     * own, not read from `data`: the severity settings ask it of every finding, and `data` is
     * written when read.
     */
    readonly installOnly?: boolean;
}

/**
 * Everything a finding says but its message, read through its getters: a spread copies own fields
 * only, and would drop what a finding writes when read (a message, related information, data) or
 * reads from its flow (a missing flow's code, severity and install-only).
 */
export function findingFacts(finding: Finding): Omit<Finding, 'message'> {
    const { code, severity, node, property, index, related, unnecessary, data, installOnly } = finding;
    return { code, severity, node, property, index, related, unnecessary, data, installOnly };
}

/**
 * The same finding with another severity (a user setting). It reads everything else from the
 * finding when asked: a setting retunes every install-only flow of a file, of which the editor
 * shows 2,000, and copying them would write each one's message and quick-fix data.
 */
export function withSeverity(finding: Finding, severity: FindingSeverity): Finding {
    return new RetunedFinding(finding, severity);
}

class RetunedFinding implements Finding {
    readonly #finding: Finding;

    constructor(finding: Finding, readonly severity: FindingSeverity) {
        this.#finding = finding;
    }

    get code(): string { return this.#finding.code; }
    get message(): string { return this.#finding.message; }
    get node(): AstNode { return this.#finding.node; }
    get property(): string | undefined { return this.#finding.property; }
    get index(): number | undefined { return this.#finding.index; }
    get related(): Finding['related'] { return this.#finding.related; }
    get unnecessary(): boolean | undefined { return this.#finding.unnecessary; }
    get data(): Finding['data'] { return this.#finding.data; }
    get installOnly(): boolean | undefined { return this.#finding.installOnly; }
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

/**
 * The first citation and how many more: a line of a CI log stays readable (`segplan check` prints
 * it; `--verbose`, the JSON, SARIF and the editor give them all).
 */
export function briefCitations(citations: readonly CatalogCitation[]): string {
    const all = [...new Set(citations.map(formatCitation))];
    return all.length <= 1 ? all.join('') : `${all[0]} and ${all.length - 1} more`;
}

export function formatCitations(citations: readonly CatalogCitation[]): string {
    let text = formatted.get(citations);
    if (text === undefined) formatted.set(citations, text = [...new Set(citations.map(formatCitation))].join('; '));
    return text;
}
