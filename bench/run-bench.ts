// `npm run bench`: every case of the benchmark, each in a process of its own (whole-process times
// and peak memory belong to one case), printed as one table, with Capirca's `aclgen` on the same
// policy where a case has an equivalent. Speed goals live here, never in timed tests.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { capircaVersion, runCapirca } from './capirca.js';
import { compareAllowedSets } from './same-allowed-set.js';
import { runMeasured, type ProcessFigures } from './measure-process.js';
import { generateBenchPlan } from './plan-generator.js';
import { generateRuleHeavyPlan, generateSmallPolicy, type RuleHeavyPlan } from './rule-heavy-plan.js';

const root = process.cwd();
const here = path.dirname(new URL(import.meta.url).pathname);
const NODE = [process.execPath, '--import', path.join(root, 'scripts', 'node20-polyfills.mjs')];
const CLI = path.join(root, 'bin', 'segplan.cjs');
const capirca = capircaVersion();
const scratch = mkdtempSync(path.join(tmpdir(), 'segplan-bench-'));

/** Milliseconds from the playground's navigation to each step of its first visit (bench/measure-playground.ts). */
interface PlaygroundPhases { serverInitialized: number; editorScriptRead: number; editorCreated: number }
interface Row { case: string; size: string; segplan: string; peak: string; reference?: string; referencePeak?: string; ratio?: string; goal: string; met?: boolean }
const rows: Row[] = [];

