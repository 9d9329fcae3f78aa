import * as assert from 'node:assert/strict';
import { compareBoxes, type Box } from './boxes.js';
import { BRANCH } from './branch-plans.js';
import { loadPlanText } from './plan-fixture.js';
import { AsaDevice } from './simulators/asa-device.js';
import { ASA_UNRELATED as UNRELATED, FORTIGATE_UNRELATED, PANOS_UNRELATED } from './simulators/unrelated-config.js';
import { PanosDevice } from './simulators/panos-device.js';
import { applyFortigate, fortigatePolicyBoxes, type FortiTables } from './parsers.js';

/**
 * The second apply: a firewall team pastes version 1 of a plan's rules, the plan changes (zones
 * added and removed, rules removed, ports changed), and they paste version 2 over it. What the
 * device then allows must be exactly what version 2 alone allows, and configuration SegPlan did
 * not write must be untouched.
 */

/** Version 1: three zones, three rules. */
const V1 = BRANCH;

/** Version 2: a zone added before the others (it moves every numbered name), a rule removed, ports changed. */
const V2 = `plan "Branch"
zone admin 10.5.0.0/24
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
zone backup 10.30.0.0/24
ws : veeam.Console in admin at 10.5.0.20
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
esx : vmware.EsxiHost in prod at 10.20.1.0/29
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
allow ws -> vbr tcp 443
allow vbr -> proxy tcp 6162
allow proxy -> esx tcp 902
`;

