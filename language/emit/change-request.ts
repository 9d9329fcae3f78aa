import { formatInterval, parseAddress, type IpInterval } from '../model/addresses.js';
import { formatPorts } from '../model/ports.js';
import { cleanText, type CleanOptions } from './escape.js';
import { noteLines, planDescriptions, titleLines, type EmitOptions, type EmitResult, type Emitter } from './emitter.js';
import type { RuleSet, RuleSetEndpoint, RuleSetRule } from './rule-set.js';

/**
 * Change-request tables, one row per rule, for the people who review or enter the rules on a
 * platform SegPlan has no target for: CSV (for spreadsheets and ticket imports) and Markdown.
 * Host names are listed as they are; instances without an address are named with a note.
 */

const CLEAN: CleanOptions = { extra: /[';?$]/ };

export const CHANGE_REQUEST_COLUMNS = [
    'Rule', 'Source zone', 'Source', 'Source addresses', 'Destination zone', 'Destination', 'Destination addresses',
    'Protocol', 'Ports', 'Purpose', 'Vendor', 'Citation', 'Temporary until', 'Plan lines'
];

/**
 * Prefixes as a change request reads them: the CIDR blocks a range was split into (for targets
 * that take only prefixes) joined back into `10.50.0.100-10.50.0.120`; a block stays a CIDR.
 */
function readable(prefixes: readonly string[]): string[] {
    const intervals: { kind: 'ipv4' | 'ipv6'; interval: IpInterval }[] = [];
    for (const text of prefixes) {
        const parsed = parseAddress(text);
        if (!('block' in parsed) || parsed.block.kind === 'host') return [...prefixes];
        intervals.push({ kind: parsed.block.kind, interval: parsed.block.interval });
    }
    intervals.sort((a, b) => (a.kind === b.kind ? (a.interval.from < b.interval.from ? -1 : a.interval.from > b.interval.from ? 1 : 0) : a.kind < b.kind ? -1 : 1));
    const merged: typeof intervals = [];
    for (const next of intervals) {
        const last = merged.at(-1);
        if (last && last.kind === next.kind && next.interval.from <= last.interval.to + 1n) {
            last.interval = { from: last.interval.from, to: next.interval.to > last.interval.to ? next.interval.to : last.interval.to };
        } else merged.push({ kind: next.kind, interval: { ...next.interval } });
    }
    return merged.map(m => formatInterval(m.kind, m.interval));
}

function addresses(endpoints: readonly RuleSetEndpoint[]): string {
    const parts: string[] = [];
    for (const e of endpoints) {
        if (e.any) parts.push('any');
        parts.push(...readable(e.v4), ...readable(e.v6), ...e.hostNames);
        for (const name of e.unaddressed) parts.push(`(${name} has no address)`);
    }
    return [...new Set(parts)].join(' ');
}

function row(rule: RuleSetRule): string[] {
    const c = (text: string) => cleanText(text, CLEAN);
    return [
        `r${rule.number}`,
        c(rule.sourceZone), c(rule.sources.map(e => e.name).join(', ')), addresses(rule.sources),
        c(rule.destinationZone), c(rule.destinations.map(e => e.name).join(', ')), addresses(rule.destinations),
        rule.protocol, rule.protocol === 'any' ? 'all' : formatPorts(rule.ports),
        c([...rule.purposes, ...planDescriptions(rule).map(d => `plan: ${d}`)].join('; ') || 'no required flow uses this rule'),
        c(rule.vendors.join(', ')), c(rule.citations.join('; ')), rule.until ?? '',
        c(rule.origins.map(o => `${o.file}:${o.line}`).join(' '))
    ];
}

/** RFC 4180 quoting, and a leading `'` for cells a spreadsheet would read as a formula. */
function csvCell(text: string): string {
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
}

function emitCsv(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const comments = [...titleLines(ruleSet, this, CLEAN, options), ...noteLines(ruleSet, [], CLEAN)];
    // A comment line only when there is something to warn about: plain CSV readers see a clean table.
    const lines = options?.planErrors?.length ? comments.map(l => `# ${l}`) : [];
    lines.push(CHANGE_REQUEST_COLUMNS.map(csvCell).join(','));
    for (const rule of ruleSet.rules) lines.push(row(rule).map(csvCell).join(','));
    return { text: lines.join('\r\n') + '\r\n', warnings: [...ruleSet.notes] };
}

/** Markdown inline syntax is neutralised; `|` cannot occur after cleaning, but is escaped anyway. */
function mdCell(text: string): string {
    return text.replace(/([\\|*_[\]#])/g, '\\$1') || ' ';
}

function emitMarkdown(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const [title, ...rest] = titleLines(ruleSet, this, CLEAN, options);
    const lines = [`# ${mdCell(title)}`, '', ...rest.map(l => `> ${mdCell(l.trim())}`), ''];
    const notes = noteLines(ruleSet, [], CLEAN);
    if (notes.length) lines.push(...notes.map(l => l.startsWith('  - ') ? `- ${mdCell(l.slice(4))}` : mdCell(l)), '');
    lines.push(`| ${CHANGE_REQUEST_COLUMNS.join(' | ')} |`, `|${CHANGE_REQUEST_COLUMNS.map(() => '---').join('|')}|`);
    for (const rule of ruleSet.rules) lines.push(`| ${row(rule).map(mdCell).join(' | ')} |`);
    return { text: lines.join('\n') + '\n', warnings: [...ruleSet.notes] };
}

export const csvEmitter: Emitter = {
    id: 'csv',
    label: 'Change request (CSV)',
    detail: 'one row per rule: source, destination, protocol, ports, purpose, vendor, citation, temporary until',
    languageId: 'csv',
    fileSuffix: 'rules.csv',
    emit: emitCsv
};

export const markdownEmitter: Emitter = {
    id: 'markdown',
    label: 'Change request (Markdown)',
    detail: 'the same table as the CSV, for a ticket or a wiki page',
    languageId: 'markdown',
    fileSuffix: 'rules.md',
    emit: emitMarkdown
};
