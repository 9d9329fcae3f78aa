import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `segplan diff` sees what must never pass: deny statements added, removed, narrowed or given
 * another reason, and `use guardrail` lines switched on or off, in text, Markdown and JSON and in
 * the target's rules. Removing a guardrail is the change a reviewer most needs to see.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });

const V1 = `plan "Guarded"
zone mgmt 10.0.0.0/24
zone prod 10.20.0.0/16
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in backup at 10.30.0.7
allow vbr -> repo tcp 6162, 2500-3300
deny prod -> repo tcp 22, 443 "nothing from production"
deny prod -> mgmt any "production never reaches management"
use guardrail veeam.HardenedRepositorySsh
`;

describe('segplan diff: denies and guardrails', function () {
    this.timeout(300_000);
    let dir: string;
    const write = (name: string, text: string) => { writeFileSync(path.join(dir, name), text); return name; };
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-diff-denies-')); write('v1.segplan', V1); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('every deny removed: listed in text, Markdown and JSON, never "no change"', () => {
        const v2 = write('none.segplan', V1.split('\n').filter(l => !/^(deny|use guardrail)/.test(l)).join('\n'));
        const text = cli(dir, 'diff', 'v1.segplan', v2);
        assert.equal(text.status, 0, text.stderr);
        assert.doesNotMatch(text.stdout, /No change/);
        assert.match(text.stdout, /^Denies removed:\n {2}deny prod -> repo tcp 22, 443 \("nothing from production"\)\n {2}deny prod -> mgmt any \("production never reaches management"\)$/m);
        assert.match(text.stdout, /^Guardrails switched off:\n {2}use guardrail veeam\.HardenedRepositorySsh \("Hardened repository: SSH only from the backup server"\)$/m);
        const markdown = cli(dir, 'diff', 'v1.segplan', v2, '--format', 'markdown').stdout;
        assert.match(markdown, /## Denies removed\n\n\| statement \| reason \|\n\|---\|---\|\n\| `deny prod -> repo tcp 22, 443` \| nothing from production \|/);
        assert.match(markdown, /## Guardrails switched off\n\n[^#]*`use guardrail veeam\.HardenedRepositorySsh`/);
        const json = JSON.parse(cli(dir, 'diff', 'v1.segplan', v2, '--format', 'json').stdout) as Record<string, { text: string }[]>;
        assert.deepEqual(json.deniesRemoved.map(d => d.text), ['deny prod -> repo tcp 22, 443', 'deny prod -> mgmt any']);
        assert.deepEqual(json.guardrailsRemoved.map(d => d.text), ['use guardrail veeam.HardenedRepositorySsh']);
        assert.deepEqual([json.deniesAdded, json.deniesChanged, json.guardrailsAdded], [[], [], []]);
    });

    it('a deny narrowed, another reason, one added, a guardrail switched on: each as it is', () => {
        const before = write('before.segplan', V1.replace('use guardrail veeam.HardenedRepositorySsh\n', ''));
        const after = write('after.segplan', V1.replace('tcp 22, 443 "nothing', 'tcp 22 "nothing')
            .replace('"production never reaches management"', '"prod stays out of management"') + 'deny mgmt -> prod tcp 3389\n');
        type Deny = { text: string; description?: string };
        const json = JSON.parse(cli(dir, 'diff', before, after, '--format', 'json').stdout) as { deniesChanged: { before: Deny; after: Deny }[]; deniesAdded: Deny[]; guardrailsAdded: Deny[] };
        assert.deepEqual(json.deniesChanged.map(c => [c.before.text, c.after.text]), [
            ['deny prod -> repo tcp 22, 443', 'deny prod -> repo tcp 22'],
            ['deny prod -> mgmt any', 'deny prod -> mgmt any']
        ]);
        assert.equal(json.deniesChanged[1].after.description, 'prod stays out of management');
        assert.deepEqual(json.deniesAdded.map(d => d.text), ['deny mgmt -> prod tcp 3389']);
        assert.deepEqual(json.guardrailsAdded.map(d => d.text), ['use guardrail veeam.HardenedRepositorySsh']);
        const text = cli(dir, 'diff', before, after).stdout;
        assert.match(text, /^Denies changed:\n {2}deny prod -> repo tcp 22, 443 \("nothing from production"\) {2}=> {2}deny prod -> repo tcp 22 \("nothing from production"\)$/m);
    });

    it('the target\'s rules show the deny\'s drop going; a target that writes no denies says so', () => {
        const v2 = write('narrow.segplan', V1.replace('tcp 22, 443 "nothing', 'tcp 22 "nothing'));
        const nft = cli(dir, 'diff', 'v1.segplan', v2, '--target', 'nftables');
        assert.match(nft.stdout, /^-.*tcp dport @ports_22_443 drop comment "d-[0-9a-f]{8} DENY nothing from production"$/m);
        assert.match(nft.stdout, /^\+.*tcp dport 22 drop comment "d-[0-9a-f]{8} DENY nothing from production"$/m);
        const csv = cli(dir, 'diff', 'v1.segplan', v2, '--target', 'csv');
        assert.match(csv.stdout, /\(the csv output does not write denies: the deny and guardrail changes above are still to be made\)/);
    });

    it('a deny that was not read is listed and the change request refused (exit 1), as for allow rules', () => {
        const v2 = write('broken.segplan', V1.replace('deny prod -> mgmt any "production never reaches management"', 'deny prod -> mgmt any until 2027-01-01'));
        const run = cli(dir, 'diff', 'v1.segplan', v2);
        assert.equal(run.status, 1);
        assert.match(run.stdout, /^Denies not read \(fix their errors[^\n]*\n {2}after broken\.segplan line 9: deny prod -> mgmt any until 2027-01-01 \(has a syntax error/m);
        assert.match(run.stderr, /1 deny statement\(s\) were not read whole/);
    });
});
