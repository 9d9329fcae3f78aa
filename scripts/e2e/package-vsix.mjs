// Packages the extension into a .vsix with @vscode/vsce from the bundles already in out/ (the same
// flags as `npm run package`, without its build steps), so a test installs exactly what users get.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANG_MS } from './harness.mjs';

/**
 * The .vsix at `outFile`. In a run of the whole suite (run-tests.mjs names the run's own folder in
 * SEGPLAN_TEST_RUN_DIR) nothing rebuilds the bundles, so the extension is packaged once and each
 * test that asks gets a copy: vsce takes seconds of CPU each time.
 */
export function packageVsix(outFile) {
    const runDir = process.env.SEGPLAN_TEST_RUN_DIR;
    if (!runDir) return packageInto(outFile);
    const shared = join(runDir, 'shared', 'segplan.vsix');
    if (!existsSync(shared)) {
        mkdirSync(join(runDir, 'shared'), { recursive: true });
        // Whole or not at all: a run stopped while packaging leaves no half .vsix for the next test.
        renameSync(packageInto(`${shared}.${process.pid}`), shared);
    }
    copyFileSync(shared, resolve(outFile));
    return resolve(outFile);
}

function packageInto(outFile) {
    for (const bundle of ['out/client/extension.cjs', 'out/server/main.cjs', 'out/server/language-server.js', 'out/web/extension.js']) {
        if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` (or npm run build) first`);
    }
    const vsce = resolve('node_modules/@vscode/vsce/vsce');
    // The Details page shows the user-facing README, not the developers' one (as `npm run package` does).
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository',
        '--readme-path', 'docs/marketplace-README.md', '--out', resolve(outFile)],
    // Synchronous, so nothing else could end a hang of it: it has its own guard.
    { stdio: 'pipe', timeout: HANG_MS, killSignal: 'SIGKILL' });
    return resolve(outFile);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    console.log(packageVsix(process.argv[2] ?? 'segplan.vsix'));
}
