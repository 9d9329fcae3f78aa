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
    this.timeout(300000);
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-previous-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [target, removed] of [['panos', /^delete rulebase security rules (SP-r-[0-9a-f]{8}(?:-\d+)?-[0-9a-f]{6})$/m], ['fortigate', /^\s+delete (\d+)$/m]] as const) {
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

    for (const target of ['panos', 'fortigate', 'cisco-asa']) {
        it(`${target}: an earlier version that is not ${target} output is refused, naming what it looks like, and nothing is written`, () => {
            writeFileSync(path.join(dir, 'p.segplan'), PLAN('allow vbr -> repo tcp 6162\n'));
            const other = target === 'panos' ? 'fortigate' : 'panos';
            const files: [string, string | Buffer, RegExp][] = [
                ['other.txt', cli(dir, 'generate', 'p.segplan', '--target', other, '--force').stdout, /SegPlan's (Fortinet FortiGate|Palo Alto PAN-OS) output/],
                ['nft.txt', cli(dir, 'generate', 'p.segplan', '--target', 'nftables', '--force').stdout, /SegPlan's nftables zone firewall output/],
                ['plan.txt', PLAN(''), /a SegPlan plan/],
                // Bytes that are not UTF-8 text, the same on every run.
                ['random.bin', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 167 + 13) % 256)), /binary data/],
                ['empty.txt', '', /an empty file/],
                ['notes.txt', 'hostname fw1\ninterface eth0\n', /text that SegPlan did not write \(it begins 'hostname fw1'\)/]
            ];
            const out = path.join(dir, `out.${target}.txt`);
            assert.equal(cli(dir, 'generate', 'p.segplan', '--target', target, '-o', out, '--force').status, 0);
            const before = readFileSync(out, 'utf8');
            for (const [name, content, looksLike] of files) {
                writeFileSync(path.join(dir, name), content);
                const run = cli(dir, 'generate', 'p.segplan', '--target', target, '--previous', name, '-o', out, '--force');
                assert.equal(run.status, 2, `${name}: ${run.stderr}`);
                assert.match(run.stderr, looksLike, name);
                assert.match(run.stderr, /Nothing was written/);
                assert.equal(readFileSync(out, 'utf8'), before, `${name}: the output was written`);
            }
            // The file -o overwrites is the default earlier version: another target's file there is refused too, and kept.
            const foreign = path.join(dir, `foreign.${target}.txt`);
            writeFileSync(foreign, files[1][1]);
            const onto = cli(dir, 'generate', 'p.segplan', '--target', target, '-o', foreign, '--force');
            assert.equal(onto.status, 2, onto.stderr);
            assert.match(onto.stderr, /SegPlan's nftables zone firewall output.*would be read as the version on the device/);
            assert.equal(readFileSync(foreign, 'utf8'), files[1][1]);
            // An empty file made ready for the output is no earlier version.
            const fresh = path.join(dir, `fresh.${target}.txt`);
            writeFileSync(fresh, '');
            assert.equal(cli(dir, 'generate', 'p.segplan', '--target', target, '-o', fresh, '--force').status, 0);
            assert.match(readFileSync(fresh, 'utf8'), /No earlier version was given/);
        });
    }
});
