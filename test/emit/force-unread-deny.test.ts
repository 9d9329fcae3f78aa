import * as assert from 'node:assert/strict';
import { EMITTERS } from '../../language/emit/registry.js';
import { verifyGenerated, overallVerdict } from '../../language/verify/verify-generated.js';
import { loadPlanText } from './plan-fixture.js';
import { probesOf, readBack, READ_BACK_TARGETS, widerThan } from './output-allowed.js';

/**
 * `generate --force` on a plan whose deny has a mistake: the allow rule the deny was written to
 * stop is never emitted. Each output is read back and compared with the output of the plan with
 * the deny as it was meant (generated with --force too: its allow rule overlaps the deny), which
 * it must not be wider than; the readable names of a deny's list are still written as a deny; and
 * the proof of the forced output judges it against the plan as written, so a rule left out is
 * never called "exactly the plan".
 */

const BASE = `plan "force"
zone lab 10.1.0.0/24, fd01::/64
zone mgmt 10.2.0.0/24, fd02::/64
zone prod 10.3.0.0/24
vbr : veeam.BackupServer in mgmt at 10.2.0.10, fd02::10 os windows
allow lab -> vbr tcp 22
allow prod -> vbr tcp 443
`;

/** A deny with a mistake, and the deny it was meant to be. */
const BROKEN: Record<string, { broken: string; meant: string }> = {
    'an until on a deny (a syntax error)': { broken: 'deny lab -> mgmt tcp 22 until 2027-01-01', meant: 'deny lab -> mgmt tcp 22' },
    'one unknown name in the source list': { broken: 'deny lab, nosuch -> mgmt tcp 22', meant: 'deny lab, prod -> mgmt tcp 22' },
    'an unknown destination': { broken: 'deny lab -> mgnt tcp 22', meant: 'deny lab -> mgmt tcp 22' },
    'port 0 in the list': { broken: 'deny lab -> mgmt tcp 22, 0', meant: 'deny lab -> mgmt tcp 22, 10' },
    'a port that is a word': { broken: 'deny lab -> mgmt tcp ssh', meant: 'deny lab -> mgmt tcp 22' },
    'a range that runs backwards': { broken: 'deny lab -> mgmt tcp 22-21', meant: 'deny lab -> mgmt tcp 21-22' },
    'a port above 65535': { broken: 'deny lab -> mgmt tcp 22, 70000', meant: 'deny lab -> mgmt tcp 22, 7000' },
    '`port 22` (a syntax error)': { broken: 'deny lab -> mgmt tcp port 22', meant: 'deny lab -> mgmt tcp 22' },
    'no protocol': { broken: 'deny lab -> mgmt 22', meant: 'deny lab -> mgmt tcp 22' },
    'a trailing comma in the port list': { broken: 'deny lab -> mgmt tcp 21,', meant: 'deny lab -> mgmt tcp 21, 22' },
    'a missing comma between names': { broken: 'deny lab prod -> mgmt tcp 22', meant: 'deny lab, prod -> mgmt tcp 22' },
    'a bare address that is not one': { broken: 'deny 10.1.0.300 -> mgmt tcp 22', meant: 'deny 10.1.0.30 -> mgmt tcp 22' },
    'an address in no zone among the sources': { broken: 'deny 10.99.0.5, lab -> mgmt tcp 22', meant: 'deny lab -> mgmt tcp 22' },
    'a guardrail that is not in the catalogs': { broken: 'use guardrail veeam.NoSuchGuardrail', meant: 'deny any -> any any' },
    'a guardrail of the plan\'s own catalog with a port that is not a number': {
        broken: 'vendor acme "Acme" {\n    document d "Guide" url "https://example.com/guide"\n    guardrail NoSsh "No SSH"\n        deny any -> veeam.BackupServer tcp veeam.CloudConnectPort\n        source d "1" quote "no SSH"\n}\nuse guardrail acme.NoSsh',
        meant: 'deny any -> vbr tcp 22'
    }
};

const now = new Date();

