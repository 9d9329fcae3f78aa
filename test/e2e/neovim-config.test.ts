// The Neovim configuration docs/editor.md gives, run as written in Debian's Neovim 0.7 and in the
// current release (Debian unstable's, unpacked by scripts/setup-neovim-current.py): a user reaches
// completion through 'omnifunc' (<C-x><C-o>, typed in Insert mode) and the explanation of a port on
// K, and Neovim reports nothing deprecated or failed.
import * as assert from 'node:assert';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface ConfigResult {
    readonly version: string;
    readonly filetype: string;
    readonly omnifunc: string;
    readonly diagnostics: number;
    readonly hover: string;
    readonly completion: string[];
    readonly errors: string[];
}

const neovims = [
    { name: "Debian's Neovim", path: undefined, atLeast: [0, 7] },
    { name: 'the current Neovim release', path: '.vscode-test/nvim-current/nvim', atLeast: [0, 11] }
];

for (const neovim of neovims) {
    describe(`${neovim.name} with the documented configuration`, function () {
        let run: HarnessRun<ConfigResult>;
        let seen: ConfigResult;

        before(async function () {
            run = await runHarness(this, 'scripts/e2e/nvim-config-check.mjs', neovim.path ? [`--nvim=${neovim.path}`] : []);
            assert.ok(run.results, `Neovim produced no result (exit code ${run.exitCode}); scripts/setup-test-env.sh installs both:\n${run.output}`);
            seen = run.results;
        });

        it('is the release it stands for', () => {
            const [major, minor] = seen.version.split('.').map(Number);
            const [wantMajor, wantMinor] = neovim.atLeast;
            assert.ok(major > wantMajor || (major === wantMajor && minor >= wantMinor), `Neovim ${seen.version}, expected ${neovim.atLeast.join('.')} or later`);
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

        it('finishes with nothing deprecated and no error', () => {
            assert.deepStrictEqual(seen.errors, []);
            assert.strictEqual(run.exitCode, 0);
        });
    });
}
