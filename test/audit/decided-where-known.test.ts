import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * What the configuration decides is known, even where a rule of it holds a condition SegPlan does
 * not model: an interface no zone is mapped to anywhere in a chain (after the rule that decides,
 * on a deny that changes nothing, on a jump into a chain that does not touch the flow), a DNAT by
 * a map of TCP ports (UDP and the other ports are not translated), `--syn` and `-m mac` where the
 * rest of the rules agree. An address with host bits is masked as the kernel masks it, with a
 * warning at its line.
 */

const NOW = new Date('2026-11-23T12:00:00Z');
const MAP = new Map([['eth1', addresses('10.1.0.0/24')], ['eth2', addresses('10.2.0.0/24')]]);
const options: ImportOptions = { file: 'fw', interfaces: MAP, hook: 'forward', now: NOW, formatGiven: true };
const ipt = (rules: string[], head: string[] = []) => iptablesSaveImporter.import(['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...head,
    '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', ...rules, 'COMMIT', ''].join('\n'), options) as FirewallPolicy;
const connection = (policy: FirewallPolicy, protocol: 'tcp' | 'udp', from: string, to: string, port: number) => decideConnection([policy], protocol, addresses(from), addresses(to), port);

describe('audit: what the configuration decides is known', function () {
    this.timeout(300_000);

    it('iptables: an unmapped interface after the rule that decides changes nothing', () => {
        const policy = ipt(['-A FORWARD -i eth1 -o eth2 -p tcp -m tcp --dport 5432 -j ACCEPT', '-A FORWARD -i wan0 -j ACCEPT']);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 5432), 'accept');
        // What the wan0 rule may accept is unknown: it may come from wan0.
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 22), 'unknown');
    });

    it('iptables: an unmapped interface on a deny that changes nothing (the policy drops the same)', () => {
        const policy = ipt(['-A FORWARD -i eth1 -o eth2 -p tcp -m tcp --dport 5432 -j ACCEPT', '-A FORWARD -i wan0 -j DROP']);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 22), 'drop');
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 5432), 'accept');
    });

    it('iptables: an unmapped interface before the rule that decides, jumping into a chain that never touches the flow', () => {
        const policy = ipt(['-A FORWARD -i wan0 -j WAN_IN', '-A FORWARD -i eth1 -o eth2 -p tcp -m tcp --dport 5432 -j ACCEPT', '-A WAN_IN -p tcp -m tcp --dport 22 -j DROP', '-A WAN_IN -j RETURN'], [':WAN_IN - [0:0]']);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 5432), 'accept');
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 443), 'drop');
    });

    it('iptables: --syn on a connection\'s packets is exact; -m mac is bounded', () => {
        const policy = ipt(['-A FORWARD -p tcp ! --syn -m state --state NEW -j DROP', '-A FORWARD -s 10.1.0.9/32 -m mac ! --mac-source 00:16:3e:00:00:09 -j DROP',
            '-A FORWARD -i eth1 -o eth2 -p tcp -m tcp --dport 5432 -j ACCEPT']);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 5432), 'accept');
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 22), 'drop');
        // Whether 10.1.0.9's packets come from that MAC decides: unknown, named with its line.
        const why = connection(policy, 'tcp', '10.1.0.9', '10.2.0.5', 5432);
        assert.equal(why, 'unknown');
    });

    it('nftables: a DNAT by a map of TCP ports leaves UDP and the other ports known', async () => {
        const policy = await nftablesImporter.import(`table inet nat {
\tchain pre {
\t\ttype nat hook prerouting priority -100;
\t\tiifname "eth1" dnat ip to tcp dport map { 80 : 10.2.0.80, 443 : 10.2.0.43 }
\t}
}
table inet filter {
\tchain forward {
\t\ttype filter hook forward priority 0; policy drop;
\t\tct state established accept
\t\tiifname "eth1" oifname "eth2" tcp dport { 80, 443, 5432 } accept
\t\tiifname "eth1" oifname "eth2" udp dport 53 accept
\t}
}
`, options);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 5432), 'accept');
        assert.equal(connection(policy, 'udp', '10.1.0.5', '10.2.0.5', 53), 'accept');
        assert.equal(connection(policy, 'udp', '10.1.0.5', '10.2.0.5', 80), 'drop');
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 443), 'unknown');
        // From another interface nothing is translated.
        assert.equal(connection(policy, 'tcp', '10.2.0.5', '10.1.0.5', 443), 'drop');
    });

    it('an address with host bits set is masked as the kernel masks it, with a warning at its line (iptables and nftables)', async () => {
        const policy = ipt(['-A FORWARD -s 10.1.0.77/24 -d 10.2.0.5 -p tcp -m tcp --dport 22 -j ACCEPT']);
        assert.equal(connection(policy, 'tcp', '10.1.0.5', '10.2.0.5', 22), 'accept');
        assert.deepEqual(policy.warnings?.map(w => [w.line, w.why]), [[6, "'10.1.0.77/24' has host bits set: the kernel masks it to 10.1.0.0/24, the whole network (if one host was meant, write it without the prefix length)"]]);
        const nft = await nftablesImporter.import('table inet f {\n\tchain forward {\n\t\ttype filter hook forward priority 0; policy drop;\n\t\tct state established accept\n\t\tip saddr 10.1.0.77/24 tcp dport 22 accept\n\t}\n}\n', options);
        assert.equal(connection(nft, 'tcp', '10.1.0.5', '10.2.0.5', 22), 'accept');
        assert.deepEqual(nft.warnings?.map(w => w.line), [5]);
    });

    it('segplan audit prints the warning at the line, in text and JSON', () => {
        const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-hostbits-'));
        try {
            const plan = path.join(tmp, 'plan.segplan'), config = path.join(tmp, 'fw.rules');
            writeFileSync(plan, ['plan "p"', 'zone app 10.1.0.0/24', 'zone db 10.2.0.0/24', 'web : infra.VmGuest in app at 10.1.0.5 os linux', 'sql : infra.VmGuest in db at 10.2.0.5 os linux',
                'require web -> sql tcp 5432 "the database"', 'allow app -> db tcp 5432', ''].join('\n'));
            writeFileSync(config, ['# Generated by iptables-save v1.8.9', '*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT',
                '-A FORWARD -s 10.1.0.77/24 -d 10.2.0.0/24 -p tcp -m tcp --dport 5432 -j ACCEPT', 'COMMIT', ''].join('\n'));
            const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config, ...args], { encoding: 'utf8' });
            const text = cli();
            assert.match(text.stdout, /warning .*fw\.rules:5: .*10\.1\.0\.77\/24.* host bits set/);
            const json = JSON.parse(cli('--format', 'json').stdout);
            assert.deepEqual(json.warnings.map((w: { line: number }) => w.line), [5]);
            assert.deepEqual(json.flows.map((f: { ports: string[]; verdict: string }) => [f.ports, f.verdict]), [[['5432'], 'allowed']]);
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });
});
