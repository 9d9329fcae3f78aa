import { sha256Hex } from '../utils/sha256.node.js';
import { formatPortRange } from '../network/ports.js';
import { cleanName, cleanText, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, expiryDay, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import type { HostRules, RuleSet, RuleSetRule } from './rule-set.js';

/**
 * Windows Defender Firewall: a PowerShell script with one `New-NetFirewallRule` per host rule of
 * each Windows host. The script takes the host's name in the plan (`-SegPlanHost vbr`), removes
 * the rules of its group from an earlier run, and creates them again, so it is safe to re-run.
 */

// Inside PowerShell single-quoted strings only `'` is special; it is not allowed through at all,
// and neither is `$`, backtick, `;` or anything else a shell could read.
const CLEAN: CleanOptions = { max: COMMENT_TEXT_MAX };

/**
 * PowerShell reads lines of any length; the script keeps them short for the people who read it:
 * a long list of addresses or ports runs over several lines of at most LIST_WIDTH characters
 * (PowerShell continues a line that ends in a comma inside `@( … )`). A host whose name in the
 * plan is longer than HOST_NAME_MAX has no script block (its name is what the script is run with).
 */
const MAX_LINE_LENGTH = 4096;
const LIST_WIDTH = 1500;
const HOST_NAME_MAX = 200;

/**
 * Why the plan's denies hold on a host whose firewall has rules SegPlan did not write: Windows
 * decides by action, not by order. "If conflicting rules match the same network traffic, the
 * actions determine the order of precedence. Allow-bypass rules take precedence over block rules,
 * and block rules take precedence over allow rules." ([MS-FASP] 2.2.34 FW_RULE_ACTION,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-fasp/702e3c23-c9d8-43db-8380-b4c670dd7f7d).
 * An allow-bypass rule is an authenticated (IPsec) rule set to override block rules.
 */
const BLOCK_RULES_WIN = [
    '# The plan\'s denies are Block rules: Windows Firewall lets a Block rule win over every Allow rule, whoever',
    '# made it, except an Allow rule for authenticated (IPsec) connections set to override Block rules',
    '# (-OverrideBlockRules; Microsoft [MS-FASP] 2.2.34 FW_RULE_ACTION). Such a rule of your own can reopen them.'
];

function quote(text: string): string {
    return `'${text}'`;
}

function list(values: readonly string[]): string {
    return `@(${piecesOf(values.map(quote), ', ', LIST_WIDTH).join(',\n            ')})`;
}

/**
 * A rule's lines inside its host's block (indented), appended to `out`: one list for the whole
 * script. A deny (`h` is `d`) is a Block rule.
 */
function ruleLines(host: HostRules, rule: RuleSetRule, group: string, warnings: string[], out: string[], h: 'h' | 'd' = 'h'): void {
    const where = `${host.host}.${h}-${rule.id}`;
    const sources = concreteSide(rule.sources, false, warnings, where);
    out.push(`    # ${cleanText(ruleSummary(rule, `${host.host}.${h}`), CLEAN)}`);
    for (const line of ruleNotes(rule, CLEAN)) out.push(`    # ${line}`);
    if (sources.length === 0) {
        warnings.push(skipNote(rule, 'no source with an IP address left', `${host.host}.${h}`));
        out.push('    # NOT EMITTED: no source with an IP address left');
        return;
    }
    const remote = sources.some(s => s.any) ? quote('Any') : list([...new Set(sources.flatMap(s => [...s.v4, ...s.v6]))]);
    // Exactly the host's addresses this rule reaches (a component inside another's range is not the whole range).
    const local = list([...new Set(rule.destinations.flatMap(d => [...d.v4, ...d.v6]))]);
    const name = cleanName(`SegPlan-${host.host}-${h}-${rule.id}`, 120).replace(/_/g, '-');
    const args = [
        `-Name ${quote(name)}`,
        `-DisplayName ${quote(cleanText(`SegPlan ${where} ${rule.protocol === 'any' ? 'any protocol' : rule.protocol} ${rule.allPorts ? 'all ports' : rule.ports.map(formatPortRange).join(' ')}`, { ...CLEAN, max: 200 }))}`,
        `-Description ${quote(cleanText(shortPurpose(rule), { ...CLEAN, max: 900 }))}`,
        `-Group $Group`,
        '-Direction Inbound', `-Action ${rule.denied ? 'Block' : 'Allow'}`, '-Profile Any', '-Enabled True',
        `-Protocol ${rule.protocol === 'any' ? 'Any' : rule.protocol.toUpperCase()}`,
        ...(rule.protocol !== 'any' && !rule.allPorts ? [`-LocalPort ${list(rule.ports.map(formatPortRange))}`] : []),
        `-LocalAddress ${local}`,
        `-RemoteAddress ${remote}`
    ];
    const command = `New-NetFirewallRule ${args.join(' ')} | Out-Null`;
    if (!rule.until) { out.push(`    ${command}`); return; }
    // Windows Firewall rules have no expiry: an expired rule is not created, and re-running the
    // script after the date removes it.
    const [y, m, d] = expiryDay(rule.until);
    // The same instant as on every target: the end of the until day in UTC, not the host's local time.
    out.push(`    if ([datetime]::UtcNow -lt [datetime]::new(${y}, ${m}, ${d}, 0, 0, 0, [DateTimeKind]::Utc)) {`, `        ${command}`, '    }');
}

export function windowsHosts(ruleSet: RuleSet): HostRules[] {
    return ruleSet.hosts.filter(h => h.os === 'windows' && h.host.length <= HOST_NAME_MAX);
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const hosts = windowsHosts(ruleSet);
    for (const h of ruleSet.hosts) {
        if (h.os === 'windows' && h.host.length > HOST_NAME_MAX) warnings.push(`Host ${cleanText(h.host, { max: 60 })}: its name is longer than the ${HOST_NAME_MAX} characters this script takes as -SegPlanHost: left out (give it a shorter name in the plan).`);
    }
    // Unique per plan, whatever its name: a digest of the full name and file, because the readable part
    // is cut to a length and stripped of wildcard characters, and two plans must never share a group.
    const identity = sha256Hex(`${ruleSet.planName}\u0000${ruleSet.planFile}`).slice(0, 10);
    const group = `${cleanText(`SegPlan ${ruleSet.planName || 'plan'}`, { ...CLEAN, max: 100 }).replace(/[*?[\]`]/g, '')} ${identity}`;
    const body: string[] = [];
    for (const host of hosts) {
        body.push('', `if ($SegPlanHost -eq ${quote(host.host)}) {`);
        if (host.denies.length) body.push(`    # The plan's denies to this host: Block rules, which win over every Allow rule (see above).`);
        for (const deny of host.denies) ruleLines(host, deny, group, warnings, body, 'd');
        for (const rule of host.rules) ruleLines(host, rule, group, warnings, body);
        body.push('}');
    }
    // The header needs the warnings the body gave, so it is made after it; the body is joined in, not spread.
    const head = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Run on each Windows host as administrator: .\\segplan-rules.ps1 -SegPlanHost <instance name in the plan>',
        '# Hosts whose OS the plan leaves open are in the Linux host targets; write os windows to have them here.',
        ...(hosts.some(h => h.denies.length) ? BLOCK_RULES_WIN : []),
        '#Requires -RunAsAdministrator',
        'param(',
        '    [Parameter(Mandatory = $true)]',
        `    [ValidateSet(${hosts.length ? piecesOf(hosts.map(h => quote(h.host)), ', ', LIST_WIDTH).join(',\n        ') : quote('none')})]`,
        '    [string] $SegPlanHost',
        ')',
        "$ErrorActionPreference = 'Stop'",
        `$Group = ${quote(group)}`,
        '# Safe to re-run: the rules of exactly this group (compared as text, never as a wildcard pattern)',
        '# from an earlier run are removed first.',
        'Get-NetFirewallRule -All | Where-Object { $_.Group -ceq $Group } | Remove-NetFirewallRule'
    ];
    const text = head.concat(body, ['']).join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const windowsFirewallEmitter: Emitter = {
    id: 'windows-firewall',
    label: 'Windows Defender Firewall (PowerShell)',
    detail: 'New-NetFirewallRule per Windows host: inbound, remote addresses, local ports; safe to re-run',
    languageId: 'powershell',
    fileSuffix: 'ps1',
    maxLineLength: MAX_LINE_LENGTH,
    readBack: { importer: 'windows-firewall', hosts: windowsHosts },
    emit
};
