// The Neovim configuration docs/editor.md gives, run as written in Debian's Neovim 0.7: a user
// reaches completion through 'omnifunc' (<C-x><C-o>) and the explanation of a port on K.
import * as assert from 'node:assert';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface ConfigResult {
    readonly filetype: string;
    readonly omnifunc: string;
    readonly diagnostics: number;
    readonly hover: string;
    readonly completion: string[];
    readonly errors: string[];
}

describe('Neovim with the documented configuration', function () {
    this.timeout(300000);
    let run: HarnessRun<ConfigResult>;
    let seen: ConfigResult;

    before(async () => {
        run = await runHarness('scripts/e2e/nvim-config-check.mjs');
        assert.ok(run.results, `Neovim produced no result (exit code ${run.exitCode}):\n${run.output}`);
        seen = run.results;
    });

    it('knows a .segplan file and attaches the server: the plan\'s findings arrive', () => {
        assert.strictEqual(seen.filetype, 'segplan');
        assert.ok(seen.diagnostics > 0, seen.errors.join('\n'));
    });

    it('completes component types through the buffer\'s omnifunc (<C-x><C-o>)', () => {
        assert.strictEqual(seen.omnifunc, 'v:lua.vim.lsp.omnifunc');
        for (const type of ['veeam.BackupServer', 'veeam.Proxy']) assert.ok(seen.completion.includes(type), `${type} missing from ${JSON.stringify(seen.completion.slice(0, 20))}`);
    });

    it('explains the port under the cursor on K', () => {
        assert.match(seen.hover, /6162.*Data Mover/s, `K over 6162: ${seen.hover || '(nothing)'}`);
    });

    it('finishes without errors', () => {
        assert.deepStrictEqual(seen.errors, []);
        assert.strictEqual(run.exitCode, 0);
    });
});
