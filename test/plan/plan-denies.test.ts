import * as assert from 'node:assert/strict';
import { buildPlan as buildPlanModel, type Plan } from '../../language/plan/plan-model.js';
import { planDenies } from '../../language/plan/plan-denies.js';
import { instancesByType } from '../../language/plan/instances-by-type.js';
import { overlapOf } from '../../language/analysis/traffic-overlap.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// Deny statements are read into the plan in the shape allow rules have: their sides resolved to
// zones, components, `any` and bare addresses, their protocol and ports; what was not read whole is
// marked so (a part of a deny could forbid other traffic than what was written).
describe('deny statements in the plan model', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function planOf(text: string): Promise<Plan> {
        const document = await buildPlan(services, text);
        return buildPlanModel([document]);
    }

    const zones = ['plan "p"', 'zone prod 10.1.0.0/16', 'zone backup 10.2.0.0/24', 'zone lab 10.3.0.0/24',
        'vbr : veeam.BackupServer in backup at 10.2.0.10', 'repo : veeam.HardenedRepository in backup at 10.2.0.20'];

    it('resolves each side to zones, components, any and addresses, with protocol, ports and reason', async () => {
        const plan = await planOf([...zones, 'deny prod, 10.3.0.0/25 -> repo, any tcp 22, 2500-3300 "never from production"'].join('\n'));
        assert.equal(plan.policy.denies.length, 1);
        const [deny] = plan.policy.denies;
        assert.equal(deny.resolved, true);
        assert.deepEqual(deny.sources.map(e => e.label), ['prod', '10.3.0.0/25']);
        assert.deepEqual(deny.destinations.map(e => e.label), ['repo', 'any']);
        assert.equal(deny.sources[0].zone?.name, 'prod');
        assert.equal(deny.sources[1].zone?.name, 'lab');
        assert.equal(deny.destinations[0].instance?.name, 'repo');
        assert.equal(deny.sourceAddresses.format(), '10.1.0.0/16, 10.3.0.0/25');
        assert.equal(deny.destinationAddresses.format(), 'any address');
        assert.equal(deny.protocol, 'tcp');
        assert.deepEqual(deny.ports, [{ from: 22, to: 22 }, { from: 2500, to: 3300 }]);
        assert.equal(deny.allPorts, false);
        assert.equal(deny.description, 'never from production');
        assert.equal(deny.sourceExceptions.isEmpty, true);
        assert.equal(deny.guardrail, undefined);
    });

    it('reads a deny without ports as all ports, and leaves the rules alone', async () => {
        const plan = await planOf([...zones, 'allow vbr -> repo tcp 6162 "data mover"', 'deny lab -> prod any'].join('\n'));
        assert.equal(plan.policy.rules.length, 1);
        assert.equal(plan.policy.denies.length, 1);
        assert.equal(plan.policy.denies[0].allPorts, true);
        assert.equal(plan.policy.denies[0].protocol, 'any');
    });

    it('marks a deny it could not read whole as not read: an unknown endpoint, an address in no zone, a broken line', async () => {
        const plan = await planOf([...zones, 'deny nowhere -> repo tcp 22', 'deny 192.168.9.9 -> repo tcp 22', 'deny prod -> repo tcp 22,'].join('\n'));
        assert.deepEqual(plan.policy.denies.map(d => d.notRead), ['endpoint', 'address-in-no-zone', 'syntax-error']);
        assert.ok(plan.policy.denies.every(d => !d.resolved));
    });

    it('gives the plan\'s denies through planDenies, and their overlap with an allow rule', async () => {
        const plan = await planOf([...zones, 'allow prod -> backup tcp 20-30, 443 "too wide"', 'deny prod -> repo tcp 22 "no ssh"'].join('\n'));
        const catalog = services.analysis.PlanAnalyzer.catalog();
        const denies = planDenies(plan.policy, catalog, instancesByType(plan.facts, catalog));
        assert.equal(denies.length, 1);
        const overlap = overlapOf(plan.policy.rules[0], denies[0]);
        assert.ok(overlap);
        assert.equal(overlap.sources.format(), '10.1.0.0/16');
        assert.equal(overlap.destinations.format(), '10.2.0.20');
        assert.deepEqual([overlap.protocols, overlap.ports], [['tcp'], [{ from: 22, to: 22 }]]);
        assert.equal(overlapOf({ ...plan.policy.rules[0], protocol: 'udp' }, denies[0]), undefined);
    });
});
