import * as assert from 'node:assert/strict';
import { formatPorts } from '../../language/network/ports.js';
import type { RuleSet } from '../../language/emit/rule-set.js';
import { EMITTERS } from '../../language/emit/registry.js';
import { loadPlanText } from './plan-fixture.js';

/**
 * `generate --force` on a plan with syntax errors: parser recovery keeps what it understood of a
 * broken allow rule (`tcp port 6162` became "tcp, all ports"; a malformed `until` vanished, making
 * the rule permanent). A rule that was not read completely is left out — the output is never wider
 * than the plan without that line.
 */

const PLAN = (rule: string) => `plan "force"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
allow vbr -> proxy tcp 2500-3300
${rule}
allow vbr -> proxy tcp 6160
`;

const BROKEN = [
    'allow vbr -> proxy tcp port 6162',
    'allow vbr -> proxy tcp 6162 until 2026-1-31',
    'allow vbr -> proxy tcp 6162 until 2026-01-31 because',
    'allow vbr -> proxy tcp 6162,',
    'allow vbr -> proxy tcp 6162 "data mover',
    'allow vbr -> proxy tcp 61$62',
    'allow vbr -> -> proxy tcp 6162',
    'allow vbr, -> proxy tcp 6162'
];

/** Every (endpoints, protocol, port, expiry) a rule set allows, as comparable strings. */
function allowed(ruleSet: RuleSet): Set<string> {
    const out = new Set<string>();
    for (const r of ruleSet.rules) {
        for (const s of r.sources) for (const d of r.destinations) {
            out.add([s.key, d.key, r.protocol, formatPorts(r.ports), r.until ?? 'permanent'].join('|'));
        }
    }
    return out;
}

describe('generate --force never emits a rule the parser could not read completely', function () {
    this.timeout(300000);

    // The lean parser gives the end of the file the offset -1: an error there was placed before every rule.
    it('a broken rule on the last line, ending the file', async () => {
        const broken = await loadPlanText('force.segplan', PLAN('').replace('allow vbr -> proxy tcp 6160\n', 'allow vbr -> proxy udp 6160,'));
        assert.ok(broken.analysis.plan.policy.rules.some(r => r.notRead === 'syntax-error'), 'the last rule is not read');
        assert.deepEqual([...allowed(broken.ruleSet)].filter(a => a.includes('udp')), []);
    });

    for (const broken of BROKEN) {
        it(`\`${broken}\``, async () => {
            const withBroken = await loadPlanText('force.segplan', PLAN(broken));
            const without = await loadPlanText('force.segplan', PLAN(''));
            assert.ok((withBroken.document.parseResult.parserErrors.length + withBroken.document.parseResult.lexerErrors.length) > 0, 'the line must be a syntax error');
            const extra = [...allowed(withBroken.ruleSet)].filter(a => !allowed(without.ruleSet).has(a) && ![...allowed(without.ruleSet)].some(b => covers(b, a)));
            assert.deepEqual(extra, [], 'the forced output allows more than the plan without the broken line');
            assert.ok(withBroken.ruleSet.notes.some(n => /has a syntax error, so it was not read completely: left out/.test(n)) || allowed(withBroken.ruleSet).size <= allowed(without.ruleSet).size);
            for (const emitter of EMITTERS) assert.doesNotThrow(() => withBroken.emit(emitter.id, true), emitter.id);
        });
    }
});

/** `b` allows at least what `a` does (same endpoints and protocol, ports a superset, not shorter-lived). */
function covers(b: string, a: string): boolean {
    const [bs, bd, bp, bports, buntil] = b.split('|');
    const [as, ad, ap, aports, auntil] = a.split('|');
    if (bs !== as || bd !== ad || bp !== ap || (buntil !== 'permanent' && (auntil === 'permanent' || auntil > buntil))) return false;
    const ranges = (t: string) => t.split(',').map(x => x.trim()).map(x => x.split('-').map(Number));
    return ranges(aports).every(([f, t = f]) => ranges(bports).some(([g, u = g]) => g <= f && t <= u));
}
