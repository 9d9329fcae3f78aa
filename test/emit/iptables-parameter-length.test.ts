import * as assert from 'node:assert';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { checkWithPlatformReader } from '../../language/verify/platform-reader.node.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';

/**
 * iptables-restore and ip6tables-restore refuse a whole file when one parameter of a line is
 * longer than 1,023 characters ("Parameter too long!"). A guardrail from every address except
 * the backup server is the complement of that address: over IPv6, a list of about 120 prefixes.
 * Every list is split into parameters the reader takes, for allow rules and denies alike, and
 * generate checks each output with the platform's own reader before it calls it verified.
 */

const PLAN = `plan "Guardrail over IPv6"
use guardrail veeam.HardenedRepositorySsh
zone mgmt 10.10.0.0/24, fd10::/64
zone backup 10.30.0.0/24, fd30::/64
vbr : veeam.BackupServer in mgmt at 10.10.0.10, fd10::10 os windows
repo : veeam.HardenedRepository in backup at 10.30.0.31, fd30::31
allow vbr -> repo tcp 6162, 2500-3300
`;

/** iptables-restore's parameter buffer (iptables/xshared.c: param_buffer[1024]). */
const LONGEST_PARAMETER = 1023;

/** An allow rule from a zone of many networks: a list as long in each family. */
const labNetworks = [...Array.from({ length: 90 }, (_, i) => `10.50.${2 * i}.0/24`), ...Array.from({ length: 50 }, (_, i) => `fd50:1234:5678:${(2 * i + 1).toString(16)}::/64`)];
const WIDE_ALLOW = `${PLAN}zone lab ${labNetworks.join(', ')}
allow lab -> repo tcp 443
`;

const NOW = new Date('2026-06-01T12:00:00Z');

describe('iptables and ip6tables: every parameter is one the reader takes, and the reader loads the file', function () {
    this.timeout(300_000);
    let plans: LoadedPlan[];
    before(async () => { plans = [await loadPlanText('guardrail-v6.segplan', PLAN), await loadPlanText('wide-allow.segplan', WIDE_ALLOW)]; });

    for (const target of ['ip6tables', 'ip6tables-host', 'iptables', 'iptables-host']) {
        it(`${target}: no parameter over ${LONGEST_PARAMETER} characters, ${target.replace('-host', '')}-restore --test loads it, generate's check says so`, async () => {
            for (const plan of plans) {
                const text = plan.emit(target);
                const longest = Math.max(...text.split('\n').filter(l => l.startsWith('-A')).flatMap(l => l.split(' ').map(w => w.length)));
                assert.ok(longest <= LONGEST_PARAMETER, `${plan.name}: a parameter of ${longest} characters`);
                const check = (await checkWithPlatformReader(target, text))!;
                assert.deepStrictEqual([check.outcome, check.detail], ['loads', undefined], `${plan.name}: ${check.detail}`);
                const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, text, { now: NOW });
                assert.strictEqual(overallVerdict(v), 'equal');
                assert.ok(v.kind === 'verified' && v.results.every(r => r.loading?.length === 1 && r.loading[0].outcome === 'loads'), JSON.stringify(v.kind === 'verified' ? v.results.map(r => r.loading) : v));
            }
        });
    }

    it('a file the reader refuses is never called verified: generate\'s check names the reader and its line', async () => {
        const plan = plans[0];
        const text = plan.emit('ip6tables');
        const first = text.split('\n').findIndex(l => l.startsWith('-A SEGPLAN-FORWARD -s ') && l.includes(' -j DROP'));
        assert.ok(first > 0, 'the deny is written');
        // The deny's address list joined back into one parameter, as the emitter once wrote it.
        const lines = text.split('\n');
        const denies = lines.filter(l => l.startsWith('-A SEGPLAN-FORWARD -s ') && l.includes(' -j DROP'));
        const joined = denies[0].replace(/-s \S+/, `-s ${denies.map(l => /-s (\S+)/.exec(l)![1]).join(',')}`);
        const broken = lines.filter(l => !denies.includes(l) || l === denies[0]).map(l => l === denies[0] ? joined : l).join('\n');
        assert.ok(joined.split(' ').some(w => w.length > LONGEST_PARAMETER), 'the joined list is too long for the reader');
        const check = (await checkWithPlatformReader('ip6tables', broken))!;
        assert.strictEqual(check.outcome, 'refused');
        assert.match(check.detail ?? '', /Parameter too long/);
        assert.strictEqual(check.line, first + 1);
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'ip6tables', broken, { now: NOW });
        assert.strictEqual(overallVerdict(v), 'different');
    });
});
