import * as assert from 'node:assert/strict';
import { compareBoxes, type Box } from './boxes.js';
import { loadPlanText } from './plan-fixture.js';
import { AsaDevice } from './simulators/asa-device.js';

/**
 * The second apply: a firewall team pastes version 1 of a plan's rules, the plan changes (zones
 * added and removed, rules removed, ports changed), and they paste version 2 over it. What the
 * device then allows must be exactly what version 2 alone allows, and configuration SegPlan did
 * not write must be untouched.
 */

const V1 = `plan "Branch"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
esx : vmware.EsxiHost in prod at 10.20.1.0/28
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> esx tcp 443
allow proxy -> esx tcp 443, 902
`;

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

/** Configuration SegPlan did not write, which must survive. */
const UNRELATED = `object-group network WEB
 network-object host 192.0.2.10
object-group service WEB_PORTS tcp
 port-object eq 443
access-list OUTSIDE_IN extended permit tcp any object-group WEB object-group WEB_PORTS
access-group OUTSIDE_IN in interface outside
`;

function key(boxes: Box[]): string[] {
    return boxes.map(b => JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}

describe('second apply: pasting version 2 over version 1 allows exactly version 2', function () {
    this.timeout(60000);

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
});
