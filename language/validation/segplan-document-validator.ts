import {
    AstUtils, Cancellation, DefaultDocumentValidator, DocumentValidator, getDiagnosticRange, interruptAndCheck, isOperationCancelled, OperationCancelled, toDiagnosticSeverity,
    type AstNode, type DiagnosticInfo, type MaybePromise, type LangiumDocument, type ParseResult, type ValidationAcceptor, type ValidationCheck, type ValidationOptions
} from 'langium';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { IToken } from 'chevrotain';
import { isSegplanDocument, isVendor } from '../generated/ast.js';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import { didYouMean } from '../utils/did-you-mean.js';
import { childrenOf, walkAst } from '../utils/ast-walk.js';
import { PlanTooLargeError } from '../analysis/analysis-budget.js';
import { INPUT_TOO_LARGE } from '../workspace/input-limits.js';
import { unparsedReason } from '../workspace/segplan-document-factory.js';
import { documentNodes } from '../parser/document-nodes.js';
import { applySuppressions, type SuppressedFinding } from './suppressions.js';
import { withCodeDescription } from './finding-documentation.js';
import { endsTooEarly, NOT_UNDERSTOOD } from '../parser/segplan-parser-messages.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../analysis/flow-findings.js';
import { StatementValidationCache } from './statement-validation-cache.js';
import { placeOf, ruleHeadPlace } from './diagnostic-place.js';
import type { SegplanValidationRegistry } from './segplan-validation-registry.js';
import { findingDetails, planFindingOf, planFindingsFor, relatedStillAt, sameFindings, sameRange } from './plan-validation.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import type { Finding } from '../analysis/finding.js';

export const UNKNOWN_COMPONENT_TYPE = 'unknown-component-type';
export const UNKNOWN_NAME = 'unknown-name';
/** SegPlan itself failed while checking: the document is NOT known to be clean. */
export const INTERNAL_ERROR = 'internal-error';
/** The plan is beyond the analysis budget: stopped with a message, NOT clean. */
export const PLAN_TOO_LARGE = 'plan-too-large';
/** The file could not be read from disk (deleted or unreadable after the editor reported it): NOT clean. */
export const UNREADABLE_FILE = 'unreadable-file';
/** Diagnostics that mean "not checked": the CLI exits 2 and no rules are generated, whatever --force says. */
export const NOT_CHECKED_CODES: ReadonlySet<string> = new Set([INTERNAL_ERROR, PLAN_TOO_LARGE, INPUT_TOO_LARGE, UNREADABLE_FILE]);

/** The first line of a document, where a finding about the whole file is shown. */
const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** Findings that name the required flows the coverage summary and the inlay hints count as not allowed. */
const COUNTED_FLOW_CODES: ReadonlySet<string> = new Set([MISSING_FLOW, PARTIAL_FLOW]);

function codeOf(d: Diagnostic): string {
    return String((d.data as { code?: string } | undefined)?.code ?? d.code ?? '');
}

/** Appends without spreading: a spread of a very long list overflows the stack. */
function append<T>(target: T[], items: readonly T[]): void {
    for (const item of items) target.push(item);
}

const WHAT_BY_PROPERTY: Record<string, string> = {
    'Instance.type': 'component type',
    'FlowEndpoint.type': 'component type',
    'ComponentType.supertypes': 'component type',
    'Instance.zone': 'zone',
    'Site.zones': 'zone',
    'RuleEndpoint.target': 'zone or component',
    'PortOverride.instances': 'component',
    'PortOverride.setting': 'port setting',
    'PortItem.setting': 'port setting',
    'UseFeature.feature': 'feature',
    'Flow.features': 'feature',
    'SitePair.from': 'site',
    'SitePair.to': 'site',
    'Instance.platform': 'platform',
    'FlowEndpoint.platforms': 'platform'
};

/** Langium's choice of which nodes to check: every node, and the nodes below it. */
const LANGIUMS_NODE_OPTIONS = (DefaultDocumentValidator.prototype as unknown as Record<string, unknown>).validateSingleNodeOptions;

/**
 * Rewrites Langium's generic "Could not resolve reference" into words an engineer understands,
 * with a did-you-mean drawn from what is in scope (component types also match on their aliases,
 * so `VBR` suggests `veeam.BackupServer`).
 */
export class SegplanDocumentValidator extends DefaultDocumentValidator {
    private readonly services: SegplanCoreServices;

