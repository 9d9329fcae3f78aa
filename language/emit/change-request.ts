import { formatInterval, parseAddress, type IpInterval } from '../network/addresses.js';
import { formatPortRange, isAllPorts } from '../network/ports.js';
import { allowRuleText } from '../plan/rule-text.js';
import { cleanText, type CleanOptions } from './escape.js';
import { COMMENT_TEXT_MAX, noteLines, planDescriptions, titleLines, type EmitOptions, type EmitResult, type Emitter } from './emitter.js';
import { piecesOf } from './line-bounds.js';
import type { RuleSet, RuleSetEndpoint, RuleSetRule } from './rule-set.js';

/**
 * Change-request tables, one row per rule, for the people who review or enter the rules on a
 * platform SegPlan has no target for: CSV (for spreadsheets and ticket imports) and Markdown.
 * Host names are listed as they are; instances without an address are named with a note.
 */

const CLEAN: CleanOptions = { extra: /[';?$]/, max: COMMENT_TEXT_MAX };
/** The plan's rules as written keep their arrow (`allow vbr -> repo tcp 22`): a cell is quoted, `>` is plain text in it. */
const STATEMENT: CleanOptions = { ...CLEAN, extra: /[';?$>]/ };

/**
 * A row stays far below what spreadsheets take in one cell (32,767 characters in Excel and
 * LibreOffice) and what people can read in one table row. Text cells are cut at COMMENT_TEXT_MAX;
 * a rule whose addresses or ports fill more than LIST_WIDTH characters of one cell takes several
 * rows with the same rule number, each with a part of the list — together exactly the rule.
 */
const MAX_LINE_LENGTH = 32_000;
const LIST_WIDTH = 4000;

export const CHANGE_REQUEST_COLUMNS = [
    'Rule', 'Source zone', 'Source', 'Source addresses', 'Destination zone', 'Destination', 'Destination addresses',
    'Protocol', 'Ports', 'Purpose', 'Vendor', 'Citation', 'Temporary until', 'Plan rules'
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

/** The addresses of a rule side as cell texts: one, or several parts of LIST_WIDTH characters. */
function addresses(endpoints: readonly RuleSetEndpoint[]): string[] {
    const parts: string[] = [];
    for (const e of endpoints) {
        if (e.any) parts.push('any');
        parts.push(...readable(e.v4), ...readable(e.v6), ...e.hostNames);
        for (const name of e.unaddressed) parts.push(`(${cleanText(name, CLEAN)} has no address)`);
    }
    const pieces = piecesOf([...new Set(parts)], ' ', LIST_WIDTH);
    return pieces.length ? pieces : [''];
}

function ports(rule: RuleSetRule): string[] {
    if (rule.protocol === 'any') return ['all'];
    if (isAllPorts(rule.ports)) return ['all ports'];
    return piecesOf(rule.ports.map(formatPortRange), ', ', LIST_WIDTH);
}

/** A rule's rows: one, unless a list of addresses or ports is long (see LIST_WIDTH). */
function rows(rule: RuleSetRule): string[][] {
    const c = (text: string) => cleanText(text, CLEAN);
    const sourceNames = c(rule.sources.map(e => e.name).join(', ')), destinationNames = c(rule.destinations.map(e => e.name).join(', '));
    const purpose = c([...rule.purposes, ...planDescriptions(rule).map(d => `plan: ${d}`)].join('; ') || 'no required flow uses this rule');
    const vendors = c(rule.vendors.join(', ')), citations = c(rule.citations.join('; '));
    // The plan's allow rules as they read, not their line numbers: a rule added above leaves this cell as it was.
    const origins = cleanText([...new Set(rule.origins.map(o => `${o.file}: ${o.allowRule ? allowRuleText(o.allowRule) : `line ${o.line}`}`))].join('; '), STATEMENT);
    const result: string[][] = [];
    for (const sourceAddresses of addresses(rule.sources)) {
        for (const destinationAddresses of addresses(rule.destinations)) {
            for (const portList of ports(rule)) {
                result.push([
                    `r-${rule.id}`,
                    c(rule.sourceZone), sourceNames, sourceAddresses,
                    c(rule.destinationZone), destinationNames, destinationAddresses,
                    rule.protocol, portList, purpose, vendors, citations, rule.until ?? '', origins
                ]);
            }
        }
    }
    return result;
}

/** RFC 4180 quoting, and a leading `'` for cells a spreadsheet would read as a formula. */
export function csvCell(text: string): string {
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
}

function emitCsv(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const comments = [...titleLines(ruleSet, this, CLEAN, options), ...noteLines(ruleSet, [], CLEAN)];
    // A comment line only when there is something to warn about: plain CSV readers see a clean table.
    const lines = options?.planErrors?.length ? comments.map(l => `# ${l}`) : [];
    lines.push(CHANGE_REQUEST_COLUMNS.map(csvCell).join(','));
    for (const rule of ruleSet.rules) for (const row of rows(rule)) lines.push(row.map(csvCell).join(','));
    return { text: lines.join('\r\n') + '\r\n', warnings: [...ruleSet.notes] };
}

/** Markdown inline syntax is neutralised; `|` cannot occur after cleaning, but is escaped anyway. */
export function mdCell(text: string): string {
    return text.replace(/([\\|*_[\]#])/g, '\\$1') || ' ';
}

function emitMarkdown(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const [title, ...rest] = titleLines(ruleSet, this, CLEAN, options);
    const lines = [`# ${mdCell(title)}`, '', ...rest.map(l => `> ${mdCell(l.trim())}`), ''];
    const notes = noteLines(ruleSet, [], CLEAN);
    if (notes.length) lines.push(...notes.map(l => l.startsWith('  - ') ? `- ${mdCell(l.slice(4))}` : mdCell(l)), '');
    lines.push(`| ${CHANGE_REQUEST_COLUMNS.join(' | ')} |`, `|${CHANGE_REQUEST_COLUMNS.map(() => '---').join('|')}|`);
    for (const rule of ruleSet.rules) for (const row of rows(rule)) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
    return { text: lines.join('\n') + '\n', warnings: [...ruleSet.notes] };
}

export const csvEmitter: Emitter = {
    id: 'csv',
    label: 'Change request (CSV)',
    detail: 'one row per rule: source, destination, protocol, ports, purpose, vendor, citation, temporary until',
    languageId: 'csv',
    fileSuffix: 'rules.csv',
    noDenyRules: true,
    maxLineLength: MAX_LINE_LENGTH,
    readBack: { importer: 'change-request-csv' },
    emit: emitCsv
};

export const markdownEmitter: Emitter = {
    id: 'markdown',
    label: 'Change request (Markdown)',
    detail: 'the same table as the CSV, for a ticket or a wiki page',
    languageId: 'markdown',
    fileSuffix: 'rules.md',
    noDenyRules: true,
    maxLineLength: MAX_LINE_LENGTH,
    readBack: { importer: 'change-request-markdown' },
    emit: emitMarkdown
};