const ms = (n: number) => n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`;
const mb = (n: number | undefined) => n === undefined ? '?' : `${n.toFixed(0)} MB`;

/** The faster of two runs of the same command; a failed run stays (nothing after it counts). */
function faster<F extends ProcessFigures>(kept: F | undefined, figures: F): F {
    if (kept && (kept.failure || kept.status === null)) return kept;
    if (figures.failure || figures.status === null) return figures;
    return !kept || figures.ms < kept.ms ? figures : kept;
}

/**
 * `segplan <args>` on a plan, as a user runs it; exit codes 0 and 1 (findings) both count as done,
 * a generate that wrote nothing fails (aclgen's run fails alike when it renders nothing).
 */
function segplan(plan: string, args: string[]): ProcessFigures {
    const file = path.join(scratch, 'plan.segplan');
    writeFileSync(file, plan);
    const figures = runMeasured(NODE[0], [CLI, ...args.map(a => a === '{plan}' ? file : a)], { timeoutMs: 120_000 });
    if (figures.status !== 0 && figures.status !== 1) throw new Error(`segplan ${args.join(' ')} failed (${figures.status}):\n${figures.stderr}`);
    if (args[0] === 'generate' && figures.stdout.length === 0) throw new Error(`segplan ${args.join(' ')} wrote nothing:\n${figures.stderr}`);
    return figures;
}

/** What the `generate` rows found when they compared the two rule sets (printed under the table). */
const allowedSets: string[] = [];

/**
 * A SegPlan command against aclgen on the same policy; goal: `factor` times faster, memory as
 * stated. A `generate` also lets the same connections through as aclgen's rules, or the goal is
 * not met (same-allowed-set.ts).
 */
function compare(name: string, size: string, policy: RuleHeavyPlan, args: string[], runs: number, factor: number, memoryGoal: boolean): void {
    // Best wall time of `runs` runs each (a cold start is noisy on a shared machine), peak memory
    // of that run. The runs alternate between SegPlan and aclgen, so that a change in the
    // machine's speed while they run (a shared machine's neighbours) falls on both alike.
    let ours: ProcessFigures | undefined, theirs: ReturnType<typeof runCapirca> | undefined;
    for (let i = 0; i < runs; i++) {
        ours = faster(ours, segplan(policy.text, args));
        if (capirca) theirs = faster(theirs, runCapirca(policy.capirca, 300_000));
    }
    ours = ours!;
    const generates = args[0] === 'generate';
    const row: Row = {
        case: name, size, segplan: ms(ours.ms), peak: mb(ours.peakRssMb),
        goal: `${factor === 1 ? 'faster than' : `${factor}× faster than`} Capirca${memoryGoal ? ', memory ≤ Capirca' : ''}${generates ? ', same allowed set' : ''}`
    };
    if (theirs) {
        row.reference = ms(theirs.ms);
        row.referencePeak = mb(theirs.peakRssMb);
        row.ratio = `${(theirs.ms / ours.ms).toFixed(2)}×`;
        const sameSet = !generates || sameAllowedSet(name, ours.stdout, theirs.rendered);
        row.met = sameSet && theirs.ms / ours.ms >= factor && (!memoryGoal || (ours.peakRssMb ?? Infinity) <= (theirs.peakRssMb ?? 0));
    }
    rows.push(row);
}

/** The targets whose output has device semantics: `generate --verify` reads it back and proves it. */
const VERIFIED_TARGETS = [
    'iptables', 'ip6tables', 'nftables', 'cisco-asa', 'panos', 'fortigate', 'iptables-host', 'ip6tables-host', 'nftables-host',
    'windows-firewall', 'aws-terraform', 'azure-terraform'
];

interface VerifyFigures {
    rules: number;
    hostRules: number;
    targets: Record<string, { generateMs: number; verifyMs?: number; verdict?: string; notByDefault?: string; notGenerated?: string }>;
}

/** measure-verify in its own process, one target (the peak memory is that target's). */
function measureVerify(args: string[], target: string): { figures: VerifyFigures; peakRssMb?: number } {
    return nodeJson<VerifyFigures>('measure-verify.js', 900_000, [...args, target]);
}

/** A target's proof as a verify row gives it: its time beside the generation's, its verdict unless equal; or why nothing was generated. */
function proofText(t: VerifyFigures['targets'][string]): string {
    return t.verifyMs === undefined ? `not generated: ${t.notGenerated}` : `${ms(t.verifyMs)} (generate ${ms(t.generateMs)})${t.verdict === 'equal' ? '' : `: ${t.verdict}`}`;
}

/**
 * `generate --verify`: how long reading a target's output back and proving it allows exactly the
 * plan takes, against generating it, target by target: on rule-heavy plans (what generate
 * verifies by default is set from these rows: see verify-generated.ts and docs/verify.md), and
 * on the examples (the slowest of them per target).
 */
function verifyRows(): void {
    for (const [zones, components, rules] of [[40, 400, 1_000], [200, 2_000, 5_000]]) {
        const size = `${zones} zones, ${components.toLocaleString('en')} components, ${rules.toLocaleString('en')} rules`;
        for (const target of VERIFIED_TARGETS) {
            const run = measureVerify(['heavy', String(zones), String(components), String(rules)], target);
            const t = run.figures.targets[target];
            const shown = `${proofText(t)}${t.notByDefault ? '; not by default' : ''}`;
            const hostTarget = target.endsWith('-host') || target === 'windows-firewall';
            if (target === 'iptables' && rules === 5_000 && t.verifyMs !== undefined) {
                rows.push({
                    case: 'generate iptables: the proof against the generation', size, segplan: `proof ${ms(t.verifyMs)}, generation ${ms(t.generateMs)}`,
                    peak: mb(run.peakRssMb), goal: 'the proof costs less than the generation', met: t.verifyMs < t.generateMs
                });
            }
            rows.push({
                case: `verify ${target}`, size: hostTarget ? `${size} (${run.figures.hostRules.toLocaleString('en')} host rules)` : size,
                segplan: shown, peak: mb(run.peakRssMb), goal: 'verified equal', met: t.verdict === 'equal'
            });
        }
    }
    // A temporary rule adds instants (before and after its end, far ahead): the proof reads a
    // configuration again only where a dated rule holds otherwise (verify/read-configs.ts).
    for (const target of ['iptables', 'cisco-asa', 'panos', 'fortigate']) {
        const run = measureVerify(['heavy-temporary', '200', '2000', '5000'], target);
        const t = run.figures.targets[target];
        rows.push({
            case: `verify ${target}, one allow rule temporary`, size: '200 zones, 2,000 components, 5,000 rules',
            segplan: proofText(t),
            peak: mb(run.peakRssMb), goal: 'verified equal', met: t.verdict === 'equal'
        });
    }
    const examples = readdirSync(path.join(root, 'examples')).filter(f => f.endsWith('.segplan')).sort();
    const slowest = new Map<string, { ms: number; example: string; verdict?: string; peak?: number }>();
    for (const example of examples) {
        const run = measureVerify(['file', path.join(root, 'examples', example)], VERIFIED_TARGETS.join(','));
        for (const [target, t] of Object.entries(run.figures.targets)) {
            if (t.verifyMs === undefined) continue;
            const kept = slowest.get(target);
            if (!kept || t.verifyMs > kept.ms) slowest.set(target, { ms: t.verifyMs, example, verdict: t.verdict, peak: run.peakRssMb });
        }
    }
    for (const target of VERIFIED_TARGETS) {
        const s = slowest.get(target);
        rows.push({
            case: `verify ${target}`, size: `${examples.length} examples, the slowest${s ? ` (${s.example})` : ''}`,
            segplan: s ? ms(s.ms) : 'no example generates it', peak: mb(s?.peak), goal: '—'
        });
    }
}

function sameAllowedSet(name: string, segplanRules: string, capircaRules: string): boolean {
    const started = performance.now();
    const found = compareAllowedSets(segplanRules, capircaRules);
    allowedSets.push(`${name}: ${found.same ? 'the same allowed set' : 'DIFFERENT allowed sets'} (each of SegPlan's ${found.segplanRules} and Capirca's ${found.capircaRules} accept rules accepted whole by the other's rules, read and evaluated by the audit in ${ms(performance.now() - started)})`
        + found.differences.map(d => `\n  ${d}`).join(''));
    return found.same;
}

