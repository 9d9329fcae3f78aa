// The daily editing loop in a real VS Code 1.100 (code-server + chromium), on a workspace laid out
// like the repository: what the engineer sees of excluded files, a broken rule, deliberate rules,
// a partly allowed flow, the hints and lenses, the documentation links and the citations. The
// screenshots stay in .vscode-test/editing-loop/ to look at.
import * as assert from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface Problem { line: number; column: number; message: string; code: { text: string; href: string } }
interface ScreenLine { number: number; text: string; hints: string[]; lens: string; right: number }
interface QuickFix { menu: string[]; selection: string; selected: number; written: string }

interface EditingLoop {
    readonly workspace: { files: string[]; excludedBySegplanJson: string[]; excludedByFilesExclude: string[] };
    readonly problemFiles: string[];
    readonly workspaceStatus: string;
    readonly recovery: { problems: Problem[]; lines: ScreenLine[] };
    readonly quickFixes: { accept: QuickFix; declare: QuickFix };
    readonly partial: { problems: Problem[] };
    readonly hints: { lines: ScreenLine[]; editorRight: number };
    readonly flowList: { lens: string; rows: string[] };
    readonly codeLink: { text: string; href: string };
    readonly hoverCodeLink: { text: string; href: string };
    readonly documentLinks: { links: string[]; hover: string };
    readonly screenshots: Record<string, string>;
    readonly failure: string;
}

const DOCUMENTATION = /^https:\/\/github\.com\/segplan\/segplan\/blob\/main\/docs\/findings\.md#[a-z-]+$/;

