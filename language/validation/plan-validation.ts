import { AstUtils, type AstNode, type DiagnosticInfo, type LangiumDocument, type ValidationAcceptor } from 'langium';
import { DiagnosticTag, type Diagnostic, type Location, type Range } from 'vscode-languageserver-types';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { SEVERITY_RANK, withSeverity, type Finding, type FindingSeverity } from '../analysis/finding.js';
import { FindingWrittenWhenRead } from '../analysis/finding-written-when-read.js';
import { innerList } from '../utils/inner-map.js';

function positionKey(finding: Finding): string {
    const range = finding.node.$cstNode?.range;
    return `${finding.code}\u0000${finding.message}\u0000${range?.start.line}:${range?.start.character}\u0000${finding.property ?? ''}\u0000${finding.index ?? ''}`;
}

/**
 * What a file reports of the plan analyses: the findings about its own elements, from the plan it
 * is (if it is one) and from every plan that includes it — so a finding shows in the file it is
 * about, wherever the plan is. A fragment two plans include reports a finding they share once.
 */
export function planFindingsFor(
    document: LangiumDocument, analyzer: PlanAnalyzer, severityOf: (finding: Finding) => FindingSeverity | undefined
): Finding[] {
    const own = document.uri.toString();
    const plans = analyzer.plansIncluding(document);
    const seen = new Set<string>();
    const result: Finding[] = [];
    for (const plan of plans) {
        const found = analyzer.analysis(plan).views.findingsByFile.get(own) ?? [];
        // An indexed loop: once per finding (tens of thousands), where each for…of step allocates.
        for (let i = 0; i < found.length; i++) {
            const analysed = found[i];
            // The user's severity settings apply here, in the editor's view; the analysis stays as it is.
            const severity = severityOf(analysed);
            if (!severity) continue;
            if (plans.length > 1) {
                const key = positionKey(analysed);
                if (seen.has(key)) continue;
                seen.add(key);
            }
            result.push(severity === analysed.severity ? analysed : withSeverity(analysed, severity));
        }
    }
    return result;
}

/**
 * Whether a file would report the same plan findings as before (see SegplanDocumentBuilder): the
 * same objects, or findings that say the same thing at the same place. Stops at the first
 * difference; a file whose findings are unchanged writes out each message once, to compare it.
 */
export function sameFindings(before: readonly Finding[], now: readonly Finding[]): boolean {
    if (before.length !== now.length) return false;
    for (let i = 0; i < now.length; i++) {
        const [a, b] = [before[i], now[i]];
        if (a !== b && !sameFinding(a, b)) return false;
    }
    return true;
}

/** The same kind of finding on the same part of its node: code, severity, property and index, marked unnecessary alike. */
function sameKindAndPart(a: Finding, b: Finding): boolean {
    return a.code === b.code && a.severity === b.severity && a.property === b.property && a.index === b.index && a.unnecessary === b.unnecessary;
}

function sameFinding(a: Finding, b: Finding): boolean {
    if (!sameKindAndPart(a, b)) return false;
    const [ra, rb] = [a.node.$cstNode?.range.start, b.node.$cstNode?.range.start];
    if (ra?.line !== rb?.line || ra?.character !== rb?.character) return false;
    // Written from the same facts: the same words, without writing the new one's.
    if (a instanceof FindingWrittenWhenRead && a.writtenAlikeAs(b)) return true;
    if (a.message !== b.message) return false;
    const [da, db] = [a.data, b.data];
    if (da !== db && JSON.stringify(da) !== JSON.stringify(db)) return false;
    const [rela, relb] = [a.related ?? [], b.related ?? []];
    return rela.length === relb.length && rela.every((r, i) => r.message === relb[i].message && r.node.$cstNode?.range.start.line === relb[i].node.$cstNode?.range.start.line
        && AstUtils.getDocument(r.node).uri.toString() === AstUtils.getDocument(relb[i].node).uri.toString());
}

export const FINDINGS_NOT_SHOWN = 'findings-not-shown';

/**
 * How many analysis findings one file publishes: an editor cannot show 100,000 diagnostics, and a
 * plan that produces them (a flat plan without a single rule) says the same thing over and over.
 * The rest are counted in one finding that keeps the highest severity among them.
 */
export const MAX_PUBLISHED_FINDINGS = 2000;

/**
 * The findings, each one written from the same facts as a finding reported before at the same
 * place (FindingWrittenWhenRead.writtenAlikeAs) replaced by that one: its words are written
 * already, and an edit elsewhere in a large file leaves most findings as they were.
 */
function alikeAsReported(reported: readonly Finding[] | undefined, findings: Finding[]): Finding[] {
    if (!reported || reported.length === 0) return findings;
    // Made when the first finding that is not the one reported at its place asks.
    let byNode: Map<AstNode, FindingWrittenWhenRead[]> | undefined;
    const reportedByNode = () => {
        const map = new Map<AstNode, FindingWrittenWhenRead[]>();
        for (let i = 0; i < reported.length; i++) {
            const before = reported[i];
            if (before instanceof FindingWrittenWhenRead) innerList(map, before.node).push(before);
        }
        return map;
    };
    // Indexed loops: once per finding (tens of thousands in a large file); most are the very finding reported at their place.
    for (let i = 0; i < findings.length; i++) {
        const now = findings[i];
        if (reported[i] === now || !(now instanceof FindingWrittenWhenRead)) continue;
        const candidates = (byNode ??= reportedByNode()).get(now.node);
        if (!candidates) continue;
        for (let k = 0; k < candidates.length; k++) {
            const b = candidates[k];
            if (b !== now && sameKindAndPart(b, now) && b.writtenAlikeAs(now)) {
                findings[i] = b;
                break;
            }
        }
    }
    return findings;
}