interface CoreFigures { instances: number; zones: number; sites: number; rules?: number; flows?: number; groupFlows?: number; tooLarge: boolean; checkMs: number }

/**
 * measure-core in its own process: link + validate (incl. the analysis) of one generated, parsed
 * plan. A size with a time goal runs `runs` processes and keeps the fastest check (and the
 * highest peak of them all), as the whole-process rows keep their best: one run on a shared
 * machine varied by half.
 */
function core(name: string, shape: 'sites' | 'nosites' | 'zones', size: number, goal: string, met?: (c: CoreFigures, peak: number) => boolean, heapMb = 4096, runs = 1): ProcessFigures & { figures?: CoreFigures } {
    const sizeText = shape === 'zones' ? `${size.toLocaleString('en')} zones` : `${size.toLocaleString('en')} instances${shape === 'nosites' ? ', no sites' : ''}`;
    let best: (ProcessFigures & { figures: CoreFigures }) | undefined;
    for (let i = 0; i < runs; i++) {
        const run = runMeasured(NODE[0], [`--max-old-space-size=${heapMb}`, ...NODE.slice(1), path.join(here, 'measure-core.js'), shape, String(size)], { timeoutMs: 90_000 });
        if (run.failure || run.status !== 0) {
            const why = run.failure ?? `failed (${run.status}): ${run.stderr.trim().split('\n').pop()}`;
            rows.push({ case: name, size: sizeText, segplan: why, peak: mb(run.peakRssMb), goal, met: met ? false : undefined });
            return run;
        }
        const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as CoreFigures;
        // The fastest check, with the highest peak of all runs: a memory goal must hold in each.
        const peakRssMb = Math.max(run.peakRssMb ?? 0, best?.peakRssMb ?? 0) || undefined;
        best = !best || figures.checkMs < best.figures.checkMs ? { ...run, figures, peakRssMb } : { ...best, peakRssMb };
    }
    const { figures } = best!;
    const detail = shape === 'zones' ? sizeText : `${sizeText}, ${figures.zones} zones${figures.flows === undefined ? '' : `, ${figures.flows.toLocaleString('en')} flows${figures.groupFlows === undefined ? '' : ` in ${figures.groupFlows.toLocaleString('en')} group requirements`}`}`;
    const outcome = (figures.tooLarge ? `stopped: plan-too-large after ${ms(figures.checkMs)}` : ms(figures.checkMs)) + (runs > 1 ? ` (best of ${runs})` : '');
    rows.push({ case: name, size: detail, segplan: outcome, peak: mb(best!.peakRssMb), goal, met: met ? !figures.tooLarge && met(figures, best!.peakRssMb ?? Infinity) : undefined });
    return best!;
}

function nodeJson<T>(script: string, timeoutMs: number, args: string[] = []): { figures: T; peakRssMb?: number } {
    const run = runMeasured(NODE[0], [...NODE.slice(1), path.join(here, script), ...args], { timeoutMs });
    if (run.failure || run.status !== 0) throw new Error(`${script}: ${run.failure ?? run.stderr}`);
    return { figures: JSON.parse(run.stdout.trim().split('\n').pop()!) as T, peakRssMb: run.peakRssMb };
}

/**
 * `npm run bench -- cli editor …` runs only those groups of cases (cli: cold start and rule-heavy
 * against Capirca; verify: generate --verify per target; check; editor; diagram; emit; audit; web: bundle sizes and the
 * playground in Chromium), to measure one
 * area on a quiet moment.
 */
const GROUPS = ['cli', 'verify', 'check', 'baseline', 'editor', 'diagram', 'emit', 'audit', 'web', 'tests'] as const;
const asked = process.argv.slice(2);
const unknownGroup = asked.find(g => !(GROUPS as readonly string[]).includes(g));
if (unknownGroup) throw new Error(`unknown bench group '${unknownGroup}': ${GROUPS.join(', ')}`);
const failedGroups: string[] = [];

/**
 * Runs one group of cases if asked for. A group that fails (a measurement that crashed or did not
 * finish) is a row saying so, the others still run, and the bench exits 1 after the table.
 */
function measureGroup(group: typeof GROUPS[number], measure: () => void): void {
    if (asked.length > 0 && !asked.includes(group)) return;
    try {
        measure();
    } catch (error) {
        failedGroups.push(group);
        const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        rows.push({ case: `${group}: not measured`, size: '', segplan: `failed: ${why}`, peak: '', goal: '', met: false });
    }
}