/** `‹7/9 flows allowed›` as [allowed, required]. */
function counted(hints: readonly string[]): [number, number] | undefined {
    const m = hints.map(h => /^‹(\d+)\/(\d+) flows allowed›$/.exec(h)).find(Boolean);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The blocked flows a missing-flow or partial-flow message names, with its two ends. */
function blockedFlows(problem: Problem): { ends: string[]; flows: number } | undefined {
    if (!['missing-flow', 'partial-flow'].includes(problem.code.text)) return undefined;
    const ends = /([\w-]+) → ([\w-]+)/.exec(problem.message);
    const many = /for (\d+) required flows|(\d+) required flows are only partly allowed/.exec(problem.message);
    return ends ? { ends: [ends[1], ends[2]], flows: Number(many?.[1] ?? many?.[2] ?? 1) } : undefined;
}

/** The words of a text, lower case. */
const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

describe('VS Code 1.100 (code-server): the editing loop never fights the engineer', function () {
    let run: HarnessRun<EditingLoop>;
    let seen: EditingLoop;
    const started = Date.now();

    before(async function () {
        run = await runHarness(this, 'scripts/e2e/editing-loop.mjs');
        assert.ok(run.results, `the editing-loop test wrote no results (exit code ${run.exitCode}):\n${run.output.slice(-3000)}`);
        seen = run.results;
    });

    it('files a segplan.json or files.exclude leaves out are not in the Problems panel', () => {
        // Read once the server had checked the whole workspace, as its language status said.
        assert.match(seen.workspaceStatus, /^SegPlan: \d+ files checked, \d+ findings/, seen.failure);
        assert.ok(seen.workspace.excludedBySegplanJson.length > 0, `the workspace holds no excluded fixtures: ${seen.failure}`);
        assert.ok(seen.problemFiles.includes('examples/veeam-mistakes.segplan'), `${JSON.stringify(seen.problemFiles)} ${seen.failure}`);
        const excluded = [...seen.workspace.excludedBySegplanJson, ...seen.workspace.excludedByFilesExclude];
        assert.deepStrictEqual(seen.problemFiles.filter(f => excluded.includes(f) || /^(test|scratch)\//.test(f)), [], JSON.stringify(seen.problemFiles));
    });

    it('a broken rule: its error on its own line, and the rule below it still gets its findings', () => {
        const problems = seen.recovery.problems;
        assert.deepStrictEqual(problems.filter(p => p.code.text === 'parsing-error').map(p => p.line), [5], `${JSON.stringify(problems)} ${seen.failure}`);
        assert.ok(problems.some(p => p.line === 7 && p.code.text === 'missing-flow' && /vbr → repo/.test(p.message)), JSON.stringify(problems));
        assert.ok(!problems.some(p => /unknown|cannot resolve/i.test(p.message)), 'a component below the broken rule is not read');
    });

    it('after a broken rule, each component\'s hint and code lens count exactly the blocked flows the findings name', () => {
        const named = seen.recovery.problems.map(blockedFlows).filter(f => f !== undefined);
        const components = seen.recovery.lines.filter(l => counted(l.hints));
        assert.ok(components.length >= 3, `${JSON.stringify(seen.recovery.lines)} ${seen.failure}`);
        for (const line of components) {
            const name = /^([\w-]+)\s*:/.exec(line.text)![1];
            const [allowed, required] = counted(line.hints)!;
            const byFindings = named.filter(f => f.ends.includes(name)).reduce((n, f) => n + f.flows, 0);
            assert.strictEqual(required - allowed, byFindings, `${name}: the hint ${line.hints.join(' ')} against the findings ${JSON.stringify(named)}`);
            const lens = [...line.lens.matchAll(/(\d+) flows? (?:out|in)(?:, (all|\d+) allowed)?/g)]
                .reduce((n, m) => n + Number(m[1]) - (m[2] === 'all' ? Number(m[1]) : Number(m[2] ?? 0)), 0);
            assert.strictEqual(lens, byFindings, `${name}: the code lens "${line.lens}" against the findings`);
        }
    });

    for (const [fix, start, placeholder, line] of [
        ['accept', 'Accept this rule with a reason (segplan-ignore unused-rule)', 'why this rule is wanted',
            '// segplan-ignore unused-rule: the proxy reports to vCenter\nallow proxy -> vcenter tcp 8080\n'],
        ['declare', 'Declare 9000 as the plan\'s own requirement (require repo -> vcenter)', 'what the plan needs it for',
            'require repo -> vcenter tcp 9000 "vCenter pulls inventory"\nallow repo -> vcenter tcp 9000\n']
    ] as const) {
        it(`the lightbulb offers "${start}"; it writes its line with the cursor on the ${fix === 'accept' ? 'reason' : 'purpose'}`, () => {
            const taken = seen.quickFixes[fix];
            assert.ok(taken.menu.includes(start), `${JSON.stringify(taken.menu)} ${seen.failure}`);
            assert.strictEqual(taken.selection, placeholder, 'the written placeholder is selected, ready to be typed over');
            assert.strictEqual(taken.selected, placeholder.length);
            assert.ok(taken.written.includes(`\n${line}`), taken.written);
            assert.ok(!taken.written.includes(placeholder), 'typing replaced the placeholder');
        });
    }

    it('a partly allowed flow names the protocol and ports still blocked, not "every address"', () => {
        const partial = seen.partial.problems.filter(p => p.code.text === 'partial-flow');
        assert.strictEqual(partial.length, 1, `${JSON.stringify(seen.partial.problems)} ${seen.failure}`);
        assert.match(partial[0].message, /vbr → proxy tcp 2500-3300 .*only partly allowed; still blocked: tcp 3000-3300\./);
        assert.ok(!seen.partial.problems.some(p => /every address/.test(p.message)), JSON.stringify(seen.partial.problems));
    });

    it('inlay hints are drawn whole, do not repeat the rule\'s description and keep lines on screen', () => {
        const lines = seen.hints.lines;
        assert.ok(lines.some(l => l.hints.some(h => /^‹Veeam /.test(h))), `no port hints: ${JSON.stringify(lines)} ${seen.failure}`);
        for (const line of lines) {
            for (const hint of line.hints) assert.match(hint, /^‹[^‹›]+›$/, `line ${line.number}: the editor cut the hint "${hint}"`);
            const description = /"([^"]+)"\s*$/.exec(line.text)?.[1];
            if (description && line.text.startsWith('allow ')) {
                const described = new Set(words(description));
                for (const hint of line.hints) {
                    assert.ok(!words(hint.replace(/\+\d+/, '')).every(w => described.has(w)), `line ${line.number}: "${hint}" repeats "${description}"`);
                }
            }
            assert.ok(line.right <= seen.hints.editorRight, `line ${line.number} runs off screen: ${line.right} > ${seen.hints.editorRight}`);
        }
    });

    it('the code-lens list of a component shows a partly allowed flow as partly allowed', () => {
        assert.match(seen.flowList.lens, /^\d+ flows out, \d+ allowed/, `${JSON.stringify(seen.flowList)} ${seen.failure}`);
        const row = seen.flowList.rows.find(r => /→ proxy tcp 2500-3300/.test(r));
        assert.ok(row, JSON.stringify(seen.flowList.rows));
        assert.match(row, /^◐ .*\(partly allowed\)$/);
        assert.ok(seen.flowList.rows.some(r => /^✗ → vcenter tcp 443/.test(r)) && seen.flowList.rows.some(r => /^✓ /.test(r)), JSON.stringify(seen.flowList.rows));
    });

    it('finding codes link to their documentation, in Go to Problem and in the hover', () => {
        for (const p of [...seen.recovery.problems, ...seen.partial.problems]) {
            assert.match(p.code.href, DOCUMENTATION, `${p.code.text} on line ${p.line} links nowhere ${seen.failure}`);
            assert.ok(p.code.href.endsWith(`#${p.code.text}`), JSON.stringify(p.code));
        }
        assert.strictEqual(seen.hoverCodeLink.text, 'unused-rule', `${JSON.stringify(seen.hoverCodeLink)} ${seen.failure}`);
        assert.match(seen.hoverCodeLink.href, /#unused-rule$/);
    });

    it('a citation of a document with a public address is a link to it', () => {
        assert.deepStrictEqual(seen.documentLinks.links, ['https://docs.example.com/acme/ports', 'Ports'], `${JSON.stringify(seen.documentLinks)} ${seen.failure}`);
        assert.match(seen.documentLinks.hover, /^Open ACME Port Reference/);
    });

    it('saves a screenshot of each scene, taken in this run', () => {
        for (const name of ['problems-excluded-files', 'recovery-hints-and-lenses', 'recovery-error-on-its-line', 'inlay-hints-and-lenses', 'partial-flow-message',
            'flow-list-partly-allowed', 'finding-code-link', 'accept-with-reason-menu', 'accept-with-reason-written', 'declare-requirement-menu',
            'declare-requirement-written', 'citation-document-link']) {
            const file = seen.screenshots[name];
            assert.ok(file, `no ${name} screenshot: ${seen.failure}`);
            assert.ok(statSync(file).mtimeMs >= started - 1000, `${name}: older than this run`);
            assert.deepStrictEqual([...readFileSync(file).subarray(1, 4)], [0x50, 0x4e, 0x47], `${name}: not a PNG file`);
        }
        assert.strictEqual(run.exitCode, 0, seen.failure);
    });
});
