import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { examplePlanFiles, loadPlanFile } from '../emit/plan-fixture.js';

/** nft and iptables-restore accept every Linux target's output for every example plan. */
const CHECKS: [string, string, string[]][] = [
    ['nftables', 'nft', ['-c', '-f']], ['nftables-host', 'nft', ['-c', '-f']],
    ['iptables', 'iptables-restore', ['--noflush', '--test']], ['ip6tables', 'ip6tables-restore', ['--noflush', '--test']],
    ['iptables-host', 'iptables-restore', ['--noflush', '--test']], ['ip6tables-host', 'ip6tables-restore', ['--noflush', '--test']]
];

describe('Linux targets pass nft -c and iptables-restore --test', function () {
    let folder: string;
    before(function () { folder = mkdtempSync(path.join(tmpdir(), 'segplan-syntax-')); });
    after(function () { rmSync(folder, { recursive: true, force: true }); });
    for (const file of examplePlanFiles()) {
        for (const [target, command, args] of CHECKS) {
            it(`${path.basename(file)}: ${target}`, async function () {
                const plan = await loadPlanFile(file);
                const out = path.join(folder, `${path.basename(file)}.${target}`);
                writeFileSync(out, plan.emit(target, true));
                execFileSync(command, [...args, out], { stdio: 'pipe' });
            });
        }
    }
});
