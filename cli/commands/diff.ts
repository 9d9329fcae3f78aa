import { childProcess } from '../../language/utils/node-builtins.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { diffPlans, isEmptyDiff, lineDiff, type DiffDeny, type DiffFlow, type DiffRule, type NotReadRule, type PlanDiff } from '../../language/diff/plan-diff.js';
import { generateRules } from '../../language/emit/generate.js';
import { findEmitter } from '../../language/emit/registry.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

export interface DiffCommandOptions {
    readonly target?: string;
    readonly format?: string;
    readonly git?: string;
}

/** One line of terminal or Markdown text from plan strings: no control characters. */
function clean(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function git(args: string[], cwd: string): string {
    try {
        return childProcess().execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
        const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
        throw new UsageError(`git ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
    }
}

/**
 * `REV:path/plan.segplan`: the plan and every file it imports as they were at that revision,
 * written into a temporary folder with the same layout. Returns the plan's path there.
 */
function checkoutFromGit(spec: string, tmp: string): string {
    const colon = spec.indexOf(':');
    const rev = spec.slice(0, colon), file = spec.slice(colon + 1);
    const dir = path.dirname(path.resolve(file));
    const top = git(['rev-parse', '--show-toplevel'], dir).trim();
    const queue = [path.relative(top, path.resolve(file)).split(path.sep).join('/')];
    const seen = new Set<string>();
    while (queue.length) {
        const relative = queue.shift()!;
        if (seen.has(relative)) continue;
        seen.add(relative);
        const text = git(['show', `${rev}:${relative}`], top);
        const target = path.join(tmp, relative);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
        for (const m of text.matchAll(/^\s*import\s+"([^"]+)"/gm)) queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(relative), m[1])));
    }
    return path.join(tmp, queue.length === 0 ? [...seen][0] : [...seen][0]);
}

async function analysisOf(file: string) {
    const { services, documents } = await loadWorkspace([file]);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${file} is not a plan: a plan file starts with plan "<name>".`);
    return { services, document, analysis: analyzer.analysis(document) };
}

function flowText(f: DiffFlow): string {
    return `${f.source} -> ${f.destination} ${f.protocol} ${f.ports} (${f.purpose})`;
}

/** Where a rule that was not read lies, and why: `after plan.segplan line 7: … (has a syntax error, …)`. */
function notReadText(r: NotReadRule): string {
    return `${r.version} ${r.file} line ${r.line}: ${r.written} (${r.why})`;
}

const NOT_READ_TITLE = 'Allow rules not read (fix their errors: what they allow is not known, so this change request is incomplete)';
const DENIES_NOT_READ_TITLE = 'Denies not read (fix their errors: what they forbid is not known, so this change request is incomplete)';
const NO_CHANGE = 'No change in required flows, allow rules, denies or guardrails.';

/** A deny as a line: `deny prod -> repo tcp 22 ("why")`. */
function denyText(d: DiffDeny): string {
    return d.description ? `${d.text} ("${d.description}")` : d.text;
}

function text(d: PlanDiff, rules?: string[]): string {
    const out: string[] = [];
    const section = (title: string, lines: string[]) => { if (lines.length) out.push(`${title}:`, ...lines.map(l => `  ${clean(l)}`)); };
    section(NOT_READ_TITLE, d.rulesNotRead.map(notReadText));
    section('Required flows added', d.flowsAdded.map(flowText));
    section('Required flows removed', d.flowsRemoved.map(flowText));
    section('Coverage changed', d.flowsChanged.map(c => `${flowText(c.after)}: ${c.before.status} -> ${c.after.status}`));
    section('Allow rules to add', d.rulesAdded.map(r => r.text));
    section('Allow rules to remove', d.rulesRemoved.map(r => r.text));
    section('Allow rules to change', d.rulesChanged.map(c => `${c.before.text}  =>  ${c.after.text}`));
    section(DENIES_NOT_READ_TITLE, d.deniesNotRead.map(notReadText));
    section('Denies added', d.deniesAdded.map(denyText));
    section('Denies removed', d.deniesRemoved.map(denyText));
    section('Denies changed', d.deniesChanged.map(c => `${denyText(c.before)}  =>  ${denyText(c.after)}`));
    section('Guardrails switched on', d.guardrailsAdded.map(denyText));
    section('Guardrails switched off', d.guardrailsRemoved.map(denyText));
    if (isEmptyDiff(d)) out.push(NO_CHANGE);
    if (rules) out.push('', 'Firewall rules:', ...rules.map(clean));
    return out.join('\n') + '\n';
}

/** Markdown table cell text. */
function cell(text: string): string {
    return clean(text).replace(/([\\`*_[\]|<>])/g, '\\$1');
}

function markdown(d: PlanDiff, before: string, after: string, target?: string, rules?: string[]): string {
    const out = [`# Change request: ${cell(before)} → ${cell(after)}`, ''];
    if (d.rulesNotRead.length) {
        out.push(`## ${NOT_READ_TITLE}`, '', '| version | where | rule as written | why |', '|---|---|---|---|',
            ...d.rulesNotRead.map(r => `| ${r.version} | ${cell(r.file)} line ${r.line} | ${cell(r.written)} | ${cell(r.why)} |`), '');
    }
    const rulesTable = (title: string, rows: DiffRule[]) => {
        if (!rows.length) return;
        out.push(`## ${title}`, '', '| rule | description |', '|---|---|', ...rows.map(r => `| \`${r.text.replace(/`/g, "'")}\` | ${cell(r.description ?? '')} |`), '');
    };
    rulesTable('Allow rules to add', [...d.rulesAdded]);
    rulesTable('Allow rules to remove', [...d.rulesRemoved]);
    if (d.rulesChanged.length) {
        out.push('## Allow rules to change', '', '| before | after |', '|---|---|', ...d.rulesChanged.map(c => `| \`${c.before.text}\` | \`${c.after.text}\` |`), '');
    }
    if (d.deniesNotRead.length) {
        out.push(`## ${DENIES_NOT_READ_TITLE}`, '', '| version | where | deny as written | why |', '|---|---|---|---|',
            ...d.deniesNotRead.map(r => `| ${r.version} | ${cell(r.file)} line ${r.line} | ${cell(r.written)} | ${cell(r.why)} |`), '');
    }
    const deniesTable = (title: string, rows: readonly DiffDeny[]) => {
        if (!rows.length) return;
        out.push(`## ${title}`, '', '| statement | reason |', '|---|---|', ...rows.map(r => `| \`${r.text.replace(/`/g, "'")}\` | ${cell(r.description ?? '')} |`), '');
    };
    deniesTable('Denies added', d.deniesAdded);
    deniesTable('Denies removed', d.deniesRemoved);
    if (d.deniesChanged.length) {
        out.push('## Denies changed', '', '| before | after |', '|---|---|',
            ...d.deniesChanged.map(c => `| \`${c.before.text.replace(/`/g, "'")}\` ${cell(c.before.description ?? '')} | \`${c.after.text.replace(/`/g, "'")}\` ${cell(c.after.description ?? '')} |`), '');
    }
    deniesTable('Guardrails switched on', d.guardrailsAdded);
    deniesTable('Guardrails switched off', d.guardrailsRemoved);
    const flows = (title: string, rows: DiffFlow[]) => {
        if (!rows.length) return;
        out.push(`## ${title}`, '', '| from | to | protocol | ports | purpose |', '|---|---|---|---|---|',
            ...rows.map(f => `| ${cell(f.source)} | ${cell(f.destination)} | ${f.protocol} | ${cell(f.ports)} | ${cell(f.purpose)} |`), '');
    };
    flows('Required flows added', [...d.flowsAdded]);
    flows('Required flows removed', [...d.flowsRemoved]);
    if (d.flowsChanged.length) {
        out.push('## Coverage changed', '', '| flow | before | after |', '|---|---|---|', ...d.flowsChanged.map(c => `| ${cell(flowText(c.after))} | ${c.before.status} | ${c.after.status} |`), '');
    }
    if (isEmptyDiff(d)) out.push(NO_CHANGE, '');
    if (rules && target) out.push(`## ${cell(target)} rules`, '', '```diff', ...rules.map(l => l.replace(/```/g, "'''")), '```', '');
    return out.join('\n');
}

/**
 * `segplan diff <old plan> <new plan> [--target t] [--format text|markdown|json]`, or
 * `segplan diff --git <rev> <plan>`; a plan may be given as `REV:path`. Exit 0; 1 when an allow rule or
 * a deny of either version was not read whole (listed, in no other list); 2 for usage errors.
 */
export async function diffCommand(targets: string[], options: DiffCommandOptions): Promise<number> {
    const format = options.format ?? 'text';
    if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format must be text, markdown or json, not '${format}'.`);
    let specs = targets;
    if (options.git !== undefined) {
        if (targets.length !== 1) throw new UsageError('segplan diff --git <rev> needs exactly one plan file.');
        specs = [`${options.git}:${targets[0]}`, targets[0]];
    }
    if (specs.length !== 2) throw new UsageError('segplan diff needs two plans: <old plan> <new plan> (either may be REV:path), or --git <rev> <plan>.');
    if (options.target !== undefined && !findEmitter(options.target)) throw new UsageError(`Unknown target '${options.target}'. See segplan generate --list-targets.`);
    const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-diff-'));
    try {
        const files = specs.map((spec, i) => (/^[^/\\]+:(?![\\/])/.test(spec) && !/^[A-Za-z]:[\\/]/.test(spec) ? checkoutFromGit(spec, path.join(tmp, String(i))) : spec));
        const before = await analysisOf(files[0]);
        const after = await analysisOf(files[1]);
        const diff = diffPlans(before.analysis, after.analysis);
        let rules: string[] | undefined;
        if (options.target) {
            const emit = (x: typeof before) => {
                const outcome = generateRules(x.services, x.document, { target: options.target!, force: true });
                return outcome.kind === 'generated' ? outcome.text : '';
            };
            rules = lineDiff(emit(before), emit(after));
            if (!rules.some(l => l.startsWith('+') || l.startsWith('-'))) rules = ['(no change)'];
            const denies = diff.deniesAdded.length + diff.deniesRemoved.length + diff.deniesChanged.length + diff.guardrailsAdded.length + diff.guardrailsRemoved.length;
            // A change request table lists allow rules only: a changed deny must not read as nothing to do.
            if (denies > 0 && findEmitter(options.target)?.noDenyRules) rules.push(`(the ${options.target} output does not write denies: the deny and guardrail changes above are still to be made)`);
        }
        const names = specs.map((s, i) => (s === files[i] ? displayPath(i === 0 ? before.document : after.document) : s));
        if (format === 'json') process.stdout.write(JSON.stringify({ ...diff, ...(rules ? { targetDiff: rules } : {}) }, null, 2) + '\n');
        else if (format === 'markdown') process.stdout.write(markdown(diff, names[0], names[1], options.target, rules));
        else process.stdout.write(text(diff, rules));
        // As generate refuses: a change request with rules SegPlan could not read is not one to apply.
        if (diff.rulesNotRead.length) {
            process.stderr.write(`segplan: ${diff.rulesNotRead.length} allow rule(s) were not read whole; fix their errors before using this change request.\n`);
            return 1;
        }
        if (diff.deniesNotRead.length) {
            process.stderr.write(`segplan: ${diff.deniesNotRead.length} deny statement(s) were not read whole; fix their errors before using this change request.\n`);
            return 1;
        }
        return 0;
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
}
