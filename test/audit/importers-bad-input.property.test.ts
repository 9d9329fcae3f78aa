import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ConfigError, type ConfigImporter } from '../../language/audit/importers/importer.js';
import { findImporter } from '../../language/audit/importers/registry.js';
import { boxOf, EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * Whatever a configuration file holds — cut short, a line lost or doubled, a character changed —
 * an importer either reads it or says what is wrong with a ConfigError; it never fails with
 * another exception (a crash in the editor, a stack trace on the command line), and what it reads
 * can be evaluated. Fixed seed, bounded time.
 */
const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', name), 'utf8');
const INTERFACES = new Map([
    ['untrust', EVERY_ADDRESS], ['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')], ['port1', EVERY_ADDRESS],
    ['port2', addresses('10.1.0.0/25')], ['port4', addresses('192.0.2.0/24')], ['backup-servers', addresses('10.10.0.0/24')],
    ['consoles', addresses('10.30.0.0/24')], ['backup', addresses('10.40.0.0/24')], ['vbr01-nic', addresses('10.40.0.10/32')],
    ['mgmt', addresses('10.10.0.0/24')], ['prod', addresses('10.20.0.0/16')], ['wan', EVERY_ADDRESS]
]);
const SPECIAL = ['"', "'", '[', ']', '{', '}', ',', ':', '-', '/', ' ', '\n', '0', '9', 'x', '\\', '<', '>', '&'];

const mutation = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('drop-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('double-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('char' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), char: fc.constantFrom(...SPECIAL) })
);

function mutate(text: string, changes: readonly fc.Arbitrary<never>[] | { kind: string; at: number; char?: string }[]): string {
    let out = text;
    for (const m of changes as { kind: string; at: number; char?: string }[]) {
        const lines = out.split('\n');
        const line = Math.floor(m.at * lines.length) % Math.max(1, lines.length);
        const position = Math.floor(m.at * out.length);
        if (m.kind === 'cut') out = out.slice(0, position);
        else if (m.kind === 'drop-line') out = [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
        else if (m.kind === 'double-line') out = [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
        else out = out.slice(0, position) + m.char + out.slice(position + 1);
    }
    return out;
}

describe('audit importers on damaged configurations (fast-check, seed 67)', function () {
    this.timeout(300000);
    const samples: [string, string][] = [
        ['panos', fixture('panos.set')], ['panos', fixture('panos.xml')], ['fortigate', fixture('fortigate.conf')],
        ['aws-security-groups', fixture('aws-security-groups.json')], ['azure-nsg', fixture('azure-nsg-list.json')]
    ];
    before(() => {
        // SegPlan's own ASA and iptables output of an example, as the other text formats.
        const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-damaged-'));
        try {
            for (const target of ['cisco-asa', 'iptables']) {
                const file = path.join(tmp, target);
                const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'generate', 'examples/veeam-reference.segplan', '--target', target, '-o', file], { cwd: PROJECT_ROOT, encoding: 'utf8' });
                assert.equal(run.status, 0, run.stderr);
                samples.push([target, readFileSync(file, 'utf8')]);
            }
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });

    it('every importer reads a damaged file or names what is wrong; nothing else is thrown', async () => {
        const read = (importer: ConfigImporter, text: string) => importer.import(text, { file: 'damaged.cfg', interfaces: INTERFACES, hook: 'forward', now: new Date('2026-11-23T00:00:00Z') }) as FirewallPolicy;
        for (const [id, text] of samples) {
            const importer = findImporter(id)!;
            assert.ok(read(importer, text).chains.size > 0, `${id}: the undamaged sample reads`);
            let errors = 0;
            await assertTimeCappedAsync(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async changes => {
                const damaged = mutate(text, changes as never);
                let policy: FirewallPolicy;
                try {
                    policy = read(importer, damaged);
                } catch (error) {
                    if (error instanceof ConfigError) { errors++; assert.ok(error.message.length > 10); return; }
                    throw new Error(`${id}: ${changes.map(c => JSON.stringify(c)).join(' ')}: ${error instanceof Error ? error.stack : String(error)}`);
                }
                for (const state of ['new', 'established'] as const) {
                    evaluate(policy, boxOf('tcp', addresses('10.1.0.5'), addresses('192.0.2.10'), [{ from: 443, to: 443 }]), state);
                }
            }), { seed: 67, numRuns: 150, timeLimitMs: 20000 });
            assert.ok(errors > 0, `${id}: some damage is reported`);
        }
    });
});
