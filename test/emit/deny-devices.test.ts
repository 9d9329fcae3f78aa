import * as assert from 'node:assert/strict';
import { compareBoxes } from './boxes.js';
import { BRANCH as ALLOWS, V1, V2 } from './branch-plans.js';
import { loadPlanText } from './plan-fixture.js';
import { AsaDevice } from './simulators/asa-device.js';
import { PanosDevice } from './simulators/panos-device.js';
import { FORTIGATE_UNRELATED } from './simulators/unrelated-config.js';
import { applyFortigate, fortigatePolicyBoxes, fortigateVerdict, type FortiTables } from './parsers.js';

/**
 * The plan's denies on devices that hold rules SegPlan does not own: each is written as an explicit
 * deny above SegPlan's allows, so a permit someone adds below it cannot reopen it; a deny removed
 * from the plan is gone after the next paste; the allowed traffic is the same as without denies.
 */

/** Packets the denies forbid, as (entering zone, source, destination, protocol, port). */
const PROD_TO_BACKUP = ['prod', '10.20.1.1', '10.30.0.21', 'tcp', 6162] as const;
const SSH_TO_VBR = ['backup', '10.30.0.21', '10.10.0.10', 'tcp', 22] as const;

describe('the plan\'s denies on devices with rules SegPlan does not own', function () {
    this.timeout(300000);

    it('Cisco ASA: deny entries above the permits; a permit added below them does not reopen them', async () => {
        const [v1, v2] = [(await loadPlanText('branch.segplan', V1)).emit('cisco-asa', true), (await loadPlanText('branch.segplan', V2)).emit('cisco-asa', true)];
        const plain = (await loadPlanText('branch.segplan', ALLOWS)).emit('cisco-asa', true);
        const device = new AsaDevice();
        device.apply(v1);
        // Someone's permit of everything, added to each SegPlan list above its final deny.
        for (const acl of device.acls.keys()) device.insertBeforeLast(acl, 'extended permit ip any any');
        assert.equal(device.verdict(...PROD_TO_BACKUP), 'deny');
        assert.equal(device.verdict(...SSH_TO_VBR), 'deny');
        assert.equal(device.verdict('prod', '10.20.1.1', '10.10.0.10', 'tcp', 22), 'deny', 'the deny from any address is in every zone\'s list');
        assert.equal(device.verdict('mgmt', '10.10.0.10', '10.30.0.21', 'tcp', 6162), 'permit');
        // What the lists allow is what the plan without its denies allows.
        const without = new AsaDevice();
        without.apply(plain);
        const withDenies = new AsaDevice();
        withDenies.apply(v1);
        for (const zone of ['mgmt', 'prod', 'backup']) {
            assert.deepEqual(compareBoxes(without.allowed(zone), withDenies.allowed(zone)), { missing: [], extra: [] }, zone);
        }
        // Version 2 over version 1: the removed deny is gone, the kept one stays, each list as version 2 alone writes it.
        withDenies.apply(v2);
        const fresh = new AsaDevice();
        fresh.apply(v2);
        assert.deepEqual([...withDenies.acls].sort(), [...fresh.acls].sort());
        assert.ok(!v2.includes('deny ip object-group SP_prod'), 'the removed deny is written again');
        withDenies.insertBeforeLast('SP_prod_in', 'extended permit ip any any');
        assert.equal(withDenies.verdict(...PROD_TO_BACKUP), 'permit', 'the removed deny still holds');
        assert.equal(withDenies.verdict(...SSH_TO_VBR), 'deny');
    });

    it('PAN-OS: deny rules moved to the top, above a rule someone else made that allows everything', async () => {
        const [p1, p2, plain] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2), await loadPlanText('branch.segplan', ALLOWS)];
        const v1 = p1.emit('panos', true);
        const open = 'set rulebase security rules open-all from any to any source any destination any application any service any action allow';
        const device = new PanosDevice();
        device.apply(open);
        device.apply(v1);
        assert.equal(device.verdict('prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'deny');
        assert.equal(device.verdict('backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        assert.equal(device.verdict('prod', 'mgmt', '10.20.1.1', '10.10.0.10', 'tcp', 443), 'allow', 'the outside rule still allows what no deny forbids');
        // What the allow rules allow is what the plan without its denies allows.
        const without = new PanosDevice();
        without.apply(plain.emit('panos', true));
        const withDenies = new PanosDevice();
        withDenies.apply(v1);
        assert.deepEqual(withDenies.differencesFrom(without), []);
        // Version 2 over version 1 (given as the earlier version): the removed deny is deleted, the kept one stays on top.
        device.apply(p2.emit('panos', true, v1));
        const fresh = new PanosDevice();
        fresh.apply(p2.emit('panos', true));
        const denyRules = (d: PanosDevice) => [...d.rules.keys()].filter(n => n.startsWith('SP-d'));
        assert.deepEqual(denyRules(device), denyRules(fresh));
        assert.equal([...device.rules.keys()][0].startsWith('SP-d1-'), true, 'the deny is not on top');
        assert.equal(device.verdict('prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'allow', 'the removed deny still holds');
        assert.equal(device.verdict('backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        // Pasting the same version again keeps the denies on top.
        device.apply(p2.emit('panos', true, v1));
        assert.equal(device.verdict('backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
    });

    it('FortiGate: deny policies above SegPlan\'s accepts; a policy added after them does not reopen them', async () => {
        const [p1, p2, plain] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2), await loadPlanText('branch.segplan', ALLOWS)];
        const v1 = p1.emit('fortigate', true);
        // A policy of someone else's that accepts everything, added after SegPlan's paste (FortiOS puts it last).
        const open = 'config firewall policy\n    edit 7\n        set name "open"\n        set srcintf "any"\n        set dstintf "any"\n        set srcaddr "all"\n        set dstaddr "all"\n        set action accept\n        set schedule "always"\n        set service "ALL"\n    next\nend\n';
        const device = applyFortigate(FORTIGATE_UNRELATED + v1 + open);
        assert.equal(fortigateVerdict(device, 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'deny');
        assert.equal(fortigateVerdict(device, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        assert.equal(fortigateVerdict(device, 'prod', 'mgmt', '10.20.1.1', '10.10.0.10', 'tcp', 443), 'accept', 'the outside policy still accepts what no deny forbids');
        // What the accepts allow is what the plan without its denies allows.
        assert.deepEqual(accepted(applyFortigate(v1)), accepted(applyFortigate(plain.emit('fortigate', true))));
        // Version 2 over version 1 (given as the earlier version): the removed deny is deleted, the kept one stays above the accepts.
        const again = applyFortigate(FORTIGATE_UNRELATED + v1 + p2.emit('fortigate', true, v1));
        const names = [...again.get('firewall policy')!.values()].map(p => p.get('name')?.[0] ?? '').filter(n => n.startsWith('SP_'));
        assert.deepEqual(names.map(n => n.slice(0, 4)), ['SP_d', 'SP_r', 'SP_r', 'SP_r']);
        assert.equal(fortigateVerdict(applyFortigate(FORTIGATE_UNRELATED + v1 + p2.emit('fortigate', true, v1) + open), 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'accept', 'the removed deny still holds');
        assert.equal(fortigateVerdict(again, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
    });
});

/** The boxes a FortiGate configuration accepts, in a comparable form. */
function accepted(tables: FortiTables): string[] {
    return [...tables.get('firewall policy')?.values() ?? []].flatMap(p => fortigatePolicyBoxes(tables, p))
        .map(b => JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}
