import * as assert from 'node:assert/strict';
import { compareBoxes } from './boxes.js';
import { BRANCH as ALLOWS, V1, V2 } from './branch-plans.js';
import { loadPlanText } from './plan-fixture.js';
import { AsaDevice } from './simulators/asa-device.js';
import { PanosDevice } from './simulators/panos-device.js';
import { FORTIGATE_OPEN_POLICY, FORTIGATE_UNRELATED } from './simulators/unrelated-config.js';
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
        assert.equal([...device.rules.keys()][0].startsWith('SP-d-'), true, 'the deny is not on top');
        assert.equal(device.verdict('prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'allow', 'the removed deny still holds');
        assert.equal(device.verdict('backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        // Pasting the same version again keeps the denies on top.
        device.apply(p2.emit('panos', true, v1));
        assert.equal(device.verdict('backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
    });

    it('FortiGate: deny policies after SegPlan\'s anchor policy; a policy added after them does not reopen them', async () => {
        const [p1, p2, plain] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2), await loadPlanText('branch.segplan', ALLOWS)];
        const v1 = p1.emit('fortigate', true);
        const device = applyFortigate(FORTIGATE_UNRELATED + v1 + OPEN);
        assert.equal(fortigateVerdict(device, 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'deny');
        assert.equal(fortigateVerdict(device, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        assert.equal(fortigateVerdict(device, 'prod', 'mgmt', '10.20.1.1', '10.10.0.10', 'tcp', 443), 'accept', 'the outside policy still accepts what no deny forbids');
        assert.deepEqual(segplanPolicies(device), ['SP_denies_below', 'SP_d', 'SP_d', 'SP_r', 'SP_r', 'SP_r']);
        // What the accepts allow is what the plan without its denies allows.
        assert.deepEqual(accepted(applyFortigate(v1)), accepted(applyFortigate(plain.emit('fortigate', true))));
        // Version 2 over version 1 (given as the earlier version): the removed deny is deleted, the kept one (renumbered, another id) follows the anchor.
        const again = applyFortigate(FORTIGATE_UNRELATED + v1 + p2.emit('fortigate', true, v1));
        assert.deepEqual(segplanPolicies(again), ['SP_denies_below', 'SP_d', 'SP_r', 'SP_r', 'SP_r']);
        assert.equal(fortigateVerdict(applyFortigate(FORTIGATE_UNRELATED + v1 + p2.emit('fortigate', true, v1) + OPEN), 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'accept', 'the removed deny still holds');
        assert.equal(fortigateVerdict(again, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
    });

    it('FortiGate: with the device\'s configuration, the denies are placed above its first policy, and stay there in later versions', async () => {
        const [p1, p2] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2)];
        // The device holds a policy of someone else's above everything, which accepts everything.
        const exported = FORTIGATE_UNRELATED.replace('config firewall policy\n', `config firewall policy\n${FORTIGATE_OPEN_POLICY}`);
        const ids = [...applyFortigate(exported).get('firewall policy')!.keys()];
        assert.equal(ids[0], '7');
        // Without it, the denies stand below that policy, as the header says: it lets denied traffic through.
        const unplaced = p1.emit('fortigate', true);
        assert.match(unplaced, /a policy above that one can still let denied traffic through/);
        assert.equal(fortigateVerdict(applyFortigate(exported + unplaced), 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'accept');
        const v1 = p1.emit('fortigate', true, undefined, { devicePolicies: { file: 'running.conf', ids } });
        assert.match(v1, /^    move 1000000000 before 7$/m);
        assert.match(v1, /this file moves it above policy 7, the first that running\.conf lists/);
        const placed = applyFortigate(exported + v1);
        assert.equal(fortigateVerdict(placed, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        assert.equal(fortigateVerdict(placed, 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'deny');
        assert.equal(fortigateVerdict(placed, 'prod', 'mgmt', '10.20.1.1', '10.10.0.10', 'tcp', 443), 'accept', 'the device\'s policy still accepts what no deny forbids');
        // SegPlan's accepts stay below the device's own policies: only the denies go on top.
        const order = [...placed.get('firewall policy')!.values()].map(p => p.get('name')?.[0] ?? '');
        assert.deepEqual(order.slice(0, 4).map(n => n.replace(/-[0-9a-f]{8}(?:-\d+)?_[0-9a-f]{6}$/, '')), ['SP_denies_below', 'SP_d', 'SP_d', 'open']);
        // Version 2, generated without the device's configuration: its deny (another id) still stands above the device's policy.
        const later = applyFortigate(exported + v1 + p2.emit('fortigate', true, v1));
        assert.equal(fortigateVerdict(later, 'backup', 'mgmt', '10.30.0.21', '10.10.0.10', 'tcp', 22), 'deny');
        assert.equal(fortigateVerdict(later, 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'accept', 'the removed deny still holds');
    });

    it('FortiGate: an accept policy that overlaps a deny (a plan generated with --force) is moved below the denies, also one pasted before them', async () => {
        const open = `${ALLOWS}allow prod -> backup tcp 6162 "overlaps the deny"\n`;
        const [before, forced] = [await loadPlanText('branch.segplan', open), await loadPlanText('branch.segplan', `${open}deny prod -> backup any "Production never reaches the backup zone"\n`)];
        const v1 = before.emit('fortigate', true), v2 = forced.emit('fortigate', true, v1);
        // A policy's id by a text in its block (its name or its comment).
        const id = (text: string, inside: string) => text.split('\n    edit ').find(b => b.includes(inside))!.split('\n')[0];
        const deny = id(v2, 'set name "SP_d-'), overlapping = id(v2, 'set comments "overlaps the deny"');
        assert.equal(id(v1, 'set comments "overlaps the deny"'), overlapping, 'the accept is not the same policy in both versions');
        assert.match(v2, new RegExp(`^    move ${overlapping} after ${deny}$`, 'm'));
        assert.equal((v2.match(/^ {4}move /gm) ?? []).length, 2, 'other accepts are moved too');
        assert.equal(fortigateVerdict(applyFortigate(FORTIGATE_UNRELATED + v1 + v2), 'prod', 'backup', '10.20.1.1', '10.30.0.21', 'tcp', 6162), 'deny');
    });
});

/** A policy of someone else's that accepts everything, added after SegPlan's paste (FortiOS puts it last). */
const OPEN = `config firewall policy\n${FORTIGATE_OPEN_POLICY}end\n`;

/** SegPlan's policies in list order, by name without its digest. */
function segplanPolicies(tables: FortiTables): string[] {
    return [...tables.get('firewall policy')!.values()].map(p => p.get('name')?.[0] ?? '').filter(n => n.startsWith('SP_')).map(n => n.replace(/-[0-9a-f]{8}(?:-\d+)?_[0-9a-f]{6}$/, ''));
}

/** The boxes a FortiGate configuration accepts, in a comparable form. */
function accepted(tables: FortiTables): string[] {
    return [...tables.get('firewall policy')?.values() ?? []].flatMap(p => fortigatePolicyBoxes(tables, p))
        .map(b => JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}
