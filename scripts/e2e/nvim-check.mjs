#!/usr/bin/env node
// Runs Neovim headless as an LSP client of `node bin/segplan.cjs lsp --stdio` on a plan
// (scripts/e2e/nvim-probe.lua) and prints what Neovim received: diagnostics, completion after a
// typed `name: ` line and the hover over a port. Writes the same as JSON for test/e2e.
//
// usage: node scripts/e2e/nvim-check.mjs [--file=PLAN] [--hover=TEXT] [--results=JSON]
//   defaults: test/vscode/workspace/missing-flows.segplan, hover over `6162`, .vscode-test/nvim.json
// exit: 0 every request answered, 1 a step failed, 2 Neovim is missing or did not run
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HANG_MS } from './harness.mjs';
import { scriptArgs } from './script-args.mjs';

const args = scriptArgs();
const file = resolve(args.file ?? 'test/vscode/workspace/missing-flows.segplan');
const hoverOn = args.hover ?? '6162';
const results = resolve(args.results ?? '.vscode-test/nvim.json');
const nvim = process.env.NVIM_BIN ?? 'nvim';

function positionOf(text, needle) {
    const index = text.indexOf(needle);
    if (index < 0) throw new Error(`"${needle}" is not in ${file}`);
    const before = text.slice(0, index).split('\n');
    // One character into the word, as a user's cursor would be.
    return { line: before.length - 1, character: before[before.length - 1].length + 1 };
}

const version = spawnSync(nvim, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) {
    console.error(`Neovim is not installed (${nvim}): run \`bash scripts/setup-test-env.sh\` (Debian package neovim)`);
    process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'segplan-nvim-'));
const out = join(tmp, 'result.json');
const started = Date.now();
try {
    // A copy, because the probe edits the buffer (and Neovim may write swap or undo files).
    const copy = join(tmp, 'plan', 'plan.segplan');
    mkdirSync(dirname(copy), { recursive: true });
    const text = readFileSync(file, 'utf8');
    writeFileSync(copy, text);
    const probe = {
        cmd: [process.execPath, resolve('bin/segplan.cjs'), 'lsp', '--stdio'],
        file: copy,
        out,
        hover: positionOf(text, hoverOn),
        completion: { text: 'repo: ' }
    };
    const env = {
        ...process.env,
        SEGPLAN_PROBE: JSON.stringify(probe),
        XDG_CONFIG_HOME: join(tmp, 'config'), XDG_DATA_HOME: join(tmp, 'data'),
        XDG_STATE_HOME: join(tmp, 'state'), XDG_CACHE_HOME: join(tmp, 'cache')
    };
    const run = spawnSync(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${resolve('scripts/e2e/nvim-probe.lua')}`],
        { env, encoding: 'utf8', timeout: 2 * HANG_MS });
    if (!existsSync(out)) {
        console.error(`Neovim wrote no result (status ${run.status}, signal ${run.signal}):\n${run.stdout}${run.stderr}`);
        process.exit(2);
    }
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    seen.version = version.stdout.split('\n')[0];
    seen.seconds = (Date.now() - started) / 1000;
    mkdirSync(dirname(results), { recursive: true });
    writeFileSync(results, JSON.stringify(seen, null, 2));
    console.log(`${seen.version}: ${seen.diagnostics.length} diagnostics, ${seen.completion.length} completion items, hover ${JSON.stringify(seen.hover.slice(0, 80))} (${seen.seconds.toFixed(1)} s)`);
    for (const d of seen.diagnostics) console.log(`  ${d.line + 1}:${d.character + 1} ${d.code ?? ''} ${d.message.slice(0, 100)}`);
    for (const e of seen.errors) console.error(`  failed: ${e}`);
    process.exit(run.status === 0 && seen.errors.length === 0 ? 0 : 1);
} finally {
    rmSync(tmp, { recursive: true, force: true });
}
