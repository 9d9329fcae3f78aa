import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ValidationAcceptor } from 'langium';
import { generateRules } from '../../language/emit/generate.js';
import { INTERNAL_ERROR } from '../../language/validation/segplan-document-validator.js';
import { MAX_PUBLISHED_FINDINGS } from '../../language/validation/plan-validation.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { checkOutput } from '../helpers/check-output.js';

/**
 * A checker's worst failure is a broken plan reported clean. Whatever goes wrong inside SegPlan
 * (a check that throws, more findings than a stack can hold, a plan too large to analyse), the
 * verdict is "not checked": an error on the document, exit code 2, no rules — never "0 errors".
 */

/** A plan without sites or rules: every backup server needs every proxy, repository, host and vCenter. */
function flatPlan(components: number): string {
    const lines = ['plan "flat"'];
    for (let z = 0; z < 200; z++) lines.push(`zone z${z} 10.${Math.floor(z / 250)}.${z % 250}.0/24`);
    const types = ['veeam.BackupServer', 'veeam.Proxy', 'veeam.Repository', 'vmware.EsxiHost', 'vmware.VCenter'];
    for (let i = 0; i < components; i++) {
        const z = i % 200;
        lines.push(`c${i} : ${types[i % 5]} in z${z} at 10.${Math.floor(z / 250)}.${z % 250}.${10 + Math.floor(i / 200)}`);
    }
    return lines.join('\n') + '\n';
}

describe('never clean by accident', function () {
    this.timeout(300000);
    let tmp: string;
    before(() => { tmp = mkdtempSync(path.join(tmpdir(), 'segplan-reliability-')); });
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const cli = (args: string[], heapMb = 4096) => spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args],
        { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

    it('a check that throws becomes an internal-error on the document, and no rules are generated even with --force', async () => {
        const services = await createTestServices();
        services.validation.ValidationRegistry.register({ Zone: (_zone: unknown, _accept: ValidationAcceptor) => { throw new TypeError('simulated bug in a check'); } } as never);
        const document = await buildPlan(services, 'plan "p"\nzone a 10.0.0.0/24\n');
        const internal = (document.diagnostics ?? []).filter(d => d.code === INTERNAL_ERROR);
        assert.equal(internal.length, 1, JSON.stringify(document.diagnostics));
        assert.equal(internal[0].severity, 1);
        assert.match(String(internal[0].message), /could not check this plan: simulated bug in a check\. .*do not take it as clean/);
        const outcome = generateRules(services, document, { target: 'nftables', force: true });
        assert.equal(outcome.kind, 'blocked');
    });

    it(`a flat plan with 600,000 missing flows reports them (the first ${MAX_PUBLISHED_FINDINGS} and a count of the rest) and exits 1`, () => {
        const file = path.join(tmp, 'flat1000.segplan');
        writeFileSync(file, flatPlan(1000));
        const run = cli(['check', file]);
        assert.equal(run.status, 1, run.stderr.slice(0, 2000));
        const { findings: lines, coverage, summary } = checkOutput(run.stdout);
        assert.equal(lines.length, MAX_PUBLISHED_FINDINGS + 1, 'the published findings and the count of the others');
        assert.match(lines[0], /:1:1 error findings-not-shown \d+ more findings of this file are not shown \(\d+ errors/);
        assert.match(summary, new RegExp(`1 file\\(s\\): ${MAX_PUBLISHED_FINDINGS + 1} error\\(s\\)`));
        // The headline lists the 20 least-covered zone pairs, not all 39,800.
        assert.match(coverage[0], /required flows allowed: 0\/\d+ \(0 %\)$/);
        assert.ok(coverage.length <= 22, `${coverage.length} coverage lines`);
        assert.doesNotMatch(run.stderr, /Maximum call stack|An error occurred during validation/);
        const generate = cli(['generate', file, '--target', 'nftables']);
        assert.equal(generate.status, 1, 'the errors block generation');
    });

    for (const components of [2000, 4000]) {
        it(`a flat plan of ${components} components is checked within a 1 GB heap; generated; the flow list, per pair, stops with a clear message`, () => {
            const file = path.join(tmp, `flat${components}.segplan`);
            writeFileSync(file, flatPlan(components));
            // The check works per group of components of one type in one zone (2,000 components
            // used to mean 440,000 pair requirements and a stop; 4,000 ran out of memory).
            const check = cli(['check', file], 1024);
            assert.equal(check.status, 1, check.stderr.slice(0, 2000));
            const { findings, coverage } = checkOutput(check.stdout);
            assert.doesNotMatch(check.stdout, /plan-too-large/);
            assert.match(findings[1], new RegExp(`error missing-flow No allow rule lets c0, c200 … c${components - 200} \\(${components / 200} components\\) → `));
            // Counted per component pair, not per group: at least one flow from every backup
            // server to every proxy, repository, ESXi host and vCenter.
            const perType = components / 5;
            const match = /required flows allowed: 0\/([\d,]+) \(0 %\)$/.exec(coverage[0]);
            assert.ok(match, coverage[0]);
            assert.ok(Number(match[1].replace(/,/g, '')) > perType * perType * 4, `${match[1]} required flows counted per pair`);
            // Rule sets are annotated per group too; forced past the errors, they come out.
            const generate = cli(['generate', file, '--target', 'nftables', '--force'], 1024);
            assert.equal(generate.status, 0, generate.stderr.slice(0, 2000));
            assert.match(generate.stdout, /table inet segplan/);
            // The flow list is per pair: too many, said so, nothing half-done.
            const flows = cli(['flows', file], 1024);
            assert.equal(flows.status, 2);
            assert.match(flows.stderr, /^segplan: SegPlan stopped: this plan needs more than/);
            assert.doesNotMatch(flows.stderr, /    at /, 'no stack trace');
        });
    }

    it('`segplan … | head -1` ends quietly', () => {
        const run = spawnSync('bash', ['-c', `node ${path.join(PROJECT_ROOT, 'bin', 'segplan.cjs')} check examples | head -1`], { cwd: PROJECT_ROOT, encoding: 'utf8' });
        assert.equal(run.stdout.split('\n').filter(Boolean).length, 1);
        assert.doesNotMatch(run.stderr, /EPIPE|    at /);
    });
});