describe('generate --force with a mistake in a deny never emits what the deny was written to stop', function () {
    this.timeout(300000);

    it('the read-backs cover every target', () => {
        assert.deepEqual([...READ_BACK_TARGETS].sort(), EMITTERS.map(e => e.id).sort());
    });

    for (const [title, { broken, meant }] of Object.entries(BROKEN)) {
        it(title, async () => {
            const forced = await loadPlanText('force.segplan', `${BASE}${broken}\n`);
            const reference = await loadPlanText('force.segplan', `${BASE}${meant}\n`);
            const errors = (forced.document.diagnostics ?? []).filter(d => d.severity === 1 && d.code !== 'guardrail-violated');
            assert.ok(errors.length > 0, 'the broken deny must be an error');
            const probes = probesOf([forced, reference]);
            for (const target of READ_BACK_TARGETS) {
                const extra = widerThan(await readBack(forced, target, probes, now), await readBack(reference, target, probes, now, true));
                assert.deepEqual(extra, [], `${target}: the forced output allows what the deny was meant to stop`);
            }
            assert.ok(forced.ruleSet.notes.some(n => /allow rule at force\.segplan line 6: left out/.test(n)), `a note says the rule is left out: ${forced.ruleSet.notes.join(' | ')}`);
        });
    }

    it('keeps the names of a list that are read: `deny lab, nosuch -> mgmt tcp 22` is written as a deny of lab to mgmt', async () => {
        const forced = await loadPlanText('force.segplan', `${BASE}deny lab, nosuch -> mgmt tcp 22\n`);
        assert.match(forced.emit('iptables', true), /^-A SEGPLAN-FORWARD -s 10\.1\.0\.0\/24 -d 10\.2\.0\.0\/24 -p tcp -m tcp --dport 22 .*-j DROP$/m);
        assert.match(forced.emit('nftables', true), /ip saddr @zone_lab_v4 ip daddr @zone_mgmt_v4 tcp dport 22 .*drop/);
        assert.match(forced.emit('panos', true), /SP-d-[0-9a-f]{8}-\S+ .*action deny/);
        // nosuch could be prod: prod's rule to vbr is left out too, unless its ports are not denied.
        const v4 = forced.emit('iptables', true);
        assert.match(v4, /-s 10\.3\.0\.0\/24 -d 10\.2\.0\.10\/32 -p tcp -m tcp --dport 443 .*-j ACCEPT/, 'prod -> vbr tcp 443 meets no part of the deny and stays');
    });

    it('the proof of the forced output judges it against the plan as written: never "verified" while the deny could forbid what a rule allows', async () => {
        // The deny's syntax error leaves its ports unread: it could forbid lab -> vbr tcp 22 or not.
        const forced = await loadPlanText('force.segplan', `${BASE}deny lab -> mgmt tcp 22 until 2027-01-01\n`);
        for (const target of ['iptables', 'panos', 'fortigate', 'cisco-asa', 'csv']) {
            const verification = await verifyGenerated(forced.analysis, forced.ruleSet, target, forced.emit(target, true));
            assert.equal(overallVerdict(verification), 'unknown', `${target}: ${JSON.stringify(verification).slice(0, 600)}`);
            assert.ok(verification.kind === 'verified' && verification.results.some(r => r.unknown.some(u => /deny at force\.segplan line 8 has a syntax error/.test(u.why))));
        }
        // What the rule allows beyond the deny's reach is the plan's, and the output leaves it out: a difference.
        const partly = await loadPlanText('force.segplan', `${BASE.replace('allow lab -> vbr tcp 22', 'allow lab -> vbr tcp 22, 443')}deny lab, nosuch -> mgmt tcp 22\n`);
        const verification = await verifyGenerated(partly.analysis, partly.ruleSet, 'iptables', partly.emit('iptables', true));
        assert.equal(overallVerdict(verification), 'different');
        assert.ok(verification.kind === 'verified' && verification.results[0].differences.every(d => d.kind === 'not-allowed' && d.plan?.leftOut));
    });

    it('an allow rule not read whole is never "exactly the plan" either: what it allows cannot be told', async () => {
        const forced = await loadPlanText('force.segplan', `${BASE}allow lab -> vbr tcp 22, 0\n`);
        const verification = await verifyGenerated(forced.analysis, forced.ruleSet, 'iptables', forced.emit('iptables', true));
        assert.equal(overallVerdict(verification), 'unknown');
    });
});