    /** Whether `document` would now show other plan findings than it last reported (the builder's re-check). */
    planFindingsChanged(document: LangiumDocument, analyzer: PlanAnalyzer, reported: readonly Finding[]): boolean {
        return !sameFindings(reported, planFindingsFor(document, analyzer, this.services.settings.FindingSeverities.severitiesIn(document.uri)));
    }

    /** What each plan statement's checks reported, to replay after an edit; none when documents are built once (the CLI). */
    private readonly statements?: StatementValidationCache;

    /** The diagnostic written for each plan finding reported, to keep while it stays where it is; none when documents are built once. */
    private readonly findingDiagnostics?: WeakMap<Finding, Diagnostic>;

    /** Plan findings' diagnostics written and kept from the validation before (counted, never timed). */
    readonly work = { findingDiagnosticsWritten: 0, findingDiagnosticsKept: 0 };

    /** What the last validation of each document silenced with `segplan-ignore` comments. */
    private readonly silenced = new WeakMap<LangiumDocument, readonly SuppressedFinding[]>();

    constructor(services: SegplanCoreServices, options: { keepReports: boolean } = { keepReports: true }) {
        super(services);
        this.services = services;
        if (options.keepReports) {
            this.statements = new StatementValidationCache();
            this.findingDiagnostics = new WeakMap();
        }
    }

    /** A diagnostic about a property is placed at its tokens, found once per node (see placeOf). */
    protected override toDiagnostic<N extends AstNode>(severity: Parameters<ValidationAcceptor>[0], message: string, info: DiagnosticInfo<N, string>): Diagnostic {
        const finding = planFindingOf(info);
        if (finding) return this.findingDiagnostic(severity, message, info, finding);
        const range = this.placeFor(info);
        return super.toDiagnostic(severity, message, range ? { ...info, range } : info);
    }

    /** Where a diagnostic goes when its info does not say (undefined: where Langium puts it). */
    private placeFor<N extends AstNode>(info: DiagnosticInfo<N, string>): Range | undefined {
        if (info.range) return undefined;
        if (typeof info.property === 'string' && info.node.$cstNode) {
            const place = placeOf(info.node, info.property, info.index);
            if (place) return place.range;
        }
        // A finding about a whole rule stands on its head (see ruleHeadPlace); one that fades the rule as unneeded covers all of it.
        if (info.property === undefined && !info.tags?.includes(DiagnosticTag.Unnecessary)) return ruleHeadPlace(info.node);
        return undefined;
    }

    /**
     * A plan finding's diagnostic. After an edit, most findings are the very objects reported
     * before (the analysis keeps them, and the validation takes the one reported at the same place:
     * plan-validation.ts), and a finding does not change once made: its diagnostic is the one
     * written before while it is still where it belongs — its place and the places of its related
     * information the same. Otherwise it is written anew, its documentation link with it. The
     * editor re-validates a large plan at every edit, and writing a few thousand diagnostics again
     * (their data and related information copied) was a large part of that.
     */
    private findingDiagnostic<N extends AstNode>(severity: Parameters<ValidationAcceptor>[0], message: string, info: DiagnosticInfo<N, string>, finding: Finding): Diagnostic {
        const range = this.placeFor(info) ?? getDiagnosticRange(info);
        const written = this.findingDiagnostics?.get(finding);
        if (written && written.message === message && written.severity === toDiagnosticSeverity(severity) && sameRange(written.range, range) && relatedStillAt(finding, written)) {
            this.work.findingDiagnosticsKept++;
            return written;
        }
        this.work.findingDiagnosticsWritten++;
        const diagnostic = withCodeDescription(super.toDiagnostic(severity, message, { ...info, ...findingDetails(finding), range }));
        this.findingDiagnostics?.set(finding, diagnostic);
        return diagnostic;
    }

