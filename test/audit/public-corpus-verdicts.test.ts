import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { findImporter } from '../../language/audit/importers/registry.js';
import type { AddressSet } from '../../language/network/addresses.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * Hand-checked verdicts on public configurations of the corpus (provenance in
 * corpus/provenance.json): each connection with the verdict the platform gives it and, beside it,
 * the rule of the file that decides it.
 */
const corpus = (file: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'corpus', file), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;
const NOW = new Date('2026-11-23T12:00:00Z');

async function read(format: string, text: string, interfaces: ReadonlyMap<string, AddressSet>, hook: ImportOptions['hook'] = 'forward'): Promise<FirewallPolicy> {
    return findImporter(format)!.import(text, { file: format, interfaces, hook, now: NOW });
}

describe('audit: hand-checked verdicts on public configurations', () => {
    it('PAN-OS, Batfish vsys-rulebase: each vsys has a zone z1 and a rule RULE1; vsys2\'s allows, vsys1\'s denies', async () => {
        const text = corpus('panos/batfish-vsys-rulebase');
        // vsys1's z1 is ethernet1/1-2 (1.1.1.0/24, 1.1.2.0/24), vsys2's z1 ethernet1/3-4 (1.1.3.0/24, 1.1.4.0/24).
        const map = new Map([['vsys1/z1', addresses('1.1.1.0/24').union(addresses('1.1.2.0/24'))], ['vsys2/z1', addresses('1.1.3.0/24').union(addresses('1.1.4.0/24'))]]);
        const policy = await read('panos', text, map);
        // Within vsys2's z1: vsys2's RULE1 (action allow) decides, not vsys1's deny of the same name.
        assert.deepEqual(verdictOf(policy, 'tcp', '1.1.3.5', '1.1.4.5', 443), { verdict: 'accept', line: lineOf(text, 'set vsys vsys2 rulebase security rules RULE1') });
        // Within vsys1's z1: vsys1's RULE1 (action deny).
        assert.deepEqual(verdictOf(policy, 'tcp', '1.1.1.5', '1.1.2.5', 443), { verdict: 'drop', line: lineOf(text, 'set vsys vsys1 rulebase security rules RULE1') });
        // A bare zone name z1 is in both vsys: unknown until the map names the vsys.
        const bare = await read('panos', text, new Map([['z1', addresses('1.1.3.0/24')]]));
        assert.match(verdictOf(bare, 'tcp', '1.1.3.5', '1.1.3.6', 443).why ?? '', /zone z1 is in more than one virtual system/);
    });

    it('PAN-OS, Batfish allow-inter-vsys: from vsys1\'s zin to vsys2\'s zout crosses virtual systems, which the audit does not evaluate', async () => {
        const text = corpus('panos/batfish-allow-inter-vsys');
        const policy = await read('panos', text, new Map([['vsys1/zin', addresses('10.1.0.0/24')], ['vsys2/zout', addresses('10.2.0.0/24')]]));
        const got = verdictOf(policy, 'tcp', '10.1.0.5', '10.2.0.5', 80);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /from a zone of vsys1 to a zone of vsys2/);
    });

    it('iptables, Batfish example host1: INPUT DROP with udp/53 and tcp/22 accepted; FORWARD ACCEPT', async () => {
        const text = corpus('iptables/batfish-example-host1.iptables');
        const map = new Map([['eth0', EVERY_ADDRESS]]);
        const host = await read('iptables', text, map, 'input');
        assert.deepEqual(verdictOf(host, 'tcp', '192.0.2.5', '10.0.0.1', 22), { verdict: 'accept', line: lineOf(text, '--dport 22') }); // -A INPUT -p tcp --dport 22 -j ACCEPT
        assert.deepEqual(verdictOf(host, 'udp', '192.0.2.5', '10.0.0.1', 53), { verdict: 'accept', line: lineOf(text, '--dport 53') }); // -A INPUT -p udp --dport 53 -j ACCEPT
        assert.deepEqual(verdictOf(host, 'tcp', '192.0.2.5', '10.0.0.1', 443), { verdict: 'drop', line: lineOf(text, ':INPUT DROP') }); // the INPUT policy
        const router = await read('iptables', text, map);
        // Every chain a routed packet passes (mangle, nat, filter FORWARD) accepts by its policy: the first of them is named.
        assert.deepEqual(verdictOf(router, 'tcp', '192.0.2.5', '10.0.0.1', 443), { verdict: 'accept', line: lineOf(text, ':PREROUTING ACCEPT') });
    });

    it('iptables, Batfish iptables-firewall z1-firewall: a file of the mangle table only is refused, not read as if nothing filtered', async () => {
        const error = await read('iptables', corpus('iptables/batfish-iptables-firewall-z1-firewall.v4'), new Map()).then(() => undefined, (e: Error) => e);
        assert.match(error?.message ?? '', /has no \*filter table \(only \*mangle\)/);
    });

    it('AWS, Batfish hybrid-cloud-aws: launch-wizard-3 lets in ssh from 71.231.80.18 only', async () => {
        const text = corpus('aws-security-groups/batfish-hybrid-cloud-aws-SecurityGroups.json');
        // Every group stands for a network of its own (the export does not say which hosts each guards).
        const ids = [...new Set([...text.matchAll(/"GroupId"\s*:\s*"([^"]+)"/g)].map(m => m[1]))];
        const map = new Map(ids.map((id, i) => [id, addresses(`10.${i + 1}.0.0/24`)] as const));
        const host = `10.${ids.indexOf('sg-a30183d9') + 1}.0.5`;
        const policy = await read('aws-security-groups', text, map);
        // Its only inbound permission: tcp 22 from 71.231.80.18/32 (the source is behind no group: nothing holds it back outbound).
        assert.deepEqual(verdictOf(policy, 'tcp', '71.231.80.18', host, 22), { verdict: 'accept', line: lineOf(text, '"CidrIp": "71.231.80.18/32"') });
        // Another source, or another port: no permission of the group allows it (groups only allow).
        assert.equal(verdictOf(policy, 'tcp', '71.231.80.19', host, 22).verdict, 'drop');
        assert.equal(verdictOf(policy, 'tcp', '71.231.80.18', host, 443).verdict, 'drop');
    });
});
