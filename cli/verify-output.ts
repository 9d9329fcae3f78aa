import type { ConfigLocation } from '../language/audit/firewall-policy.js';
import { portsText } from '../language/verify/compare-at.js';
import type { VerifyResult } from '../language/verify/verify.js';
import { differenceText, resultLines, unknownText } from '../language/verify/verify-text.js';
import type { CliDiagnostic } from './diagnostics.js';
import { toSarif } from './sarif.js';
import { printable } from './terminal-text.js';

/** `segplan verify` output: text for people, JSON for pipelines, SARIF for code scanning. */

export function verifyText(result: VerifyResult, configFile: string): string {
    return `${printable(configFile)} (${result.scope})\n${resultLines(result).map(printable).join('\n')}\n`;
}

function located(l: ConfigLocation): { file: string; line: number; text: string } | null {
    return l.line > 0 || l.text ? { file: l.file, line: l.line, text: l.text } : null;
}

export function verifyJson(result: VerifyResult, configFile: string): string {
    return JSON.stringify({
        config: configFile, scope: result.scope, verdict: result.verdict,
        families: result.families, instants: result.instants.map(i => i.toISOString()),
        differences: result.differences.map(d => ({
            kind: d.kind, protocol: d.protocol, sources: d.sources.format(), destinations: d.destinations.format(), ports: portsText(d.ports),
            at: d.at?.toISOString() ?? null, config: located(d.config),
            plan: d.plan ? { rule: d.plan.name, origins: d.plan.rule.origins.map(o => ({ file: o.file, line: o.line })) } : null
        })),
        unknown: result.unknown.map(u => ({ why: u.why, at: u.at?.toISOString() ?? null, config: located(u.config) })),
        notes: result.notes
    }, null, 2) + '\n';
}

function at(file: string, line: number, code: string, severity: CliDiagnostic['severity'], message: string): CliDiagnostic {
    return { file, line: Math.max(line, 1), column: 1, endLine: Math.max(line, 1), endColumn: 1, severity, code, message };
}

/** Allowed-but-not-planned at the configuration's line, planned-but-not-allowed at the plan's rule, unknowns at their line. */
export function verifySarif(result: VerifyResult, planFile: string, version: string): string {
    const diagnostics: CliDiagnostic[] = [];
    for (const d of result.differences) {
        const origin = d.plan?.rule.origins[0];
        if (d.kind === 'not-allowed' && origin) diagnostics.push(at(planFile, origin.line, 'verify-not-allowed', 'error', differenceText(d)));
        else diagnostics.push(at(d.config.file || planFile, d.config.line, `verify-${d.kind}`, 'error', differenceText(d)));
    }
    for (const u of result.unknown) diagnostics.push(at(u.config.file || planFile, u.config.line, 'verify-unknown', 'warning', unknownText(u)));
    return JSON.stringify(toSarif(diagnostics, version), null, 2) + '\n';
}
