import * as assert from 'node:assert/strict';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { formatPortRange } from '../../language/network/ports.js';
import { linuxHosts } from '../../language/emit/nftables.js';
import { loadPlanText } from './plan-fixture.js';
import { nftCanLoad } from '../helpers/nft-here.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/**
 * The kernel makes each set of an nftables file (a named one, or one a rule writes inline as
 * `{ 443, 8443 }`) by walking every set the table already has: a set per rule made loading a large
 * file quadratic. SegPlan's output makes one set per distinct list of ports, however many rules
 * share it, at 500 rules as at 1,000.
 */

/** The port lists of an nftables file: its port sets, and every list a rule writes inline. */
function portLists(text: string): { sets: string[]; inline: string[] } {
    const sets = [...text.matchAll(/^\tset (\S+) \{\n\t\ttype inet_service\n/gm)].map(m => m[1]);
    const inline = text.split('\n').filter(l => !/^\s*#/.test(l) && /dport \{/.test(l));
    return { sets, inline };
}

for (const target of ['nftables', 'nftables-host']) {
    describe(`${target}: one set per distinct port list, however many rules share it`, function () {
        this.timeout(300_000);
        for (const rules of [500, 1_000]) {
            it(`${rules} rules: each list of more than one port is a named set, used by every rule with that list`, async () => {
                const plan = await loadPlanText(`rules-${rules}.segplan`, generateRuleHeavyPlan(40, 400, rules).text);
                const text = plan.emit(target);
                const { sets, inline } = portLists(text);
                assert.deepEqual(inline, [], 'no rule writes its port list inline');
                const ruleSet = plan.ruleSet;
                const emitted = target === 'nftables' ? [...ruleSet.denies, ...ruleSet.rules] : linuxHosts(ruleSet).flatMap(h => [...h.denies, ...h.rules]);
                const lists = new Set(emitted.filter(r => r.protocol !== 'any' && !r.allPorts && r.ports.length > 1)
                    .map(r => r.ports.map(formatPortRange).join(', ')));
                assert.ok(lists.size > 1, 'the plan has port lists to share');
                assert.equal(sets.length, lists.size, `a set per distinct list: ${sets.join(', ')}`);
                for (const list of lists) {
                    const set = new RegExp(`^\\t\\tcomment "ports ${list}"\\n\\t\\telements = \\{ ${list} \\}$`, 'm');
                    assert.match(text, set, `the set of ${list} holds exactly its ports`);
                }
                const used = new Set([...text.matchAll(/dport @(\S+)/g)].map(m => m[1]));
                assert.deepEqual([...used].sort(), [...sets].sort(), 'every port set is used, and only port sets are matched by dport');
            });
        }
    });
}

describe('nftables: a port list too long to name by its ports', function () {
    this.timeout(300_000);
    const list = (from: number, step: number, count: number) => Array.from({ length: count }, (_, i) => from + i * step);
    const tcp = list(1000, 2, 30), udp = list(1000, 4, 30), longer = list(1000, 2, 31);
    const PLAN = `plan "Long port lists"
zone a 10.0.0.0/24
zone b 10.0.1.0/24
allow a -> b tcp ${tcp.join(', ')} "thirty"
allow a -> b udp ${udp.join(', ')} "thirty others"
allow b -> a tcp ${longer.join(', ')} "thirty-one"
`;

    it('is named by how many ports it has and where it starts, each list its own set, and allows exactly its ports', async function () {
        const plan = await loadPlanText('long-lists.segplan', PLAN);
        const text = plan.emit('nftables');
        const setOf = (protocol: string, comment: string) => new RegExp(`^\\t\\tip saddr .* ${protocol} dport @(\\S+) accept comment "[^"]* ${comment}"$`, 'm').exec(text)?.[1];
        const names = [setOf('tcp', 'thirty'), setOf('udp', 'thirty others'), setOf('tcp', 'thirty-one')];
        assert.deepEqual(names, ['ports_30_from_1000', 'ports_30_from_1000_2', 'ports_31_from_1000']);
        for (const [name, ports] of [[names[0], tcp], [names[1], udp], [names[2], longer]] as const) {
            const set = new RegExp(`^\\tset ${name} \\{\\n\\t\\ttype inet_service\\n\\t\\tflags interval\\n\\t\\tcomment "[^"]*"\\n\\t\\telements = \\{ ([^}]*) \\}$`, 'm').exec(text);
            assert.ok(set, `no set ${name}`);
            assert.deepEqual(set[1].split(/,\s*/).map(Number), ports, `${name} holds exactly its rule's ports`);
        }
        if (!nftCanLoad()) this.skip();
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text)), 'equal');
    });
});
