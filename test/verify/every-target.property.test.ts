import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { GUARDRAIL_VIOLATED } from '../../language/analysis/guardrail-findings.js';
import { EMITTERS } from '../../language/emit/registry.js';
import { importerForTarget, overallVerdict, verifyGenerated, type GeneratedVerification } from '../../language/verify/verify-generated.js';
import { planExtras, planShape, planTextWith } from '../emit/generated-plans.js';
import { PlanSlot } from '../emit/plan-fixture.js';
import { nftCanLoad } from '../helpers/nft-here.js';

/**
 * `generate --verify` succeeds for every target on plans nobody wrote by hand (fast-check, seed
 * 3939): zones over IPv4 and IPv6, components that nest, overlap and share addresses, bare
 * addresses of both families, rules from any address, an internet zone with rules from and to it,
 * temporary rules (expired and ahead), and denies. Every target `generate --list-targets` names is generated and read back by its reader:
 * each must be proven to allow exactly the plan (`equal`), never "cannot tell". nftables text is
 * read by nft in a network namespace of its own, which needs root: without it those two targets
 * are skipped, and the test says so.
 */

function summary(v: GeneratedVerification): string {
    if (v.kind === 'cannot-verify') return `cannot verify: ${v.why}`;
    return v.results.map(r => [
        `${r.scope}: ${r.verdict}`,
        ...r.differences.slice(0, 4).map(d => `  ${d.kind} ${d.protocol} ${d.sources.format()} -> ${d.destinations.format()} ${d.ports.map(p => `${p.from}-${p.to}`).join(',')} (${d.config.text})${d.at ? ` at ${d.at.toISOString()}` : ''}`),
        ...r.unknown.slice(0, 4).map(u => `  unknown: ${u.config.text}: ${u.why}`)
    ].join('\n')).join('\n');
}

describe('generate --verify succeeds for every target on generated plans (fast-check, seed 3939)', function () {
    this.timeout(600_000);
    const now = new Date('2026-06-01T12:00:00Z');
    const nft = nftCanLoad();
    const targets = EMITTERS.map(e => e.id).filter(t => nft || importerForTarget(t)?.id !== 'nftables');

    it('every target has a reader', () => {
        assert.deepEqual(EMITTERS.filter(e => !importerForTarget(e.id)).map(e => e.id), []);
    });

    it(`every target's output is proven to allow exactly the plan${nft ? '' : ' (nftables and nftables-host skipped: reading nftables text needs root, nft and unshare)'}`, async function () {
        if (!nft) console.log('      skipped nftables, nftables-host: reading nftables text needs root, nft and unshare');
        const slot = new PlanSlot();
        await fc.assert(fc.asyncProperty(planShape, planExtras, async (shape, extras) => {
            const text = planTextWith(shape, extras);
            const plan = await slot.load('generated.segplan', text);
            // A deny that an allow rule breaks is an error generate stops at (the ports are chosen apart; a random one may still meet).
            fc.pre(!(plan.document.diagnostics ?? []).some(d => d.code === GUARDRAIL_VIOLATED));
            for (const target of targets) {
                const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true), { now });
                assert.equal(overallVerdict(v), 'equal', `${target}:\n${summary(v)}\n\n${text}`);
            }
        }), { seed: 3939, numRuns: 40 });
    });
});
