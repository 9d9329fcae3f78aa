import { AstUtils, type LangiumDocument, type ValidationAcceptor } from 'langium';
import { DiagnosticTag } from 'vscode-languageserver-types';
import type { SegplanDocument } from '../generated/ast.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import type { Finding, FindingSeverity } from '../analysis/finding.js';

/**
 * Reports the analysis findings of a plan file at the plan elements they are about. A finding
 * about an element of an imported file is shown at the `import` that brings that file in.
 */
export function checkPlanFindings(
    document: LangiumDocument, analyzer: PlanAnalyzer, severityOf: (finding: Finding) => FindingSeverity | undefined, accept: ValidationAcceptor
): void {
    if (!analyzer.isPlan(document)) return;
    const root = document.parseResult.value as SegplanDocument;
    const analysis = analyzer.analysis(document);
    const own = document.uri.toString();
    for (const analysed of analysis.findings) {
        // The user's severity settings apply here, in the editor's view; the analysis stays as it is.
        const severity = severityOf(analysed);
        if (!severity) continue;
        const finding = severity === analysed.severity ? analysed : { ...analysed, severity };
        const home = AstUtils.getDocument(finding.node);
        if (home.uri.toString() === own) {
            report(finding, accept);
        } else {
            const file = home.uri.path.split('/').pop() ?? '';
            const imp = root.imports.find(i => i.path?.endsWith(file)) ?? root.imports[0];
            if (imp) report({ ...finding, node: imp, property: 'path', index: undefined, message: `In ${file}: ${finding.message}` }, accept);
        }
    }
}

function report(finding: Finding, accept: ValidationAcceptor): void {
    accept(finding.severity, finding.message, {
        node: finding.node,
        property: finding.property as never,
        index: finding.index,
        code: finding.code,
        data: { ...finding.data, code: finding.code },
        tags: finding.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
        relatedInformation: finding.related?.flatMap(r => {
            const range = r.node.$cstNode?.range;
            return range ? [{ location: { uri: AstUtils.getDocument(r.node).uri.toString(), range }, message: r.message }] : [];
        })
    });
}
