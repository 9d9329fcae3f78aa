import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import { evaluate, type FirewallPolicy, type Verdict } from '../../language/audit/firewall-policy.js';
import { boxOf, type Transport } from '../../language/audit/traffic-space.js';
import { PROJECT_ROOT } from './fixtures.js';

/** An address set from one address, range or CIDR. */
export function addresses(text: string): AddressSet {
    const parsed = parseAddress(text);
    if (!('block' in parsed)) throw new Error(text);
    return AddressSet.of([parsed.block]);
}

/** What a policy does to one connection, which must have one verdict, and the line that decides it. */
export function verdictOf(policy: FirewallPolicy, protocol: Transport, from: string, to: string, port: number, state: 'new' | 'established' = 'new'): { verdict: Verdict; line: number; why?: string } {
    const pieces = evaluate(policy, boxOf(protocol, addresses(from), addresses(to), [{ from: port, to: port }]), state);
    const verdicts = new Set(pieces.map(p => p.verdict));
    assert.equal(verdicts.size, 1, `${from} -> ${to} ${protocol}/${port}: ${JSON.stringify(pieces.map(p => [p.verdict, p.decidedBy.line]))}`);
    return { verdict: pieces[0].verdict, line: pieces[0].decidedBy.line, ...(pieces[0].why ? { why: pieces[0].why } : {}) };
}

/** A policy written out with its sets, maps and bigints, so that two readings compare by what they hold. */
export function writtenPolicy(policy: FirewallPolicy): string {
    return JSON.stringify(policy, (_key, value: unknown) => value instanceof Set ? [...value] : value instanceof Map ? [...value] : typeof value === 'bigint' ? `${value}n` : value);
}

/** The ConfigError an import throws (any other exception, or none, fails the test). */
export function configErrorOf(importing: () => unknown): ConfigError {
    try {
        importing();
    } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return error;
    }
    return assert.fail('no error');
}

/**
 * SegPlan's own output for `target` of each example plan, audited by the CLI: every required flow
 * allowed (the plan's own host-name endpoints aside) and nothing over-permitted.
 */
export function assertOwnOutputAuditsClean(target: string, examples: readonly string[]): void {
    const tmp = mkdtempSync(path.join(tmpdir(), `segplan-${target}-`));
    try {
        const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        for (const name of examples) {
            const plan = `examples/${name}.segplan`, config = path.join(tmp, `${name}.${target}`);
            const generated = cli('generate', plan, '--target', target, '-o', config);
            assert.equal(generated.status, 0, generated.stderr);
            const run = cli('audit', plan, '--config', config, '--format', 'json');
            assert.equal(run.status, 0, run.stdout + run.stderr);
            const report = JSON.parse(run.stdout);
            const required = report.flows.filter((f: { status: string }) => ['covered', 'partial', 'missing'].includes(f.status));
            assert.ok(required.length > 0, name);
            for (const f of required) {
                if (f.verdict === 'unknown' && /host name|no IP address/.test(f.why ?? '')) continue; // the plan names the host, not an address
                assert.equal(f.verdict, 'allowed', `${name}: ${f.source.instance} -> ${f.destination.instance} ${f.ports}: ${f.verdict} ${f.why ?? ''}`);
            }
            assert.deepEqual(report.overPermit, [], name);
        }
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
}