function key(boxes: Box[]): string[] {
    return boxes.map(b => JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}

describe('second apply: pasting version 2 over version 1 allows exactly version 2', function () {
    this.timeout(300000);

    it('Cisco ASA (object-groups add to existing groups; access lists are cleared and rebound)', async () => {
        const v1 = (await loadPlanText('branch.segplan', V1)).emit('cisco-asa', true);
        const v2 = (await loadPlanText('branch.segplan', V2)).emit('cisco-asa', true);
        for (const before of ['', UNRELATED]) {
            const device = new AsaDevice();
            device.apply(before);
            device.apply(v1);
            device.apply(v2);
            const fresh = new AsaDevice();
            fresh.apply(before);
            fresh.apply(v2);
            for (const acl of new Set([...device.acls.keys(), ...fresh.acls.keys()])) {
                const { missing, extra } = compareBoxes(fresh.listAllows(acl), device.listAllows(acl));
                assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `access list ${acl} after v1 then v2 differs from v2 alone`);
            }
            for (const iface of new Set([...device.bindings.keys(), ...fresh.bindings.keys()])) {
                const { missing, extra } = compareBoxes(fresh.allowed(iface), device.allowed(iface));
                assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `interface ${iface} after v1 then v2 differs from v2 alone`);
            }
            if (before) {
                assert.deepEqual(key(device.allowed('outside')), key(fresh.allowed('outside')));
                assert.ok(device.allowed('outside').length > 0, 'the unrelated access list is gone');
                assert.deepEqual(device.groups.get('WEB'), fresh.groups.get('WEB'));
            }
        }
        // Every zone of version 2 has its access list bound, receive-only zones included.
        const device = new AsaDevice();
        device.apply(v2);
        assert.deepEqual([...device.bindings.keys()].sort(), ['admin', 'backup', 'mgmt', 'prod']);
    });

    it('PAN-OS (set on a rule adds list members; rules named by what they allow; the earlier version\'s leftovers deleted)', async () => {
        const [p1, p2] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2)];
        const v1 = p1.emit('panos', true);
        const v2 = p2.emit('panos', true, v1);
        for (const before of ['', PANOS_UNRELATED]) {
            const device = new PanosDevice();
            device.apply(before);
            device.apply(v1);
            device.apply(v2);
            const fresh = new PanosDevice();
            fresh.apply(before);
            fresh.apply(p2.emit('panos', true));
            assert.deepEqual(device.differencesFrom(fresh), [], 'after v1 then v2 the device allows other than v2 alone');
            if (before) assert.ok(device.rules.has('web-in') && device.addresses.get('web-server') === '192.0.2.10/32', 'the unrelated rule or object is gone');
            // Nothing of version 1 is left behind.
            assert.deepEqual([...device.rules.keys()].sort(), [...fresh.rules.keys()].sort());
            assert.deepEqual([...device.services.keys()].sort(), [...fresh.services.keys()].sort());
            assert.deepEqual([...device.addresses.keys()].sort(), [...fresh.addresses.keys()].sort());
        }
        // Pasting the same version again changes nothing.
        const again = new PanosDevice();
        again.apply(v1);
        again.apply(p1.emit('panos', true, v1));
        const once = new PanosDevice();
        once.apply(v1);
        assert.deepEqual(again.differencesFrom(once), []);
        // Without the earlier version nothing merges either; the header says what is not deleted.
        const blind = new PanosDevice();
        blind.apply(v1);
        blind.apply(p2.emit('panos', true));
        const fresh = new PanosDevice();
        fresh.apply(p2.emit('panos', true));
        for (const [name, rule] of fresh.rules) assert.deepEqual(blind.rules.get(name), rule, `rule ${name} merged with version 1`);
        assert.match(p2.emit('panos', true), /NOT deleted/);
    });

    it('FortiGate (edit keeps unset attributes; ids from SegPlan\'s block; the earlier version\'s policies deleted)', async () => {
        const [p1, p2] = [await loadPlanText('branch.segplan', V1), await loadPlanText('branch.segplan', V2)];
        const v1 = p1.emit('fortigate', true);
        const v2 = p2.emit('fortigate', true, v1);
        for (const before of ['', FORTIGATE_UNRELATED]) {
            const device = applyFortigate(before + v1 + v2);
            const fresh = applyFortigate(before + p2.emit('fortigate', true));
            assert.deepEqual(fortigateDifferences(device, fresh), [], 'after v1 then v2 the device allows other than v2 alone');
            if (before) {
                // Policies made by hand, at the ids FortiOS gives them (and at 1001, where SegPlan used to write), are untouched.
                for (const id of ['1', '1001']) assert.deepEqual(device.get('firewall policy')?.get(id), applyFortigate(FORTIGATE_UNRELATED).get('firewall policy')?.get(id));
            }
            assert.deepEqual([...device.get('firewall service custom')?.keys() ?? []].sort(), [...fresh.get('firewall service custom')?.keys() ?? []].sort());
        }
        // Pasting the same version again changes nothing; without the earlier version nothing merges.
        assert.deepEqual(fortigateDifferences(applyFortigate(v1 + p1.emit('fortigate', true, v1)), applyFortigate(v1)), []);
        const blind = applyFortigate(v1 + p2.emit('fortigate', true));
        const alone = applyFortigate(p2.emit('fortigate', true));
        for (const [id, policy] of alone.get('firewall policy') ?? []) assert.deepEqual(blind.get('firewall policy')?.get(id), policy, `policy ${id} merged with version 1`);
        assert.match(p2.emit('fortigate', true), /NOT deleted/);
    });
});

/** What two FortiGate configurations allow, compared interface pair by interface pair. */
function fortigateDifferences(device: FortiTables, expected: FortiTables): string[] {
    const byPair = (tables: FortiTables) => {
        const out = new Map<string, Box[]>();
        for (const policy of tables.get('firewall policy')?.values() ?? []) {
            const key = `${policy.get('srcintf')?.join(',')}|${policy.get('dstintf')?.join(',')}`;
            out.set(key, [...out.get(key) ?? [], ...fortigatePolicyBoxes(tables, policy)]);
        }
        return out;
    };
    const [mine, theirs] = [byPair(device), byPair(expected)];
    const out: string[] = [];
    for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
        const { missing, extra } = compareBoxes(theirs.get(key) ?? [], mine.get(key) ?? []);
        if (missing.length || extra.length) out.push(`${key}: missing ${missing.join(', ')}; extra ${extra.join(', ')}`);
    }
    return out;
}