    /**
     * The walk over every node (walkNodes), except that a plan statement whose checks would read exactly
     * what they read last time reports what it reported then (see StatementValidationCache): after
     * a one-line edit only the statements it touched are checked again. Same nodes, same order.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken?: Parameters<DefaultDocumentValidator['validateAstNodes']>[3]): Promise<void> {
        if (this.profiler?.isActive('validating')) return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        const token = cancelToken ?? Cancellation.CancellationToken.None;
        const checksOf = this.checksByType(options);
        const statementCache = this.statements;
        // One count of nodes for the whole validation: statements have a few nodes each, and the
        // event loop must still get its turn every few dozen nodes (a new edit cancels this build).
        const walk: WalkState = { sinceYield: 0 };
        if (!isSegplanDocument(rootNode) || !statementCache) return await this.walkNodes(rootNode, options, checksOf, acceptor, token, walk);
        await interruptAndCheck(token);
        for (const check of checksOf(rootNode.$type)) await check(rootNode, acceptor, token);
        const context = `${(this.validationRegistry as SegplanValidationRegistry).checkedCategories(options.categories)}|${new Date().toISOString().slice(0, 10)}`;
        let catalog: unknown;
        try {
            catalog = this.services.analysis.PlanAnalyzer.catalog();
        } catch {
            catalog = {}; // nothing is replayed; the checks that read the catalog say what is wrong
        }
        const children = childrenOf(rootNode);
        for (let i = 0; i < children.length; i++) {
            const child = children[i];
            if (!StatementValidationCache.keeps(child)) {
                const pending = this.walkNodes(child, options, checksOf, acceptor, token, walk);
                if (pending) await pending;
            } else if (!statementCache.replay(child, context, catalog, acceptor)) {
                const pending = statementCache.record(child, context, catalog, acceptor, accept => this.walkNodes(child, options, checksOf, accept, token, walk));
                if (pending) await pending;
            }
        }
    }

    /**
     * On a line the parser could not read, only the syntax error is worth reading: what the
     * parser's recovery made of the rest of that line produces confusing follow-up errors. A
     * required flow the rules leave blocked stays: the coverage summary and the inlay hints count
     * it, so a finding must name it, wherever it is shown.
     */
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: Parameters<DefaultDocumentValidator['validateDocument']>[2]): Promise<Diagnostic[]> {
        const diagnostics = await this.validateWithoutSwallowing(document, options ?? {}, cancelToken);
        const syntaxCodes = new Set([DocumentValidator.LexingError, DocumentValidator.ParsingError]);
        const isSyntax = (d: Diagnostic) => syntaxCodes.has((d.data as { code?: string } | undefined)?.code ?? '');
        const brokenLines = new Set(diagnostics.filter(isSyntax).map(d => d.range.start.line));
        const readable = brokenLines.size === 0 ? diagnostics
            : diagnostics.filter(d => isSyntax(d) || COUNTED_FLOW_CODES.has(codeOf(d)) || !brokenLines.has(d.range.start.line));
        const { kept, silenced } = applySuppressions(document, readable);
        if (silenced.length > 0) this.silenced.set(document, silenced); else this.silenced.delete(document);
        // Every finding's code links to its documentation (one gate for all of them).
        return kept.map(withCodeDescription);
    }

    /** What the last validation of a document silenced (`segplan check --suppressed` lists it). */
    suppressedFindings(document: LangiumDocument): readonly SuppressedFinding[] {
        return this.silenced.get(document) ?? [];
    }

    /**
     * Langium's validateDocument, except that a failure inside a check is not logged and dropped
     * (which left only syntax errors and made a broken plan look clean): it becomes an error on the
     * document that says the plan could not be checked. Cancellation still cancels.
     */
    private async validateWithoutSwallowing(document: LangiumDocument, options: ValidationOptions, cancelToken: Parameters<DefaultDocumentValidator['validateDocument']>[2]): Promise<Diagnostic[]> {
        const diagnostics: Diagnostic[] = [];
        const parseResult = document.parseResult;
        const unparsed = unparsedReason(parseResult.value);
        if (unparsed) {
            // The file was not parsed (too large, or the parser failed): that is the only finding, and an error.
            diagnostics.push({ range: FIRST_LINE, severity: DiagnosticSeverity.Error, code: unparsed.code, source: 'segplan', message: unparsed.message, data: { code: unparsed.code } });
            return diagnostics;
        }
        if (!options.categories || options.categories.includes('built-in')) {
            this.processLexingErrors(parseResult, diagnostics, options);
            this.processParsingErrors(parseResult, diagnostics, options);
            this.processLinkingErrors(document, diagnostics, options);
        }
        try {
            append(diagnostics, await this.validateAst(parseResult.value, options, cancelToken));
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            diagnostics.push(internalErrorDiagnostic(error));
        }
        return diagnostics;
    }

    /**
     * Langium's parser errors, each where the mistake is: when the parser wanted more of a
     * statement and found the start of a later line, at the end of the unfinished line (Langium
     * put it on the next line's first word, a line that may be fine).
     */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        // Langium makes one diagnostic per parser error, in their order.
        own.forEach((diagnostic, i) => {
            const error = parseResult.parserErrors[i] as (typeof parseResult.parserErrors)[number] & { previousToken?: IToken };
            const previous = error?.previousToken;
            if (previous && endsTooEarly(error.token, previous) && !error.message.startsWith(NOT_UNDERSTOOD)) {
                const end = { line: previous.endLine! - 1, character: previous.endColumn! };
                diagnostic.range = { start: end, end };
            }
            diagnostics.push(diagnostic);
        });
    }

    /** The checks of each node type for one validation, looked up once per type (not per node or statement). */
    private checksByType(options: ValidationOptions): (type: string) => readonly ValidationCheck[] {
        const byType = new Map<string, ValidationCheck[]>();
        return type => {
            let checks = byType.get(type);
            if (!checks) byType.set(type, checks = this.validationRegistry.getChecks(type, options.categories).toArray());
            return checks;
        };
    }

    /**
     * Langium's walk over a subtree, for a plan of tens of thousands of nodes: the nodes are listed
     * by ast-walk rather than a stream, and a check that finishes at once is not awaited. The walk
     * is synchronous until something must be awaited — a check that returns a promise, or the
     * event loop's turn in a build that can be cancelled — and returns undefined when nothing
     * was: an async walk awaited per statement cost promises and microtask turns 10,000 times in a
     * large plan. The checks run in the same order.
     */
    private walkNodes(
        rootNode: AstNode, options: ValidationOptions, checksOf: (type: string) => readonly ValidationCheck[],
        acceptor: ValidationAcceptor, cancelToken: Cancellation.CancellationToken, walk: WalkState
    ): Promise<void> | undefined {
        // Which nodes are checked and which subtrees are skipped depends on the node and the
        // options only (validateSingleNodeOptions), so the list can be made before any check runs.
        // Where every node is checked, the list the parser made of a whole document is that list.
        const listed = this.validateSingleNodeOptions === LANGIUMS_NODE_OPTIONS ? documentNodes(rootNode) : undefined;
        if (listed) return checkNodes({ nodes: listed, checksOf, acceptor, cancelToken, walk }, 0, 0);
        const nodes: AstNode[] = [];
        walkAst(rootNode, node => {
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) nodes.push(node);
            return nodeOptions.validateChildren;
        });
        return checkNodes({ nodes, checksOf, acceptor, cancelToken, walk }, 0, 0);
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        // Most plans have no unresolved name: an indexed look over their references (14,000 in a
        // 5,000-rule plan) replaces Langium's for…of and the filter below, which in cold code
        // allocated a result object per reference and asked each for its error twice.
        const references = document.references;
        const errors: typeof references = [];
        for (let r = 0; r < references.length; r++) if (references[r].error) errors.push(references[r]);
        if (errors.length === 0) return;
        const start = diagnostics.length;
        super.processLinkingErrors(document, diagnostics, options);
        // Many references can share one typo (a deleted zone that 1,000 components name): the
        // suggestions are worked out once per property, scope and text, not once per reference.
        const suggestionCache = new Map<string, string[]>();
        for (let i = start, e = 0; i < diagnostics.length && e < errors.length; i++, e++) {
            const reference = errors[e];
            const info = reference.error!.info;
            const key = `${info.container.$type}.${info.property}`;
            const what = WHAT_BY_PROPERTY[key] ?? 'name';
            const typed = reference.$refText;
            const vendor = AstUtils.getContainerOfType(info.container, isVendor)?.name ?? '';
            const cacheKey = `${key}|${vendor}|${typed}`;
            let suggestions = suggestionCache.get(cacheKey);
            if (!suggestions) {
                const scope = this.services.references.ScopeProvider.getScope(info);
                const catalog = this.services.analysis.PlanAnalyzer.catalog();
                // A type written with a vendor's prefix (`veeam.GatewayServer`) is one of that vendor's:
                // another vendor's type is never what was meant.
                const prefix = what === 'component type' && typed.includes('.') ? `${typed.split('.')[0]}.` : '';
                const ownVendor = prefix && [...catalog.types.keys()].some(id => id.startsWith(prefix));
                const candidates = scope.getAllElements().filter(d => !ownVendor || d.name.startsWith(prefix))
                    .map(d => ({ name: d.name, aliases: catalog.types.get(d.name)?.aliases })).toArray();
                suggestions = didYouMean(typed, candidates);
                suggestionCache.set(cacheKey, suggestions);
            }
            const hint = suggestions.length ? ` Did you mean ${suggestions.map(s => `'${s}'`).join(' or ')}?` : '';
            const where = what === 'component type' ? ' in the catalogs' : what === 'zone or component' || what === 'zone' || what === 'component' || what === 'site' ? ' in this plan or the files it imports' : '';
            const code = what === 'component type' ? UNKNOWN_COMPONENT_TYPE : UNKNOWN_NAME;
            // `tcp Infinity` lexes as a name: say what a port may be, not only that no setting has that name.
            const portHint = key === 'PortItem.setting' ? ' A port is a number from 1 to 65535, a range such as 2500-3300, or a vendor\'s port setting such as veeam.CloudConnectPort.' : '';
            const diagnostic = diagnostics[i];
            diagnostic.message = `Unknown ${what} '${typed}'${where}.${hint}${portHint}`;
            diagnostic.code = code;
            diagnostic.data = { ...(diagnostic.data as object), code, suggestions };
        }
    }
}

