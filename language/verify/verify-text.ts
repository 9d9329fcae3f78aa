import type { ConfigLocation } from '../audit/firewall-policy.js';
import { portsText } from './compare-at.js';
import type { DatedDifference, DatedUnevaluable, VerifyResult } from './verify.js';

/** The words every front end (CLI, generate, editor) says a verify's findings in. */

export const VERIFIED = 'verified: allows exactly the plan';

export function whereText(l: ConfigLocation): string {
    const text = l.text.length > 160 ? `${l.text.slice(0, 157)}...` : l.text;
    return l.line > 0 ? `${l.file}:${l.line}: ${text}` : text ? `${l.file ? `${l.file}: ` : ''}${text}` : '';
}

/** The plan rule a difference is about: its name in the output and the plan lines it comes from. */
export function planRuleText(d: DatedDifference): string {
    if (!d.plan) return '';
    const origins = d.plan.rule.origins.map(o => `${o.file} line ${o.line}`).join(', ');
    return `rule ${d.plan.name}${origins ? ` (${origins})` : d.plan.rule.sameZone ? ' (a required flow inside the zone)' : ''}`;
}

function when(at: Date | undefined): string {
    return at ? ` at ${at.toISOString().replace('.000Z', 'Z')}` : '';
}

export function differenceText(d: DatedDifference): string {
    const traffic = `${d.protocol} ${d.sources.format()} -> ${d.destinations.format()} ${portsText(d.ports)}`;
    return d.kind === 'not-in-plan'
        ? `allowed but not in the plan${when(d.at)}: ${traffic}  [config ${whereText(d.config)}]`
        : `in the plan but not allowed${when(d.at)}: ${traffic}  [plan ${planRuleText(d)}; config ${whereText(d.config) || 'no rule accepts it'}]`;
}

export function unknownText(u: DatedUnevaluable): string {
    const where = whereText(u.config);
    return `cannot tell${when(u.at)}: ${u.why}${where ? `  [config ${where}]` : ''}`;
}

/**
 * What an equal proof may be called: verified, with the platform's reader that loaded the file
 * named; or, where that reader could not run, that it allows exactly the plan and why the load
 * was not checked (never "verified").
 */
export function equalWords(results: readonly Pick<VerifyResult, 'loading'>[]): string {
    const checks = results.flatMap(r => r.loading ?? []);
    const notRun = checks.find(c => c.outcome === 'not-run');
    if (notRun) return `allows exactly the plan, but it is not verified to load: ${notRun.detail}`;
    const tools = [...new Set(checks.map(c => c.tool))];
    return tools.length ? `${VERIFIED}, and ${tools.join(' and ')} ${tools.length > 1 ? 'load' : 'loads'} it` : VERIFIED;
}

/** One line for the whole result: verified, how many differences, or why it cannot tell. */
export function verdictLine(r: VerifyResult): string {
    const families = r.families.map(f => f === 'ipv4' ? 'IPv4' : 'IPv6').join(' and ') || 'no address family';
    const refused = r.loading?.find(l => l.outcome === 'refused');
    if (refused) return `${r.scope}: not verified: the device would not load it: ${refused.detail}`;
    if (r.verdict === 'equal') return `${r.scope}: ${equalWords([r])} (TCP and UDP, ${families}, at ${r.instants.length} instant(s) from now on)`;
    if (r.verdict === 'different') return `${r.scope}: not verified: ${r.differences.length} difference(s) from the plan`;
    return `${r.scope}: cannot be verified: ${r.unknown.length} thing(s) SegPlan cannot evaluate`;
}

/** The result as lines for a person: the verdict, each difference, each unknown, each note. */
export function resultLines(r: VerifyResult): string[] {
    return [verdictLine(r), ...r.differences.map(d => `  ${differenceText(d)}`), ...r.unknown.map(u => `  ${unknownText(u)}`), ...r.notes.map(n => `  note: ${n}`)];
}
