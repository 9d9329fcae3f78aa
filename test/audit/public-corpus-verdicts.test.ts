import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { findImporter } from '../../language/audit/importers/registry.js';
import type { AddressSet } from '../../language/network/addresses.js';
import { boxOf, EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
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

    it('Cisco ASA, CiscoDevNet cisco-asav standalone-asac day0-config: the management-only interface passes nothing through; the global access list allows the rest', async () => {
        const text = corpus('cisco-asa/ciscodevnet-asav-standalone-asac-day0-config');
        // A day-0 paste: interface sub-commands unindented, read in interface configuration mode.
        // management (management-only, level 100), inside and outside (level 100 each), same-security
        // traffic permitted, `access-list allow-all extended permit ip any any` bound global.
        const map = new Map([['management', addresses('172.16.0.0/24')], ['inside', addresses('10.1.0.0/24')], ['outside', addresses('198.51.100.0/24')]]);
        const policy = await read('cisco-asa', text, map);
        const managementOnly = lineOf(text, 'management-only');
        assert.equal(managementOnly, lineOf(text, 'interface management0/0') + 1);
        // Cisco: a management-only interface accepts traffic to the ASA only, and passes no through traffic, in or out.
        assert.deepEqual(verdictOf(policy, 'tcp', '172.16.0.5', '10.1.0.5', 443), { verdict: 'drop', line: managementOnly });
        assert.deepEqual(verdictOf(policy, 'udp', '198.51.100.5', '172.16.0.5', 53), { verdict: 'drop', line: managementOnly });
        // A global access list applies inbound on every interface, and with it the security levels no longer decide.
        const permit = lineOf(text, 'access-list allow-all extended permit ip any any');
        assert.deepEqual(verdictOf(policy, 'tcp', '10.1.0.5', '198.51.100.5', 443), { verdict: 'accept', line: permit });
        assert.deepEqual(verdictOf(policy, 'udp', '198.51.100.5', '10.1.0.5', 161), { verdict: 'accept', line: permit });
        assert.deepEqual(policy.unevaluated, []);
    });

    it('nftables, its own dnat test (tests/py/ip/dnat.t): `dnat ip to tcp dport map { 443 : …, 80 : … }` makes unknown only the packets of its keys', async () => {
        const text = corpus('nftables/nftables-tests-py-ip-dnat.t-tcp-dport-map.nft');
        const policy = await read('nftables', text, new Map());
        const dnat = lineOf(text, 'dnat ip to tcp dport map');
        // nft(8): the map gives the new address and port for a TCP packet to 192.168.0.1 whose port is a key:
        // where it goes then is another address and port, which the audit does not follow.
        for (const port of [443, 80]) {
            const got = verdictOf(policy, 'tcp', '10.0.0.5', '192.168.0.1', port);
            assert.equal(got.verdict, 'unknown');
            assert.equal(got.line, dnat);
            assert.match(got.why ?? '', /dnat/);
        }
        // A port no key names, UDP, another destination: the rule changes nothing, and no chain filters (line 0: nothing decides, the kernel accepts).
        for (const [protocol, to, port] of [['tcp', '192.168.0.1', 22], ['udp', '192.168.0.1', 443], ['tcp', '192.168.0.2', 443]] as const) {
            assert.deepEqual(verdictOf(policy, protocol, '10.0.0.5', to, port), { verdict: 'accept', line: 0 }, `${protocol} ${to}:${port}`);
        }
    });

    it('nftables, its own test of log (tests/shell/testcases/parsing/log): `ip daddr 127.0.0.1/8` is masked as the kernel masks it, with a warning at each line', async () => {
        const text = corpus('nftables/nftables-tests-shell-parsing-log.nft');
        const policy = await read('nftables', text, new Map());
        const lines = text.split('\n').flatMap((l, i) => l.includes('127.0.0.1/8') ? [i + 1] : []);
        assert.deepEqual(lines, [3, 4]);
        assert.deepEqual(policy.warnings?.map(w => w.line), lines);
        for (const w of policy.warnings ?? []) assert.match(w.why, /'127\.0\.0\.1\/8' has host bits set: the kernel masks it to 127\.0\.0\.0\/8/);
        // `limit` is not modeled: each rule is reported at its own line (the command form, `add rule t c …`).
        assert.deepEqual(policy.unevaluated.map(u => u.line), lines);
        // Chain c has no hook and nothing jumps to it: it decides nothing, and nothing else filters.
        assert.deepEqual(verdictOf(policy, 'tcp', '10.0.0.5', '127.0.0.5', 443), { verdict: 'accept', line: 0 });
    });

    it('iptables, linux.gda.pl (from Diekmann et al.\'s collection): -m mac and -m time rules are bounded, reported at their lines, and decide nothing they cannot change', async () => {
        const text = corpus('iptables/diekmann-linux.gda.pl-firewallp.txt');
        const policy = await read('iptables', text, new Map([['eth0', EVERY_ADDRESS]]));
        // Each line with a match the reader does not model is reported, with the match: the four time rules, the twelve MAC rules.
        const reported = new Map(policy.unevaluated.map(u => [u.line, u.why]));
        text.split('\n').forEach((line, i) => {
            if (line.includes('-m mac')) assert.match(reported.get(i + 1) ?? '', /-m mac is not modeled/, `line ${i + 1}`);
            else if (line.includes('-m time')) assert.match(reported.get(i + 1) ?? '', /-m time\) is not modeled/, `line ${i + 1}`);
            else assert.equal(reported.get(i + 1), undefined, `line ${i + 1}`);
        });
        // UDP to 192.168.0.0/16 from a host no MAC rule names: -A FORWARD -d 192.168.0.0/16 -j ACCEPT.
        assert.deepEqual(verdictOf(policy, 'udp', '10.9.9.9', '192.168.5.5', 53), { verdict: 'accept', line: lineOf(text, '-d 192.168.0.0/16') });
        // From 192.168.1.1 to the Internet: its MAC rule accepts, or the packet goes on to the FORWARD policy, ACCEPT: allowed either way.
        assert.deepEqual(verdictOf(policy, 'udp', '192.168.1.1', '8.8.8.8', 53), { verdict: 'accept', line: lineOf(text, ':FORWARD ACCEPT') });
        // TCP: the time-of-day drops (by source port, and of Kazaa by content) decide by the clock: unknown, with their line.
        const tcp = evaluate(policy, boxOf('tcp', addresses('192.168.1.1'), addresses('8.8.8.8'), [{ from: 443, to: 443 }]), 'new');
        assert.ok(tcp.every(piece => piece.verdict === 'unknown' && /-m time\) is not modeled.*\(line \d+\)/.test(piece.why ?? '')), JSON.stringify(tcp.map(piece => [piece.verdict, piece.decidedBy.line, piece.why])));
        assert.ok(tcp.some(piece => piece.decidedBy.line === lineOf(text, 'X-Kazaa-User')));
    });
});
