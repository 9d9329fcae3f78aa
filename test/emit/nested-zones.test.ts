import * as assert from 'node:assert/strict';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';
import { applyFortigate, fortigateVerdict } from './parsers.js';
import { AsaDevice } from './simulators/asa-device.js';
import { PanosDevice } from './simulators/panos-device.js';

/**
 * Zones inside zones on the firewalls that place rules by zone: a device puts each address in the
 * most specific zone that holds it, so `allow a -> c` must also be written for a -> c5 when c5
 * lies inside c, and a rule from c for c5 -> …. Every output is proven to allow exactly the plan,
 * and a packet to or from the nested zone's addresses, entering and leaving by the zones the
 * device puts them in, passes the device's own first-match evaluation (simulators).
 */

const NESTED = `plan "nested"
zone a 10.1.0.0/16
zone c 10.3.0.0/16
zone c5 10.3.5.0/24
zone c55 10.3.5.48/28
web : infra.VmGuest in a at 10.1.0.10 os linux
db : infra.PostgreSql in c at 10.3.5.7 os linux
app : infra.VmGuest in c5 at 10.3.5.20 os linux
allow a -> c tcp 22
allow c -> a tcp 23
allow web -> db tcp 5432
allow 10.3.0.0/16 -> web tcp 443
allow c5 -> a tcp 80
`;

/** Packets as (source zone, source, destination zone, destination, port), each allowed by the plan. */
const ALLOWED: ReadonlyArray<readonly [string, string, string, string, number]> = [
    ['a', '10.1.0.10', 'c', '10.3.9.9', 22],
    ['a', '10.1.0.10', 'c5', '10.3.5.9', 22],
    ['a', '10.1.0.10', 'c55', '10.3.5.50', 22],
    ['c', '10.3.9.9', 'a', '10.1.0.10', 23],
    ['c5', '10.3.5.9', 'a', '10.1.0.10', 23],
    ['c55', '10.3.5.50', 'a', '10.1.0.10', 23],
    ['a', '10.1.0.10', 'c5', '10.3.5.7', 5432],
    ['c55', '10.3.5.49', 'a', '10.1.0.10', 443],
    ['c5', '10.3.5.9', 'a', '10.1.0.10', 443],
    ['c55', '10.3.5.50', 'a', '10.1.0.10', 80]
];
/** And some the plan does not allow. */
const DENIED: ReadonlyArray<readonly [string, string, string, string, number]> = [
    ['a', '10.1.0.10', 'c5', '10.3.5.9', 5432],
    ['c5', '10.3.5.9', 'a', '10.1.0.10', 22]
];

describe('zones nested in zones: each rule for every device zone its addresses lie in', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;

    before(async () => { plan = await loadPlanText('nested.segplan', NESTED); });

    for (const target of ['panos', 'fortigate', 'cisco-asa']) {
        it(`${target}: the output is proven to allow exactly the plan`, async () => {
            const verification = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target));
            assert.equal(overallVerdict(verification), 'equal', JSON.stringify(verification, (_, v) => typeof v === 'bigint' ? String(v) : v).slice(0, 1500));
        });
    }

    it('PAN-OS: the device allows each packet by the zones it puts the addresses in', () => {
        const device = new PanosDevice();
        device.apply(plan.emit('panos'));
        for (const [from, source, to, destination, port] of ALLOWED) assert.equal(device.verdict(from, to, source, destination, 'tcp', port), 'allow', `${from} ${source} -> ${to} ${destination} ${port}`);
        for (const [from, source, to, destination, port] of DENIED) assert.equal(device.verdict(from, to, source, destination, 'tcp', port), 'deny', `${from} ${source} -> ${to} ${destination} ${port}`);
    });

    it('FortiGate: the device allows each packet by the interfaces it puts the addresses behind', () => {
        const tables = applyFortigate(plan.emit('fortigate'));
        for (const [from, source, to, destination, port] of ALLOWED) assert.equal(fortigateVerdict(tables, from, to, source, destination, 'tcp', port), 'accept', `${from} ${source} -> ${to} ${destination} ${port}`);
        for (const [from, source, to, destination, port] of DENIED) assert.equal(fortigateVerdict(tables, from, to, source, destination, 'tcp', port), 'deny', `${from} ${source} -> ${to} ${destination} ${port}`);
    });

    it('Cisco ASA: each packet passes the access list of the interface it enters by', () => {
        const device = new AsaDevice();
        device.apply(plan.emit('cisco-asa'));
        for (const [from, source, , destination, port] of ALLOWED) assert.equal(device.verdict(from, source, destination, 'tcp', port), 'permit', `${from} ${source} -> ${destination} ${port}`);
        for (const [from, source, , destination, port] of DENIED) assert.equal(device.verdict(from, source, destination, 'tcp', port), 'deny', `${from} ${source} -> ${destination} ${port}`);
    });

    it('a plan without nested zones gets the rule set\'s own rules: nothing renumbered or added', async () => {
        const flat = await loadPlanText('flat.segplan', 'plan "flat"\nzone a 10.1.0.0/16\nzone c 10.3.0.0/16\nallow a -> c tcp 22\nallow c -> a tcp 23\n');
        const text = flat.emit('panos');
        assert.equal((text.match(/^set rulebase security rules /gm) ?? []).length, 2);
    });
});