/** The commit before relations: `check` is to be no slower than it, in time and memory (issue 46). */
const BEFORE_RELATIONS = '0b1b4eed0459b99d7987d1e513c0adf9cd8f4092';
/** What a baseline row says when that commit is not built. */
const BASELINE_NOT_BUILT = `not measured: build ${BEFORE_RELATIONS.slice(0, 7)} with ../shared/tools/ab-check.sh ${BEFORE_RELATIONS.slice(0, 7)}`;

/**
 * That commit's CLI, built where ../shared/tools/ab-check.sh builds it (SEGPLAN_BASELINE names
 * another build of it): undefined when it is not built.
 */
function baselineCli(): string | undefined {
    const dir = baselineDir();
    const cli = path.join(dir, 'bin', 'segplan.cjs');
    return existsSync(path.join(dir, '.built')) && existsSync(cli) ? cli : undefined;
}

function baselineDir(): string {
    return process.env.SEGPLAN_BASELINE ?? path.join(process.env.TMPDIR ?? '/tmp', 'segplan-ab', BEFORE_RELATIONS);
}

/**
 * `check` of the bench's 10,000-instance plans, with and without sites, against the commit
 * before relations, side by side: the two CLIs in turn, best CPU time of 3 runs each (CPU time
 * holds on a shared machine where wall time does not), the highest peak memory. Met when neither
 * takes more than 5 % (the runs' own spread) over the commit before relations.
 *
 * A row between them holds relations to the pairs they bind: the plan with sites, its admins, Veeam ONE
 * and Enterprise Manager saying they work with their own site's servers, is the estate the commit
 * before relations read from the plain text (it requires the same pairs), so it is timed against
 * that commit's check of the plain plan. Left unsaid, they work with every site's servers: eight
 * times the requirements, which the row with sites times.
 */
function baselineRows(): void {
    const before = baselineCli();
    for (const [sites, relationsWritten] of [[true, false], [true, true], [false, false]] as const) {
        const size = `10,000 instances${sites ? '' : ', no sites'}${relationsWritten ? ', each site\'s admins, Veeam ONE and Enterprise Manager with their own site\'s servers (written)' : ''}, whole process`;
        const goal = `CPU and memory ≤ ${BEFORE_RELATIONS.slice(0, 7)} (before relations) + 5 %`;
        if (!before) {
            rows.push({ case: 'check vs before relations', size, segplan: BASELINE_NOT_BUILT, peak: '', goal, met: false });
            continue;
        }
        const file = path.join(scratch, `baseline-${sites ? 'sites' : 'nosites'}.segplan`);
        writeFileSync(file, generateBenchPlan(10_000, { sites }).text);
        // The commit before relations cannot read them: it reads the same estate from the plain text.
        const written = path.join(scratch, 'baseline-sites-relations.segplan');
        if (relationsWritten) writeFileSync(written, generateBenchPlan(10_000, { sites, relationsWritten }).text);
        const best = { before: { cpu: Infinity, peak: 0 }, now: { cpu: Infinity, peak: 0 } };
        for (let i = 0; i < 3; i++) {
            for (const [which, cli] of [['before', before], ['now', CLI]] as const) {
                const run = runMeasured(NODE[0], [cli, 'check', which === 'now' && relationsWritten ? written : file], { timeoutMs: 120_000 });
                if (run.failure || (run.status !== 0 && run.status !== 1)) throw new Error(`check (${which}) failed: ${run.failure ?? run.stderr.trim().split('\n').pop()}`);
                best[which].cpu = Math.min(best[which].cpu, run.cpuMs ?? run.ms);
                best[which].peak = Math.max(best[which].peak, run.peakRssMb ?? 0);
            }
        }
        const [cpuRatio, peakRatio] = [best.now.cpu / best.before.cpu, best.now.peak / best.before.peak];
        rows.push({
            case: 'check vs before relations', size,
            segplan: `CPU ${ms(best.now.cpu)} vs ${ms(best.before.cpu)} (${cpuRatio.toFixed(2)}×), memory ${mb(best.now.peak)} vs ${mb(best.before.peak)} (${peakRatio.toFixed(2)}×)`,
            peak: mb(best.now.peak), goal, met: cpuRatio <= 1.05 && peakRatio <= 1.05
        });
    }
}

/** What one layout's measure-editor process gives (bench/measure-editor.ts, the same in the commit before relations). */
interface EditorLayout {
    edits: { timing: { p50: number; p95: number }; diagnostics: number };
}

