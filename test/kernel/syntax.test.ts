import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { examplePlanFiles, loadPlanFile } from '../emit/plan-fixture.js';
import { createHeaderIpsets } from './netns.js';

/** nft and iptables-restore accept every Linux target's output for every example plan. */
const CHECKS: [string, string, string[]][] = [
    ['nftables', 'nft', ['-c', '-f']], ['nftables-host', 'nft', ['-c', '-f']],
    ['iptables', 'iptables-restore', ['--noflush', '--test']], ['ip6tables', 'ip6tables-restore', ['--noflush', '--test']],
    ['iptables-host', 'iptables-restore', ['--noflush', '--test']], ['ip6tables-host', 'ip6tables-restore', ['--noflush', '--test']]
];

describe('Linux targets pass nft -c and iptables-restore --test', function () {
    let folder: string;
    // A namespace of its own: the ipsets a file's header asks for are created there, never on the host.
    const ns = `segplan-syntax-${process.pid}`;
    before(function () { folder = mkdtempSync(path.join(tmpdir(), 'segplan-syntax-')); execFileSync('ip', ['netns', 'add', ns]); });
    after(function () { rmSync(folder, { recursive: true, force: true }); execFileSync('ip', ['netns', 'delete', ns]); });
    for (const file of examplePlanFiles()) {
        for (const [target, command, args] of CHECKS) {
            it(`${path.basename(file)}: ${target}`, async function () {
                const plan = await loadPlanFile(file);
                const out = path.join(folder, `${path.basename(file)}.${target}`);
                const text = plan.emit(target, true);
                writeFileSync(out, text);
                createHeaderIpsets(ns, text);
                execFileSync('ip', ['netns', 'exec', ns, command, ...args, out], { stdio: 'pipe' });
            });
        }
    }
});
