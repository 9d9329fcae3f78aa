import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `generate -o` onto the file of the earlier version (or `--previous`): the PAN-OS and FortiGate
 * output then deletes what that version created and this one no longer has.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });

const PLAN = (rules: string) => `plan "p"
zone mgmt 10.0.0.0/24
zone backup 10.0.1.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in backup at 10.0.1.20
${rules}`;

describe('segplan generate over an earlier version', function () {
    this.timeout(60000);
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-previous-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [target, removed] of [['panos', /^delete rulebase security rules (SP-r\d+-[0-9a-f]{6})$/m], ['fortigate', /^\s+delete (\d+)$/m]] as const) {
        it(`${target}: -o onto the earlier file deletes the rule the plan no longer has; --previous does the same`, () => {
            const out = path.join(dir, `rules.${target}.txt`);
            writeFileSync(path.join(dir, 'p.segplan'), PLAN('allow vbr -> repo tcp 6162\nallow vbr -> repo tcp 2500-3300\n'));
            assert.equal(cli(dir, 'generate', 'p.segplan', '--target', target, '-o', out, '--force').status, 0);
            const first = readFileSync(out, 'utf8');
            assert.doesNotMatch(first, removed, 'a first version deletes nothing');
            writeFileSync(path.join(dir, 'p.segplan'), PLAN('allow vbr -> repo tcp 6162\n'));
            assert.equal(cli(dir, 'generate', 'p.segplan', '--target', target, '-o', out, '--force').status, 0);
            const second = readFileSync(out, 'utf8');
            const deleted = removed.exec(second);
            assert.ok(deleted, second);
            assert.ok(first.includes(deleted[1]), `it deletes ${deleted[1]}, which the first version created`);
            const viaFlag = cli(dir, 'generate', 'p.segplan', '--target', target, '--previous', out.replace(/$/, ''), '--force');
            assert.equal(viaFlag.status, 0);
            const missing = cli(dir, 'generate', 'p.segplan', '--target', target, '--previous', path.join(dir, 'nope.txt'));
            assert.equal(missing.status, 2, 'a --previous file that cannot be read is an error');
            assert.match(missing.stderr, /cannot read .*nope\.txt/);
        });
    }
});