/** The error that stands for a check that failed: never a clean verdict. */
export function internalErrorDiagnostic(error: unknown): Diagnostic {
    if (error instanceof PlanTooLargeError) {
        return {
            range: FIRST_LINE, severity: DiagnosticSeverity.Error, code: PLAN_TOO_LARGE, source: 'segplan',
            message: `SegPlan stopped: ${error.message}. The plan's findings are incomplete: do not take it as clean.`,
            data: { code: PLAN_TOO_LARGE }
        };
    }
    const why = error instanceof RangeError && /call stack|memory/i.test(error.message) ? 'it is too large for the checker (' + error.message + ')'
        : error instanceof Error ? error.message : String(error);
    return {
        range: FIRST_LINE, severity: DiagnosticSeverity.Error, code: INTERNAL_ERROR, source: 'segplan',
        message: `SegPlan could not check this plan: ${why}. Its findings are incomplete: do not take it as clean. Please report this.`,
        data: { code: INTERNAL_ERROR }
    };
}

/** How many nodes are checked between two chances for the editor's other work to run (each node is checked for cancellation). */
const NODES_PER_YIELD = 64;

/** The nodes since the event loop last had its turn, over one validation. */
interface WalkState {
    sinceYield: number;
}

interface NodeWalk {
    readonly nodes: readonly AstNode[];
    readonly checksOf: (type: string) => readonly ValidationCheck[];
    readonly acceptor: ValidationAcceptor;
    readonly cancelToken: Cancellation.CancellationToken;
    readonly walk: WalkState;
}

