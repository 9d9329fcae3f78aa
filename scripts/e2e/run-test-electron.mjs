#!/usr/bin/env node
// Online alternative to run-vscode-tests.mjs: the same in-editor suite through @vscode/test-electron,
// which downloads a desktop VS Code (from Microsoft, so not on the offline CI machines).
// usage: node scripts/e2e/run-test-electron.mjs [--version=1.100.3]
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './build-suite.mjs';

const version = process.argv.find((a) => a.startsWith('--version='))?.slice('--version='.length) ?? '1.100.3';
const tmp = mkdtempSync(join(tmpdir(), 'segplan-electron-'));
let code = 0;
try {
    const workspace = join(tmp, 'workspace');
    cpSync(resolve('test/vscode/workspace'), workspace, { recursive: true });
    await runTests({
        version,
        extensionDevelopmentPath: resolve('.'),
        extensionTestsPath: await buildSuite(),
        launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(tmp, 'user-data')]
    });
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
} finally {
    rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