/**
 * The language server side by side with the commit before relations (issue 46: edit → diagnostics
 * and memory no more than before): each layout's measure-editor of both commits in turn, twice,
 * on the same generated workspaces (both commits' generators write the same text). The memory is
 * the highest peak of a layout's process, the edits' p50 and p95 the lower of the two runs. Met
 * when the peak is within 5 % of the commit before's.
 */
function editorBaselineRows(): void {
    const dir = baselineDir();
    const layouts = [['single', '10,000 instances, one file'], ['site', '10,000 instances, file per site'], ['small', '2,000 small plans']] as const;
    const goal = `memory ≤ ${BEFORE_RELATIONS.slice(0, 7)} (before relations) + 5 %`;
    const script = (base: string) => path.join(base, 'out', 'bench', 'measure-editor.js');
    const polyfills = (base: string) => path.join(base, 'scripts', 'node20-polyfills.mjs');
    if (!baselineCli() || !existsSync(script(dir)) || !existsSync(polyfills(dir))) {
        rows.push({ case: 'editor vs before relations', size: 'every layout', segplan: BASELINE_NOT_BUILT, peak: '', goal, met: false });
        return;
    }
    for (const [layout, size] of layouts) {
        const best = { before: { p50: Infinity, p95: Infinity, peak: 0, diagnostics: 0 }, now: { p50: Infinity, p95: Infinity, peak: 0, diagnostics: 0 } };
        for (let i = 0; i < 2; i++) {
            for (const [which, base] of [['before', dir], ['now', root]] as const) {
                const run = runMeasured(NODE[0], ['--import', polyfills(base), script(base), layout], { timeoutMs: 900_000 });
                if (run.failure || run.status !== 0) throw new Error(`measure-editor ${layout} (${which}) failed: ${run.failure ?? run.stderr.trim().split('\n').pop()}`);
                const { edits } = JSON.parse(run.stdout.trim().split('\n').pop()!) as EditorLayout;
                const kept = best[which];
                kept.p50 = Math.min(kept.p50, edits.timing.p50);
                kept.p95 = Math.min(kept.p95, edits.timing.p95);
                kept.peak = Math.max(kept.peak, run.peakRssMb ?? 0);
                kept.diagnostics = edits.diagnostics;
            }
        }
        const { before, now } = best;
        const peakRatio = now.peak / before.peak;
        rows.push({
            case: 'editor vs before relations', size: `${size}, 60 edits${layout === 'single' ? ' and the requests' : ''} (${now.diagnostics.toLocaleString('en')} diagnostics, before ${before.diagnostics.toLocaleString('en')})`,
            segplan: `memory ${mb(now.peak)} vs ${mb(before.peak)} (${peakRatio.toFixed(2)}×); edit p50 ${ms(now.p50)} vs ${ms(before.p50)}, p95 ${ms(now.p95)} vs ${ms(before.p95)}`,
            peak: mb(now.peak), goal, met: peakRatio <= 1.05
        });
    }
}

/**
 * `npm test`'s CPU time (the compiled suites, as CI runs them after the build): only when asked
 * (`npm run bench -- tests`), since it takes many minutes; otherwise a row says it was not run.
 */
function testRows(): void {
    const goal = 'CPU < 450 s';
    if (!asked.includes('tests')) {
        rows.push({ case: 'npm test: CPU time', size: 'every suite CI runs', segplan: 'not run (npm run bench -- tests runs it)', peak: '', goal });
        return;
    }
    const run = runMeasured(NODE[0], [path.join(root, 'scripts', 'run-tests.mjs')], { timeoutMs: 5_400_000, cwd: root });
    const cpu = run.cpuMs;
    rows.push({
        case: 'npm test: CPU time', size: 'every suite CI runs', segplan: `${cpu === undefined ? '? (no GNU time)' : ms(cpu)} CPU, ${ms(run.ms)} wall${run.status === 0 ? '' : `; exit ${run.status}`}`,
        peak: mb(run.peakRssMb), goal, met: cpu !== undefined && cpu < 450_000 && run.status === 0
    });
}

