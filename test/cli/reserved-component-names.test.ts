import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// A component named with a reserved word (`about : veeam.Proxy in mgmt`): `segplan check` says, at
// the word, that it is a word of the language and cannot be a name, once for each such line, with
// either parser; the other lines are read as usual.

const PLAN = `plan "reserved names"
zone mgmt 10.10.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
about : veeam.Proxy in mgmt at 10.10.0.11 os windows managed by vbr
  zone : veeam.Proxy in mgmt at 10.10.0.12
allow: veeam.Proxy in mgmt at 10.10.0.13
proxy : veeam.Proxy in mgmt at host.example.com os windows managed by vbr
`;

function segplan(folder: string, env: Record<string, string>, ...args: string[]) {
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const said = (word: string) => `'${word}' is a word of the language and cannot be used as a name (the reserved words are listed under "Names and reserved words" in the language reference). Give the component another name.`;

describe('segplan check on a component named with a reserved word', function () {
    this.timeout(120000);

    it('says at each such word that it is a word of the language, with either parser', () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'segplan-reserved-'));
        writeFileSync(path.join(folder, 'plan.segplan'), PLAN);
        const lean = segplan(folder, {}, 'check', 'plan.segplan');
        assert.equal(lean.code, 1, lean.stdout + lean.stderr);
        assert.deepEqual(lean.stdout.split('\n').filter(line => line.startsWith('plan.segplan:')), [
            `plan.segplan:4:1 error parsing-error ${said('about')}`,
            `plan.segplan:5:3 error parsing-error ${said('zone')}`,
            `plan.segplan:6:1 error parsing-error ${said('allow')}`
        ]);
        assert.deepEqual(segplan(folder, { SEGPLAN_LEAN_PARSER: 'off' }, 'check', 'plan.segplan'), lean);
    });
});
