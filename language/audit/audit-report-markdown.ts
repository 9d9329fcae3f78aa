import type { AuditReport, FlowAudit, GuardrailViolation } from './audit-plan.js';
import { startLineOf } from '../parser/node-position.js';
import type { ConfigLocation } from './firewall-policy.js';

/** The audit report as Markdown (a ticket, the editor's report) and the pieces the other formats share. */

/** One line of terminal text: no control character from a config or a plan reaches the terminal. */
export function clean(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export function where(location: ConfigLocation | undefined): string {
    if (!location) return '';
    return location.line > 0 ? `${location.file}:${location.line}: ${clean(location.text)}` : clean(location.text);
}

export function flowLine(f: FlowAudit): string {
    const flow = f.result.flow;
    return `${flow.source.name} -> ${flow.destination.name} ${flow.protocols.join('/')} ${flow.portText}`;
}

/** `guardrail-violated`: what a deny forbids and the configuration lets through, with the plan's deny line. */
export function guardrailLine(g: GuardrailViolation): string {
    const line = startLineOf(g.deny.node) + 1;
    const what = g.deny.guardrail ? `guardrail ${g.deny.guardrail.name} (line ${line})` : `the deny at line ${line}`;
    return `${g.sources} -> ${g.destinations} ${g.protocol} ${g.ports} is forbidden by ${what} but the configuration lets it through`;
}

export function counted(report: AuditReport) {
    const flows = report.flows.filter(f => f.counts);
    const count = (v: string) => flows.filter(f => f.verdict === v).length;
    /** Required flows this firewall never sees (inside one zone, or to another host): counted apart, never as allowed or unknown. */
    const notSeen = report.flows.filter(f => f.verdict === 'not-seen' && f.result.status !== 'not-required').length;
    return { flows, allowed: count('allowed'), blocked: count('blocked'), partial: count('partial'), unknown: count('unknown'), notSeen };
}

/**
 * The one summary of an audit, for the CLI, the Markdown report and the editor: every verdict
 * counted, a violated guardrail first, and the required flows this firewall never sees said apart
 * (a plan whose flows all stay inside their zones has nothing here to audit, never "0/0").
 */
export function auditSummary(report: AuditReport): string {
    const c = counted(report);
    const guardrails = report.guardrails.length ? `${report.guardrails.length} guardrail(s) violated; ` : '';
    const flows = c.flows.length === 0
        ? 'no required flow passes this firewall'
        : `${c.allowed}/${c.flows.length} required flows allowed, ${c.blocked} blocked, ${c.partial} partly, ${c.unknown} unknown`;
    const unseen = c.notSeen ? ` (${c.notSeen} more never pass it: they stay inside their zone or go to another host)` : '';
    return `${guardrails}${flows}${unseen}; ${report.overPermit.length} allowed beyond the plan; ${report.expired.length} expired rule(s) still open`
        + (guardrails ? '' : '; 0 guardrails violated');
}

/** Markdown text: the characters that would start markup are escaped. */
function md(text: string): string {
    return clean(text).replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

export function auditMarkdown(report: AuditReport, planName: string, configFile: string): string {
    const c = counted(report);
    const out: string[] = [`# Firewall audit: ${md(configFile)} against plan '${md(planName)}'`, '',
        `- Configuration: ${md(report.policyKind)}, ${report.hook === 'input' ? `host firewall of ${md(report.host ?? '')}` : 'zone firewall'}`,
        ...(report.guardrails.length ? [`- **Guardrails violated: ${report.guardrails.length}**`] : []),
        `- Required flows allowed: **${c.allowed}/${c.flows.length}**; blocked: **${c.blocked}**; partly: **${c.partial}**; unknown: **${c.unknown}**`
            + (c.notSeen ? `; never passing this firewall: ${c.notSeen}` : ''),
        `- Allowed beyond the plan: **${report.overPermit.length}**; expired plan rules still open: **${report.expired.length}**; guardrails violated: **${report.guardrails.length}**`, ''];
    if (report.guardrails.length) {
        out.push('## Guardrails violated (denied traffic the configuration lets through)', '', '| what | decided by |', '|---|---|');
        for (const g of report.guardrails) out.push(`| ${md(guardrailLine(g))} | ${md(where(g.decidedBy))} |`);
        out.push('');
    }
    const problems = c.flows.filter(f => f.verdict !== 'allowed');
    if (problems.length) {
        out.push('## Required flows not allowed', '', '| verdict | flow | purpose | decided by |', '|---|---|---|---|');
        for (const f of problems) out.push(`| ${f.verdict} | ${md(flowLine(f))} | ${md(f.result.flow.purpose)} | ${md(where(f.decidedBy) || f.why || '')} |`);
        out.push('');
    }
    if (report.overPermit.length) {
        out.push('## Allowed beyond the plan', '', '| from zone | to zone | protocol | ports | decided by |', '|---|---|---|---|---|');
        for (const o of report.overPermit) out.push(`| ${md(o.sourceZone)} | ${md(o.destinationZone)} | ${o.protocol} | ${md(o.ports)}${o.broad ? ' **(broad)**' : ''} | ${md(where(o.decidedBy))} |`);
        out.push('');
    }
    if (report.expired.length) {
        out.push('## Temporary plan rules still open after their date', '');
        for (const e of report.expired) out.push(`- ${md(e.rule.node.$cstNode?.text.replace(/\s+/g, ' ') ?? '')} (until ${e.until}): ${md(where(e.decidedBy))}`);
        out.push('');
    }
    if (report.unevaluated.length) {
        out.push('## Not evaluated', '');
        for (const u of report.unevaluated) out.push(`- line ${u.line}: \`${clean(u.text).replace(/`/g, "'")}\` — ${md(u.why)}`);
        out.push('');
    }
    if (report.warnings.length) {
        out.push('## Read as the platform reads it', '');
        for (const w of report.warnings) out.push(`- line ${w.line}: \`${clean(w.text).replace(/`/g, "'")}\` — ${md(w.why)}`);
        out.push('');
    }
    return out.join('\n');
}
