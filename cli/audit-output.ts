import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { AuditReport } from '../language/audit/audit-plan.js';
import type { ConfigLocation } from '../language/audit/firewall-policy.js';
import { flowJson } from './commands/flows.js';
import { startLineOf } from '../language/parser/node-position.js';
import { auditSummary, clean, counted, flowLine, guardrailLine, where } from '../language/audit/audit-report-markdown.js';
export { auditMarkdown } from '../language/audit/audit-report-markdown.js';

/** `segplan audit` output: text for people, JSON for pipelines, SARIF for code scanning, Markdown for a ticket. */

function decided(location: ConfigLocation | undefined): { file: string; line: number; text: string } | null {
    return location && (location.line > 0 || location.text) ? { file: location.file, line: location.line, text: location.text } : null;
}

export function auditJson(report: AuditReport): string {
    return JSON.stringify({
        config: { kind: report.policyKind, hook: report.hook, host: report.host ?? null },
        flows: report.flows.map(f => ({ ...flowJson(f.result), verdict: f.verdict, decidedBy: decided(f.decidedBy), ...(f.why ? { why: f.why } : {}) })),
        overPermit: report.overPermit.map(o => ({
            source: o.sourceZone, destination: o.destinationZone, protocol: o.protocol, ports: o.ports,
            sourceAddresses: o.sources, destinationAddresses: o.destinations, broad: o.broad, decidedBy: decided(o.decidedBy)
        })),
        expired: report.expired.map(e => ({ rule: e.rule.node.$cstNode?.text.replace(/\s+/g, ' ') ?? '', until: e.until, decidedBy: decided(e.decidedBy) })),
        guardrailViolated: report.guardrails.map(g => ({
            deny: { line: startLineOf(g.deny.node) + 1, text: g.deny.node.$cstNode?.text.replace(/\s+/g, ' ') ?? '', guardrail: g.deny.guardrail?.id ?? null },
            protocol: g.protocol, ports: g.ports, sourceAddresses: g.sources, destinationAddresses: g.destinations, decidedBy: decided(g.decidedBy)
        })),
        unevaluated: report.unevaluated.map(u => ({ line: u.line, text: u.text, why: u.why })),
        warnings: report.warnings.map(w => ({ line: w.line, text: w.text, why: w.why }))
    }, null, 2) + '\n';
}

export function auditText(report: AuditReport, configFile: string): string {
    const lines: string[] = [];
    const c = counted(report);
    lines.push(`${configFile} (${report.policyKind}, ${report.hook === 'input' ? `host firewall of ${report.host}` : 'zone firewall'}): ${auditSummary(report)}`);
    for (const g of report.guardrails) lines.push(`guardrail-violated ${clean(guardrailLine(g))}  [${where(g.decidedBy)}]`);
    for (const f of c.flows.filter(x => x.verdict !== 'allowed')) {
        lines.push(`${f.verdict.padEnd(8)} ${clean(flowLine(f))}  ${clean(f.result.flow.purpose)}${f.decidedBy ? `  [${where(f.decidedBy)}]` : ''}${f.why ? ` (${clean(f.why)})` : ''}`);
    }
    for (const o of report.overPermit) {
        lines.push(`over-permit ${o.sourceZone} -> ${o.destinationZone} ${o.protocol} ${o.ports}${o.broad ? ' (broad)' : ''}  [${where(o.decidedBy)}]`);
    }
    for (const e of report.expired) {
        lines.push(`expired  ${clean(e.rule.node.$cstNode?.text.replace(/\s+/g, ' ') ?? '')} (until ${e.until}) is still open  [${where(e.decidedBy)}]`);
    }
    for (const u of report.unevaluated) lines.push(`unevaluated ${configFile}:${u.line}: ${clean(u.text)} (${clean(u.why)})`);
    for (const w of report.warnings) lines.push(`warning ${configFile}:${w.line}: ${clean(w.text)} (${clean(w.why)})`);
    return lines.join('\n') + '\n';
}

function artifact(file: string) {
    return path.isAbsolute(file) ? { uri: pathToFileURL(file).href } : { uri: file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function auditSarif(report: AuditReport, planFile: string, configFile: string): string {
    const results: object[] = [];
    const configLocation = (l: ConfigLocation | undefined) => l && l.line > 0
        ? [{ physicalLocation: { artifactLocation: artifact(configFile), region: { startLine: l.line } } }] : [];
    const planLocation = (node: { $cstNode?: { range: { start: { line: number; character: number } } } }) => {
        const start = node.$cstNode?.range.start;
        return start ? [{ physicalLocation: { artifactLocation: artifact(planFile), region: { startLine: start.line + 1, startColumn: start.character + 1 } } }] : [];
    };
    for (const f of report.flows.filter(x => x.counts && x.verdict !== 'allowed')) {
        results.push({
            ruleId: `flow-${f.verdict}`, level: f.verdict === 'unknown' ? 'note' : 'error',
            message: { text: `${flowLine(f)} (${f.result.flow.purpose}) is ${f.verdict} by the configuration${f.why ? `: ${f.why}` : ''}` },
            locations: [...configLocation(f.decidedBy), ...planLocation(f.result.flow.source.node)]
        });
    }
    for (const o of report.overPermit) {
        results.push({
            ruleId: 'over-permit', level: 'warning',
            message: { text: `The configuration allows ${o.sourceZone} -> ${o.destinationZone} ${o.protocol} ${o.ports}, which no allow rule of the plan allows${o.broad ? ' (broad rule)' : ''}.` },
            locations: configLocation(o.decidedBy)
        });
    }
    for (const g of report.guardrails) {
        results.push({
            ruleId: 'guardrail-violated', level: 'error',
            message: { text: `${guardrailLine(g)}.` },
            locations: [...configLocation(g.decidedBy), ...planLocation(g.deny.node)]
        });
    }
    for (const e of report.expired) {
        results.push({
            ruleId: 'expired-still-open', level: 'error',
            message: { text: `A temporary plan rule expired on ${e.until} but the configuration still allows it.` },
            locations: [...configLocation(e.decidedBy), ...planLocation(e.rule.node)]
        });
    }
    return JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0',
        runs: [{ tool: { driver: { name: 'segplan audit', rules: [] } }, results }]
    }, null, 2) + '\n';
}
