#!/usr/bin/env node
// Neovim with the configuration docs/editor.md gives (its Lua block, the clone's path put in),
// as a user has it: completion through 'omnifunc' and hover on K (scripts/e2e/nvim-config-probe.lua).
//
// usage: node scripts/e2e/nvim-config-check.mjs [--results=JSON] [--nvim=PATH]   (defaults .vscode-test/nvim-config.json,
//        $NVIM_BIN or Debian's nvim; .vscode-test/nvim-current/nvim is the current release, scripts/setup-neovim-current.py)
// exit: 0 completion and hover answered, 1 a step failed, 2 Neovim is missing or did not run
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HANG_MS } from './harness.mjs';
import { scriptArgs } from './script-args.mjs';

const args = scriptArgs();
const results = resolve(args.results ?? '.vscode-test/nvim-config.json');
const nvim = args.nvim ? resolve(args.nvim) : process.env.NVIM_BIN ?? 'nvim';
const root = resolve('.');

/** The first Lua block of the Neovim section of docs/editor.md, with the clone's path for /path/to/segplan. */
export function documentedConfig(markdown) {
    const section = markdown.slice(markdown.indexOf('## Neovim'));
    const block = /```lua\n([\s\S]*?)```/.exec(section);
    if (!block) throw new Error('docs/editor.md has no Lua block under "## Neovim"');
    return block[1].replaceAll('/path/to/segplan', root);
}

if (spawnSync(nvim, ['--version']).status !== 0) {
    console.error(`Neovim is not installed (${nvim}): run \`bash scripts/setup-test-env.sh\``);
    process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'segplan-nvim-config-'));
try {
    const plan = join(tmp, 'plan', 'plan.segplan');
    mkdirSync(dirname(plan), { recursive: true });
    const text = readFileSync('test/vscode/workspace/missing-flows.segplan', 'utf8');
    writeFileSync(plan, text);
    const init = join(tmp, 'init.lua');
    writeFileSync(init, documentedConfig(readFileSync('docs/editor.md', 'utf8')));
    const before = text.slice(0, text.indexOf('6162')).split('\n');
    const out = join(tmp, 'result.json');
    const probe = { file: plan, out, hover: { line: before.length - 1, character: before[before.length - 1].length + 1 }, completion: { text: 'repo: ' } };
    const env = {
        ...process.env, SEGPLAN_CONFIG_PROBE: JSON.stringify(probe),
        XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data'), XDG_STATE_HOME: join(tmp, 'state'), XDG_CACHE_HOME: join(tmp, 'cache')
    };
    // The plan's folder is the working directory: the configuration's root_dir is getcwd().
    const run = spawnSync(nvim, ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${resolve('scripts/e2e/nvim-config-probe.lua')}`],
        { env, cwd: dirname(plan), encoding: 'utf8', timeout: 2 * HANG_MS });
    if (!existsSync(out)) {
        console.error(`Neovim wrote no result (status ${run.status}, signal ${run.signal}):\n${run.stdout}${run.stderr}`);
        process.exit(2);
    }
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    mkdirSync(dirname(results), { recursive: true });
    writeFileSync(results, JSON.stringify(seen, null, 2));
    console.log(`Neovim ${seen.version}: filetype ${seen.filetype}, omnifunc ${seen.omnifunc || '(none)'}, ${seen.diagnostics} diagnostics, ${seen.completion.length} completion items, hover ${JSON.stringify(seen.hover.slice(0, 80))}`);
    for (const e of seen.errors) console.error(`  failed: ${e}`);
    process.exit(run.status === 0 && seen.errors.length === 0 ? 0 : 1);
} finally {
    rmSync(tmp, { recursive: true, force: true });
}