const started = performance.now();
try {
    measureGroup('cli', () => {
    // Cold start: the smallest policy, whole process, best of 5.
        const small = generateSmallPolicy();
        compare('cold start: check', '1 zone pair, 1 rule', small, ['check', '{plan}'], 5, 1, false);
        compare('cold start: generate iptables', '1 zone pair, 1 rule', small, ['generate', '{plan}', '--target', 'iptables'], 5, 1, false);
        // Rule-heavy: many hand-written allow rules, best of 3.
        const heavy = generateRuleHeavyPlan(200, 2_000, 5_000);
        const heavySize = '200 zones, 2,000 components, 5,000 rules';
        compare('rule-heavy: check', heavySize, heavy, ['check', '{plan}'], 3, 1, false);
        compare('rule-heavy: generate iptables', heavySize, heavy, ['generate', '{plan}', '--target', 'iptables', '--no-verify'], 3, 5, true);
        // As a user runs it: the output proven to allow exactly the plan before it is written.
        compare('rule-heavy: generate iptables with its proof (the default)', heavySize, heavy, ['generate', '{plan}', '--target', 'iptables'], 3, 4, false);
    });
    measureGroup('verify', verifyRows);
    measureGroup('check', () => {
    // Plans in sites of four zones (the shape the language is designed for), then without sites.
        core('check, sites', 'sites', 1_000, 'linear');
        core('check, sites', 'sites', 10_000, '< 0.5 s, < 250 MB', (c, peak) => c.checkMs < 500 && peak < 250, 4096, 3);
        core('check, sites', 'sites', 50_000, 'finishes, linear', () => true);
        core('check, no sites', 'nosites', 1_000, 'linear');
        core('check, no sites', 'nosites', 2_000, 'linear');
        const noSites = core('check, no sites', 'nosites', 10_000, '< 2 s, < 1 GB', (c, peak) => c.checkMs < 2_000 && peak < 1024, 1024, 3);
        if (noSites.figures) core('check, no sites', 'nosites', 50_000, 'finishes', () => true);
        else rows.push({ case: 'check, no sites', size: '50,000 instances, no sites', segplan: 'not run: 10,000 did not finish', peak: '', goal: 'finishes', met: false });
        core('check, many zones', 'zones', 20_000, 'n log n checks', (c) => c.checkMs < 5_000);
    });
    measureGroup('baseline', () => {
        baselineRows();
        editorBaselineRows();
    });
    measureGroup('editor', () => {
    // Editor: one-line edit → diagnostics, and requests, on the 10,000-instance plan.
        type Timing = { p50: number; p95: number };
        type Edits = { timing: Timing; firstEditMs: number };
        interface Layout { edits: Edits; requests?: Array<{ name: string; timing: Timing; goalP95Ms: number }> }
        // Each layout in a process of its own: a language server holding that workspace only.
        const layout = (name: string) => nodeJson<Layout>('measure-editor.js', 900_000, [name]);
        const edit = (name: string, size: string, t: Timing, goal: number, peakRssMb: number | undefined, firstMs?: number) =>
            rows.push({
                case: name, size, segplan: `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}${firstMs === undefined ? '' : ` (first edit ${ms(firstMs)})`}`,
                peak: mb(peakRssMb), goal: `p95 < ${goal} ms`, met: t.p95 < goal
            });
        const single = layout('single'), perSite = layout('site'), smallPlans = layout('small');
        const edits = (size: string, run: { figures: Layout; peakRssMb?: number }, goal: number) =>
            edit('editor: one-line edit', size, run.figures.edits.timing, goal, run.peakRssMb, run.figures.edits.firstEditMs);
        edits('10,000 instances, one file, 60 edits', single, 100);
        edits('10,000 instances, file per site, 60 edits', perSite, 100);
        edits('2,000 small plans, 60 edits', smallPlans, 100);
        for (const r of single.figures.requests ?? []) edit(`editor: ${r.name}`, '10,000 instances, one file', r.timing, r.goalP95Ms, single.peakRssMb);
        // The server's memory over many open/edit/close cycles of an untitled plan (closed documents leave).
        const cycles = nodeJson<{ startMb: number; startHeapMb: number; after: Array<{ cycles: number; rssMb: number; heapMb: number }>; cycleMs: number }>('measure-open-close.js', 300_000);
        const [first, last] = [cycles.figures.after[0], cycles.figures.after.at(-1)!];
        rows.push({
            case: 'editor: open, edit, close an untitled plan', size: `${first.cycles} then ${last.cycles.toLocaleString('en')} cycles, ${ms(cycles.figures.cycleMs)} each`,
            segplan: `heap after collection ${mb(cycles.figures.startHeapMb)} → ${mb(first.heapMb)} → ${mb(last.heapMb)} (RSS ${mb(cycles.figures.startMb)} → ${mb(first.rssMb)} → ${mb(last.rssMb)})`, peak: mb(last.rssMb),
            // Resident memory follows V8's heap sizing; the heap after a full collection shows a leak.
            goal: 'heap: no growth from 300 to 1,200', met: last.heapMb <= first.heapMb * 1.1
        });
    });
    // The plan diagram: graph built from the analysis and laid out by ELK, as the view receives it.
    measureGroup('diagram', () => {
        for (const size of [100, 1_000, 10_000]) {
            const run = runMeasured(NODE[0], [...NODE.slice(1), path.join(here, 'diagram-bench.js'), String(size)], { timeoutMs: 300_000 });
            if (run.failure || run.status !== 0) {
                rows.push({ case: 'diagram: first complete picture', size: `${size} instances`, segplan: `failed: ${run.failure ?? run.stderr.slice(0, 80)}`, peak: '', goal: '', met: false });
                continue;
            }
            const d = JSON.parse(run.stdout.trim().split('\n').pop()!) as { level: string; nodes: number; edges: number; firstPictureMs: number; updateAfterEditMs: number };
            const shape = `${size.toLocaleString('en-US')} instances (${d.level} level: ${d.nodes} boxes, ${d.edges} arrows)`;
            rows.push({ case: 'diagram: first complete picture', size: shape, segplan: ms(d.firstPictureMs), peak: mb(run.peakRssMb), goal: size === 1_000 ? '< 1 s' : '—', met: size === 1_000 ? d.firstPictureMs < 1_000 : undefined });
            rows.push({ case: 'diagram: one-line edit → re-check + picture', size: shape, segplan: ms(d.updateAfterEditMs), peak: mb(run.peakRssMb), goal: '—' });
        }
    });
    // Emission: the rule set, then every target.
    measureGroup('emit', () => {
        const emit = nodeJson<{ ruleSetMs: number; targets: Record<string, number> }>('measure-emit.js', 300_000);
        const [slowest, slowestMs] = Object.entries(emit.figures.targets).sort((a, b) => b[1] - a[1])[0];
        rows.push({ case: 'rule set from the analysis', size: '10,000 instances', segplan: ms(emit.figures.ruleSetMs), peak: mb(emit.peakRssMb), goal: '< 1 s', met: emit.figures.ruleSetMs < 1_000 });
        rows.push({ case: `emit, slowest of ${Object.keys(emit.figures.targets).length} targets (${slowest})`, size: '10,000 instances', segplan: ms(slowestMs), peak: mb(emit.peakRssMb), goal: '< 1 s', met: slowestMs < 1_000 });
        // Denies: the rule set and every target at 2,000 and 20,000 denies; ten times the denies, about ten times the time.
        type DenyFigures = { denies: number; checkMs: number; ruleSetMs: number; targets: Record<string, number> };
        const [few, many] = [2_000, 20_000].map(n => nodeJson<DenyFigures>('measure-denies.js', 600_000, [String(n)]));
        const total = (f: DenyFigures) => f.ruleSetMs + Object.values(f.targets).reduce((a, b) => a + b, 0);
        for (const run of [few, many]) {
            const [target, targetMs] = Object.entries(run.figures.targets).sort((a, b) => b[1] - a[1])[0];
            rows.push({
                case: 'emit with denies: rule set + every target', size: `${run.figures.denies.toLocaleString('en')} denies, 100 components, 100 allow rules`,
                segplan: `${ms(total(run.figures))} (rule set ${ms(run.figures.ruleSetMs)}, slowest ${target} ${ms(targetMs)})`, peak: mb(run.peakRssMb),
                goal: run === many ? 'near-linear: ≤ 15× the 2,000-deny time' : '—',
                met: run === many ? total(many.figures) <= 15 * total(few.figures) : undefined
            });
        }
        for (const run of [few, many]) {
            rows.push({
                case: 'check with denies: parse, link, analyse', size: `${run.figures.denies.toLocaleString('en')} denies, 100 components, 100 allow rules`,
                segplan: ms(run.figures.checkMs), peak: mb(run.peakRssMb),
                goal: run === many ? 'near-linear: ≤ 15× the 2,000-deny time' : '—',
                met: run === many ? many.figures.checkMs <= 15 * few.figures.checkMs : undefined
            });
        }
    });
    // The audit: a 5,000-rule iptables-save configuration against the same plan.
    measureGroup('audit', () => {
        const audit = nodeJson<{ rules: number; flows: number; auditMs: number; allowed: number; overPermit: number }>('measure-audit.js', 600_000);
        rows.push({
            case: 'audit: iptables-save against the plan', size: `${audit.figures.rules.toLocaleString('en-US')} rules, 10,000 instances, ${audit.figures.flows.toLocaleString('en-US')} required flows`,
            segplan: ms(audit.figures.auditMs), peak: mb(audit.peakRssMb), goal: '—'
        });
        // What the readers evaluate of the public configurations of the test corpus: a share, not a time.
        type Shares = { exact: number; bounded: number; notEvaluated: number };
        const corpus = nodeJson<{ files: number; read: number; shares: Shares; evaluatedPercent: number; floorPercent: number }>('measure-audit-corpus.js', 600_000).figures;
        const lines = corpus.shares.exact + corpus.shares.bounded + corpus.shares.notEvaluated;
        const share = (n: number) => `${(100 * n / Math.max(lines, 1)).toFixed(1)} %`;
        rows.push({
            case: 'audit: rules evaluated in the public corpus', size: `${corpus.files} files (${corpus.read} read, the rest refused with the reason), ${lines.toLocaleString('en-US')} rule lines`,
            segplan: `${corpus.evaluatedPercent.toFixed(1)} % evaluated (${share(corpus.shares.exact)} exactly, ${share(corpus.shares.bounded)} bounded), ${share(corpus.shares.notEvaluated)} not`,
            peak: '—', goal: `≥ ${corpus.floorPercent} % evaluated`, met: corpus.evaluatedPercent >= corpus.floorPercent
        });
    });
    // What a browser downloads (the budgets of docs/web.md), then the playground in a browser: a
    // first visit with a plan in the address, until its findings show.
    measureGroup('web', () => {
        const sizes = nodeJson<{ workerBytes: number; webExtensionBytes: number; layoutEngineBytes: number; vsixBytes: number }>('measure-bundles.js', 300_000).figures;
        const sizeRow = (name: string, shape: string, value: number, budget?: number) => rows.push({
            case: name, size: shape, segplan: `${(value / 1e6).toFixed(2)} MB`, peak: '—',
            goal: budget === undefined ? '—' : `≤ ${(budget / 1e6).toFixed(1)} MB`, met: budget === undefined ? undefined : value <= budget
        });
        sizeRow('size: the language server worker', 'out/server/language-server.js, minified, no layout engine', sizes.workerBytes, 1_500_000);
        sizeRow('size: the .vsix', 'as npm run package makes it, no Terraform WebAssembly', sizes.vsixBytes, 1_200_000);
        sizeRow('size: VS Code for the Web\'s extension', 'out/web/extension.js, minified', sizes.webExtensionBytes);
        sizeRow('size: the layout engine', 'out/elk/elk.cjs, fetched on the first diagram', sizes.layoutEngineBytes);
        const web = nodeJson<{ firstDiagnosticsMs: number; workerDiagnosticsMs: number; editorDiagnosticsMs: number; runs: number[]; pageBytes: number; workerBytes: number; phases: PlaygroundPhases }>('measure-playground.js', 600_000);
        const size = `veeam-mistakes.segplan, cold browser, best of ${web.figures.runs.length}; page ${(web.figures.pageBytes / 1e6).toFixed(1)} MB + worker ${(web.figures.workerBytes / 1e6).toFixed(2)} MB`;
        // Where the time went, from the navigation: the server up (its script read, `initialize`
        // answered), the editor's script read, then the check (the catalogs, the plan).
        const { phases } = web.figures;
        const steps = `server up ${ms(phases.serverInitialized)}, editor script read ${ms(phases.editorScriptRead)}, worker's findings ${ms(web.figures.workerDiagnosticsMs)}, in the editor ${ms(web.figures.editorDiagnosticsMs)}`;
        rows.push({ case: 'playground: first diagnostics after load', size, segplan: `${ms(web.figures.firstDiagnosticsMs)} (${steps})`, peak: '—', goal: '< 2 s', met: web.figures.firstDiagnosticsMs < 2_000 });
    });
    if (asked.length === 0 || asked.includes('tests')) testRows();
} finally {
    rmSync(scratch, { recursive: true, force: true });
}