/** Reports the analysis findings about this file's elements (see planFindingsFor), at most MAX_PUBLISHED_FINDINGS of them. */
export function checkPlanFindings(
    document: LangiumDocument, analyzer: PlanAnalyzer, severityOf: (finding: Finding) => FindingSeverity | undefined, accept: ValidationAcceptor
): void {
    const findings = alikeAsReported(analyzer.reported(document), planFindingsFor(document, analyzer, severityOf));
    analyzer.recordReported(document, findings);
    if (findings.length <= MAX_PUBLISHED_FINDINGS) {
        for (const finding of findings) report(finding, accept);
        return;
    }
    // The most severe first, in plan order within a severity: each finding's severity is asked
    // once (a sort asked it at every comparison, of tens of thousands of findings).
    const bySeverity: Finding[][] = [[], [], [], []];
    // An indexed loop: once per finding (tens of thousands), where each for…of step allocates.
    for (let i = 0; i < findings.length; i++) bySeverity[SEVERITY_RANK[findings[i].severity]].push(findings[i]);
    // concat copies each list whole; flat() went element by element (a noticeable part of every edit of a large plan).
    const ordered = bySeverity[0].concat(bySeverity[1], bySeverity[2], bySeverity[3]);
    for (const finding of ordered.slice(0, MAX_PUBLISHED_FINDINGS)) report(finding, accept);
    const rest = ordered.slice(MAX_PUBLISHED_FINDINGS);
    // How many of each severity are not shown: what is left of each list once the shown ones are taken.
    let room = MAX_PUBLISHED_FINDINGS;
    const notShown = bySeverity.map(list => {
        const shown = Math.min(list.length, room);
        room -= shown;
        return list.length - shown;
    });
    const count = (severity: FindingSeverity) => notShown[SEVERITY_RANK[severity]];
    const worst = rest[0].severity;
    const root = document.parseResult.value;
    accept(worst, `${rest.length} more findings of this file are not shown (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} others): `
        + `an editor cannot list them all. \`segplan flows <plan>\` lists every required flow with its status.`, {
        node: root, code: FINDINGS_NOT_SHOWN, data: { code: FINDINGS_NOT_SHOWN, notShown: rest.length },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }
    } as never);
}

/**
 * A plan finding's place and the finding itself: the validator writes the rest of its diagnostic
 * (findingDetails), or takes the one it wrote for the same finding before when that one is still
 * where it belongs (SegplanDocumentValidator).
 */
function report(finding: Finding, accept: ValidationAcceptor): void {
    const info: DiagnosticInfo<AstNode, string> & PlanFindingInfo = {
        node: finding.node,
        property: finding.property,
        index: finding.index,
        code: finding.code,
        tags: finding.unnecessary ? UNNECESSARY : undefined,
        finding
    };
    accept(finding.severity, finding.message, info as never);
}

const UNNECESSARY = [DiagnosticTag.Unnecessary];

/** Diagnostic info that stands for a plan finding (report). */
export interface PlanFindingInfo {
    readonly finding: Finding;
}

/** The finding a diagnostic info stands for, if it is a plan finding's (report). */
export function planFindingOf(info: object): Finding | undefined {
    return (info as Partial<PlanFindingInfo>).finding;
}

/** What a finding's diagnostic says besides its message and place: its data and related information. */
export function findingDetails(finding: Finding): Pick<Diagnostic, 'data' | 'relatedInformation'> {
    return {
        data: { ...finding.data, code: finding.code },
        relatedInformation: finding.related?.flatMap(r => {
            const location = relatedLocation(r.node);
            return location ? [{ location, message: r.message }] : [];
        })
    };
}

/** Where related information about `node` points: its document and range, if it has a place. */
function relatedLocation(node: AstNode): Location | undefined {
    const range = node.$cstNode?.range;
    return range ? { uri: AstUtils.getDocument(node).uri.toString(), range } : undefined;
}

/**
 * Whether a diagnostic written for `finding` still gives the places of its related information
 * (a line moved by an edit moves them); the finding itself, and so what the diagnostic says of
 * it, does not change.
 */
export function relatedStillAt(finding: Finding, diagnostic: Diagnostic): boolean {
    const related = finding.related ?? [];
    const written = diagnostic.relatedInformation ?? [];
    let w = 0;
    for (let i = 0; i < related.length; i++) {
        const location = relatedLocation(related[i].node);
        if (!location) continue;
        const at = written[w++];
        if (!at || !sameRange(at.location.range, location.range) || at.location.uri !== location.uri) return false;
    }
    return w === written.length;
}

export function sameRange(a: Range, b: Range): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
