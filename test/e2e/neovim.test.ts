// Neovim (Debian's 0.7) as a second, independent client of `segplan lsp --stdio`.
import * as assert from 'node:assert';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface NvimResult {
    readonly initialized: boolean;
    readonly diagnostics: { line: number; character: number; severity: number; message: string; code?: string }[];
    readonly completion: string[];
    readonly hover: string;
    readonly errors: string[];
}

describe('Neovim as an LSP client of segplan lsp --stdio', function () {
    let run: HarnessRun<NvimResult>;
    let seen: NvimResult;

    before(async function () {
        run = await runHarness(this, 'scripts/e2e/nvim-check.mjs', ['--file=test/vscode/workspace/missing-flows.segplan', '--hover=6162']);
        assert.ok(run.results, `Neovim produced no result (exit code ${run.exitCode}):\n${run.output}`);
        seen = run.results;
    });

    it('receives the missing-flow diagnostics on the component that needs the flows', () => {
        assert.ok(seen.initialized, seen.errors.join('\n'));
        const missing = seen.diagnostics.filter((d) => d.code === 'missing-flow');
        // vbr → vcenter on vbr's line; the two flows vbr → proxy lacks in one diagnostic on the rule between them.
        assert.strictEqual(missing.length, 2, JSON.stringify(seen.diagnostics, null, 2));
        const vcenter = missing.find((d) => d.message.includes('vbr → vcenter tcp 443'));
        assert.ok(vcenter, 'no diagnostic for vbr → vcenter tcp 443');
        // Line 9 of the plan places vbr; Neovim counts from 0. Severity 1 = error.
        assert.deepStrictEqual([vcenter.line, vcenter.character, vcenter.severity], [8, 0, 1]);
    });

    it('completes vendor component types after `name: `', () => {
        for (const type of ['veeam.BackupServer', 'veeam.Proxy', 'vmware.VCenter']) {
            assert.ok(seen.completion.includes(type), `${type} missing from ${JSON.stringify(seen.completion.slice(0, 30))}`);
        }
        assert.ok(!seen.completion.includes('mgmt'), 'a zone was offered as a component type');
    });

    it('shows what a port is for on hover', () => {
        assert.match(seen.hover, /Data Mover/, `hover over 6162: ${seen.hover || '(nothing)'}`);
    });

    it('finishes without errors', () => {
        assert.deepStrictEqual(seen.errors, []);
        assert.strictEqual(run.exitCode, 0);
    });
});