const columns: Array<[string, (r: Row) => string]> = [
    ['case', r => r.case], ['size and shape', r => r.size], ['SegPlan', r => r.segplan], ['peak', r => r.peak],
    ['Capirca', r => r.reference ?? '—'], ['Capirca peak', r => r.referencePeak ?? '—'], ['Capirca ÷ SegPlan', r => r.ratio ?? '—'],
    ['goal', r => r.goal], ['met', r => r.met === undefined ? '—' : r.met ? 'yes' : 'NO']
];
const cells = rows.map(r => columns.map(([, cell]) => cell(r)));
const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map(c => c[i].length)));
const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
console.log(`SegPlan benchmark: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.versions.node}; `
    + (capirca ? `Capirca ${capirca} (aclgen) on the equivalent policy` : 'Capirca (aclgen) is not installed: no Capirca comparison (scripts/setup-bench-env.sh installs it)'));
console.log(line(columns.map(([title]) => title)));
console.log(line(widths.map(w => '-'.repeat(w))));
for (const c of cells) console.log(line(c));
for (const found of allowedSets) console.log(`Allowed sets, ${found}`);
console.log(`Times: in-process check of the parsed plan (index, link, validate incl. analysis) for "check, …" rows; whole process (best of runs) for cold start and rule-heavy rows; "best of 3" marks a check row whose fastest of three processes is shown. Bench took ${ms(performance.now() - started)}.`);
if (failedGroups.length > 0) {
    console.log(`Not measured: ${failedGroups.join(', ')} (see the rows above).`);
    process.exitCode = 1;
}