/**
 * Runs the checks from check `c` of node `n` on, synchronously, until something must be awaited:
 * a check's promise, or — in a build that can be cancelled, which is looked at before every node
 * as Langium does — the event loop's turn every few dozen nodes (interruptAndCheck, which yields
 * only when its time slice is up). Then the rest runs after it; undefined when nothing was awaited.
 * Indexed loops: in code run for the first time, each step of a for…of allocates a result object.
 */
function checkNodes(run: NodeWalk, n: number, c: number): Promise<void> | undefined {
    const { nodes, checksOf, acceptor, cancelToken, walk } = run;
    // Read once: the name goes through the getters of a bundled CommonJS module, a call per read in cold code.
    const cancellable = cancelToken !== Cancellation.CancellationToken.None;
    for (; n < nodes.length; n++, c = 0) {
        const node = nodes[n];
        if (c === 0 && cancellable) {
            if (cancelToken.isCancellationRequested) throw OperationCancelled;
            if (++walk.sinceYield >= NODES_PER_YIELD) {
                walk.sinceYield = 0;
                return checkAfter(interruptAndCheck(cancelToken), run, n, 0);
            }
        }
        const checks = checksOf(node.$type);
        for (; c < checks.length; c++) {
            const pending = checks[c](node, acceptor, cancelToken);
            if (pending) return checkAfter(pending, run, n, c + 1);
        }
    }
    return undefined;
}

async function checkAfter(wait: MaybePromise<void>, run: NodeWalk, n: number, c: number): Promise<void> {
    await wait;
    const rest = checkNodes(run, n, c);
    if (rest) await rest;
}
