import type { AstNode } from 'langium';
import type { Finding, FindingSeverity } from './finding.js';
import { keptWhole } from '../utils/kept-whole.js';

/** Related information or data not read yet. A symbol, not undefined: a writer may write none, and that is kept. */
const NOT_WRITTEN = Symbol('not written yet');

/**
 * A finding whose message, related information and quick-fix data are written when first read,
 * each once. A plan without sites can have 80,000 findings of which the editor shows the first
 * 2,000 (and the CLI what its filters keep): the others' messages, tens of megabytes of text, are
 * never written. What writes them is a subclass's: closures its maker hands over (withMessage),
 * or the facts a finding holds (a zone pair's blocked flows). What it writes is private: a copy
 * by spread takes only the facts, which is why findingFacts reads through the getters.
 */
export abstract class FindingWrittenWhenRead implements Finding {
    readonly code: string;
    readonly severity: FindingSeverity;
    readonly node: AstNode;
    readonly property?: string;
    readonly index?: number;
    readonly unnecessary?: boolean;
    readonly installOnly?: boolean;
    #message: string | undefined;
    #related: Finding['related'] | typeof NOT_WRITTEN = NOT_WRITTEN;
    #data: Finding['data'] | typeof NOT_WRITTEN = NOT_WRITTEN;

    /** Related information and data in `facts` are not read: the subclass writes them. */
    protected constructor(facts: Omit<Finding, 'message' | 'related' | 'data'>) {
        this.code = facts.code;
        this.severity = facts.severity;
        this.node = facts.node;
        this.property = facts.property;
        this.index = facts.index;
        this.unnecessary = facts.unnecessary;
        this.installOnly = facts.installOnly;
    }

    get message(): string {
        return this.#message ??= keptWhole(this.writeMessage());
    }

    get related(): Finding['related'] {
        if (this.#related === NOT_WRITTEN) this.#related = this.writeRelated();
        return this.#related;
    }

    get data(): Finding['data'] {
        if (this.#data === NOT_WRITTEN) this.#data = this.writeData();
        return this.#data;
    }

    /**
     * Whether `other` is written from the same facts as this one, so that its message, related
     * information and data are this one's without writing either: false when that cannot be told
     * without writing them (a maker's closures are new with each analysis).
     */
    writtenAlikeAs(_other: Finding): boolean {
        return false;
    }

    protected abstract writeMessage(): string;
    protected abstract writeRelated(): Finding['related'];
    protected abstract writeData(): Finding['data'];
}

/**
 * A finding whose message (and, where given, related information and data) its maker writes when
 * it is first read. Related information and data the maker knows already go in `finding`; a
 * writer given for one of them takes its place.
 */
export function withMessage(
    finding: Omit<Finding, 'message'>, message: () => string, related?: () => Finding['related'], data?: () => Finding['data']
): Finding {
    return new FindingOfWriters(finding, message, related, data);
}

/** Holds its maker's writers; for related information and data, the writer or what was given. */
class FindingOfWriters extends FindingWrittenWhenRead {
    readonly #messageWriter: () => string;
    // The writer or the value given, in one field each: two fields fewer in each of a large plan's findings.
    readonly #relatedOrWriter: (() => Finding['related']) | Finding['related'];
    readonly #dataOrWriter: (() => Finding['data']) | Finding['data'];

    constructor(finding: Omit<Finding, 'message'>, message: () => string, related?: () => Finding['related'], data?: () => Finding['data']) {
        super(finding);
        this.#messageWriter = message;
        this.#relatedOrWriter = related ?? finding.related;
        this.#dataOrWriter = data ?? finding.data;
    }

    protected writeMessage(): string {
        return this.#messageWriter();
    }

    protected writeRelated(): Finding['related'] {
        const related = this.#relatedOrWriter;
        return typeof related === 'function' ? related() : related;
    }

    protected writeData(): Finding['data'] {
        const data = this.#dataOrWriter;
        return typeof data === 'function' ? data() : data;
    }
}
