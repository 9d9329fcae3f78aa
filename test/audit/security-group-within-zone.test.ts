import * as assert from 'node:assert/strict';
import { runAudit } from '../../language/audit/run-audit.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * A security group guards each host it is attached to, so it filters traffic between two hosts of
 * one zone too (AWS's security group reference: a rule whose source is the group itself lets its
 * members reach each other). The audit judges such flows; a router between zones would not see them.
 */
const PLAN = `plan "One zone"
zone app 10.0.1.0/24

web : infra.VmGuest in app at 10.0.1.10
db : infra.PostgreSql in app at 10.0.1.20

require web -> db tcp 5432 "The web tier reads the database"
require web -> db tcp 6432 "The connection pooler"
allow web -> db tcp 5432, 6432 "Database"
`;
const EXPORT = JSON.stringify({
    SecurityGroups: [{
        GroupId: 'sg-0a1b2c3d', GroupName: 'app', OwnerId: '123456789012', VpcId: 'vpc-1', Description: 'app tier',
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d', UserId: '123456789012' }] }],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]
    }]
}, null, 2);
const NOW = new Date('2026-06-01T12:00:00Z');

describe('audit: AWS security groups between two hosts of one zone', function () {
    this.timeout(60_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanText('one-zone.segplan', PLAN); });

    it('a self-referencing group lets its members reach each other on its ports: allowed, and blocked on the others', async () => {
        const report = await runAudit(plan.analysis, [{ text: EXPORT, file: 'sg.json' }], { maps: ['app=sg-0a1b2c3d'], now: NOW, catalog: plan.services.analysis.PlanAnalyzer.catalog() });
        const verdicts = Object.fromEntries(report.flows.map(f => [f.result.flow.portText, `${f.counts} ${f.verdict}`]));
        assert.deepEqual(verdicts, { 5432: 'true allowed', 6432: 'true blocked' });
    });
});
