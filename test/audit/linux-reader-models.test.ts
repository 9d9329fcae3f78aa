import * as assert from 'node:assert/strict';
import { evaluate, type ConnectionState, type FirewallPolicy, type Verdict } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { IPTABLES_MODEL } from '../../language/audit/importers/iptables-rule.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { NFTABLES_MODEL } from '../../language/audit/importers/nftables-rule.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { boxOf, type Transport } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * Every word the iptables and nftables readers model is on an explicit list (IPTABLES_MODEL,
 * NFTABLES_MODEL), and this test walks each list: a fixture per entry, a rule set that uses it,
 * with the verdicts it must give — packets it lets through and packets it does not, in the
 * connection state the rule is about. A list entry without a fixture fails the test, and so does
 * a fixture for a word the list does not hold. Words off the list make their rule unevaluated at
 * its line (the last tests).
 */

const NOW = new Date('2026-11-23T12:00:00Z');
const INTERFACES = new Map([['app', addresses('10.0.1.0/24')], ['db', addresses('10.0.2.0/24')]]);
const options: ImportOptions = { file: 'fw', interfaces: INTERFACES, hook: 'forward', now: NOW, formatGiven: true };

/** A packet: protocol, source, destination, destination port, state (new by default), source port (40000 by default). */
type Packet = [Transport, string, string, number, ConnectionState?, number?];

/** The verdict of one packet, which must be one. */
function verdictOf(policy: FirewallPolicy, [protocol, from, to, port, state = 'new', sport = 40000]: Packet): Verdict {
    const pieces = evaluate(policy, boxOf(protocol, addresses(from), addresses(to), [{ from: port, to: port }], [{ from: sport, to: sport }]), state);
    const verdicts = new Set(pieces.map(p => p.verdict));
    assert.equal(verdicts.size, 1, JSON.stringify(pieces.map(p => [p.verdict, p.why])));
    return pieces[0].verdict;
}

interface Fixture {
    /** Rules of the FORWARD chain (iptables `-A FORWARD …` lines without the `-A FORWARD`, or whole lines; nftables rule lines of the forward chain). */
    readonly rules: readonly string[];
    /** Packets the rule set lets through, drops, and cannot decide. */
    readonly accept?: readonly Packet[];
    readonly drop?: readonly Packet[];
    readonly unknown?: readonly Packet[];
    /** Extra chains (iptables: their whole lines; nftables: `chain name { … }` blocks). */
    readonly chains?: readonly string[];
    /** nftables: the table's family (inet by default). */
    readonly family?: string;
}

const A: Packet = ['tcp', '10.0.1.5', '10.0.2.5', 22];

const IPTABLES: Readonly<Record<string, Fixture>> = {
    'option -s': { rules: ['-s 10.0.1.0/24 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.3.5', '10.0.2.5', 22]] },
    'option --source': { rules: ['! --source 10.0.3.0/24 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.3.5', '10.0.2.5', 22]] },
    'option -d': { rules: ['-d 10.0.2.0/255.255.255.0 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.3.5', 22]] },
    'option --destination': { rules: ['--destination 10.0.2.5,10.0.2.6 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.7', 22]] },
    'option -p': { rules: ['-p udp -j ACCEPT', '-p icmp -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53]], drop: [A] },
    'option --protocol': { rules: ['! --protocol udp -j ACCEPT'], accept: [A], drop: [['udp', '10.0.1.5', '10.0.2.5', 53]] },
    'option -i': { rules: ['-i app -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.3.5', '10.0.2.5', 22]] },
    'option --in-interface': { rules: ['! --in-interface app -j ACCEPT'], accept: [['tcp', '10.0.3.5', '10.0.2.5', 22]], drop: [A] },
    'option -o': { rules: ['-o db -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.3.5', 22]] },
    'option --out-interface': { rules: ['--out-interface d+ -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.3.5', 22]] },
    'option -m': { rules: ['-p tcp -m tcp --dport 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'option --match': { rules: ['-p tcp --match multiport --dports 22,80 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'option -j': { rules: ['-p tcp -j ACCEPT'], accept: [A], drop: [['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'option --jump': { rules: ['--jump C', '-j ACCEPT'], chains: [':C - [0:0]', '-A C -p tcp --dport 22 -j DROP'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]], drop: [A] },
    // A goto's chain does not come back: what falls off its end meets the base chain's policy, not the next rule.
    'option -g': { rules: ['-g C', '-j ACCEPT'], chains: [':C - [0:0]', '-A C -p tcp --dport 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'option --goto': { rules: ['--goto C', '-j ACCEPT'], chains: [':C - [0:0]', '-A C -p tcp --dport 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'match tcp --dport': { rules: ['-p tcp -m tcp --dport 20:22 -j ACCEPT'], accept: [A, ['tcp', '10.0.1.5', '10.0.2.5', 20]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23], ['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'match tcp --destination-port': { rules: ['-p tcp --destination-port 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'match tcp --sport': { rules: ['-p tcp -m tcp --sport 1024: -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 1000]] },
    'match tcp --source-port': { rules: ['-p tcp ! --source-port 40000 -j ACCEPT'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 1000]], drop: [A] },
    // --syn: the first packet of a connection (SYN) only; its answer and later packets carry ACK.
    'match tcp --syn': { rules: ['-p tcp -m tcp --syn -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer'], ['tcp', '10.0.1.5', '10.0.2.5', 22, 'established']] },
    'match tcp --tcp-flags': {
        rules: ['-p tcp -m tcp --tcp-flags SYN,ACK SYN,ACK -j ACCEPT', '-p tcp -m tcp --tcp-flags FIN,RST FIN -j ACCEPT'],
        accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer']], drop: [A], unknown: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'established']]
    },
    // In the audit no host name is known: a set's members are not in the file, so the rule cannot be told.
    'match set --match-set': { rules: ['-m set --match-set admins src -j ACCEPT'], unknown: [A] },
    'match udp --dport': { rules: ['-p udp -m udp --dport 53 -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 53]] },
    'match udp --destination-port': { rules: ['-p udp --destination-port 53 -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53]], drop: [['udp', '10.0.1.5', '10.0.2.5', 54]] },
    'match udp --sport': { rules: ['-p udp --sport 53 -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 9, 'new', 53]], drop: [['udp', '10.0.1.5', '10.0.2.5', 53]] },
    'match udp --source-port': { rules: ['-p udp -m udp --source-port 53 -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 9, 'new', 53]], drop: [['udp', '10.0.1.5', '10.0.2.5', 53]] },
    'match multiport --dports': { rules: ['-p tcp -m multiport --dports 22,8000:8100 -j ACCEPT'], accept: [A, ['tcp', '10.0.1.5', '10.0.2.5', 8050]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'match multiport --destination-ports': { rules: ['-p tcp -m multiport --destination-ports 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'match multiport --sports': { rules: ['-p tcp -m multiport --sports 1000,2000 -j ACCEPT'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 2000]], drop: [A] },
    'match multiport --source-ports': { rules: ['-p tcp -m multiport ! --source-ports 40000 -j ACCEPT'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 2000]], drop: [A] },
    // Either port: a packet from port 22 or to port 22.
    'match multiport --ports': { rules: ['-p tcp -m multiport --ports 22 -j ACCEPT'], accept: [A, ['tcp', '10.0.1.5', '10.0.2.5', 9, 'new', 22]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 9]] },
    'match iprange --src-range': { rules: ['-m iprange --src-range 10.0.1.1-10.0.1.9 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.10', '10.0.2.5', 22]] },
    'match iprange --dst-range': { rules: ['-m iprange ! --dst-range 10.0.2.6-10.0.2.9 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.7', 22]] },
    // RELATED is neither the answer nor a later packet; SNAT is unknown after the first packet (which is not yet translated);
    // DNAT, with NEW, is unknown on the later packets only (NEW holds on the first).
    'match conntrack --ctstate': {
        rules: ['-m conntrack --ctstate RELATED -j ACCEPT', '-m conntrack --ctstate NEW,UNTRACKED -j ACCEPT', '-m conntrack --ctstate SNAT -j ACCEPT'],
        accept: [A], drop: [], unknown: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer'], ['tcp', '10.0.1.5', '10.0.2.5', 22, 'established']]
    },
    'match conntrack --ctstate (DNAT)': {
        rules: ['-p udp -m conntrack --ctstate NEW,DNAT -j ACCEPT', '-p tcp -m conntrack ! --ctstate NEW,DNAT -j DROP', '-p tcp -j ACCEPT'],
        accept: [['udp', '10.0.1.5', '10.0.2.5', 53], A], unknown: [['udp', '10.0.1.5', '10.0.2.5', 53, 'answer'], ['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer']]
    },
    'match state --state': { rules: ['-m state --state ESTABLISHED -j ACCEPT'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer'], ['udp', '10.0.1.5', '10.0.2.5', 22, 'established']], drop: [A] },
    'match time --datestart': { rules: ['-m time --datestart 2026-11-24T00:00:00 -j DROP', '-m time --datestart 2026-01-01T00:00:00 -j ACCEPT'], accept: [A] },
    'match time --datestop': { rules: ['-p udp -m time --datestop 2026-11-23T11:00:00 -j ACCEPT', '-p tcp -m time --datestop 2026-11-23T13:00:00 -j ACCEPT'], accept: [A], drop: [['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'match time --utc': { rules: ['-m time --datestop 2026-11-23T13:00:00 --utc -j ACCEPT'], accept: [A] },
    // In the kernel's time zone, an hour from now may be past or ahead: the kernel's clock decides.
    'match time --kerneltz': { rules: ['-p tcp -m time --datestop 2026-11-23T13:00:00 --kerneltz -j ACCEPT', '-p udp -m time --datestop 2026-12-24T13:00:00 --kerneltz -j ACCEPT'], accept: [['udp', '10.0.1.5', '10.0.2.5', 22]], unknown: [A] },
    'match comment --comment': { rules: ['-p tcp -m comment --comment "-j DROP is only a comment" -j ACCEPT'], accept: [A] },
    'target ACCEPT': { rules: ['-j ACCEPT'], accept: [A] },
    'target DROP': { rules: ['-j DROP', '-j ACCEPT'], drop: [A] },
    'target REJECT': { rules: ['-p tcp -j REJECT --reject-with tcp-reset', '-j ACCEPT'], drop: [A], accept: [['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'target RETURN': { rules: ['-j C', '-j ACCEPT'], chains: [':C - [0:0]', '-A C -p tcp -j RETURN', '-A C -j DROP'], accept: [A], drop: [['udp', '10.0.1.5', '10.0.2.5', 22]] },
    ...Object.fromEntries(['LOG --log-prefix "x: "', 'NFLOG --nflog-group 1', 'ULOG', 'AUDIT --type accept', 'TRACE', 'MARK --set-xmark 0x1/0xffffffff', 'CONNMARK --save-mark', 'SECMARK --selctx x',
        'CONNSECMARK --save', 'TCPMSS --clamp-mss-to-pmtu', 'TOS --set-tos 0x10', 'DSCP --set-dscp 1', 'TTL --ttl-set 64', 'HL --hl-set 64', 'CLASSIFY --set-class 1:1', 'CHECKSUM --checksum-fill',
        'IDLETIMER --timeout 5 --label x', 'LED --led-trigger-id x', 'RATEEST --rateest-name x --rateest-interval 1 --rateest-ewmalog 2', 'SNAT --to-source 10.9.9.9', 'MASQUERADE', 'CT --helper ftp']
        .map(t => [`target ${t.split(' ')[0]}`, { rules: [`-p tcp -j ${t}`, '-p tcp --dport 22 -j ACCEPT'], accept: [A], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] }])),
    // What these do to the packets is not known: the packets they meet are unknown; the others are not.
    ...Object.fromEntries(['NOTRACK', 'DNAT --to-destination 10.0.2.9', 'REDIRECT --to-ports 8080', 'NETMAP --to 10.9.0.0/24', 'TPROXY --on-port 1']
        .map(t => [`target ${t.split(' ')[0]}`, { rules: [`-p tcp --dport 22 -j ${t}`, '-j ACCEPT'], unknown: [A], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] }]))
};

/** The file of a fixture: the filter table, FORWARD dropping what no rule accepts. */
function iptablesFile(f: Fixture): string {
    const chains = f.chains ?? [];
    return ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...chains.filter(l => l.startsWith(':')),
        ...f.rules.map(r => `-A FORWARD ${r}`), ...chains.filter(l => !l.startsWith(':')), 'COMMIT', ''].join('\n');
}

const N: Packet = ['tcp', '10.0.1.5', '10.0.2.5', 22];

const NFTABLES: Readonly<Record<string, Fixture>> = {
    'match ip saddr': { rules: ['ip saddr { 10.0.1.0/24, 10.0.5.1-10.0.5.9 } accept'], accept: [N, ['tcp', '10.0.5.5', '10.0.2.5', 22]], drop: [['tcp', '10.0.3.5', '10.0.2.5', 22]] },
    'match ip daddr': { rules: ['ip daddr != 10.0.3.0/24 accept'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.3.5', 22], ['tcp', 'fd00::1', 'fd00::2', 22]] },
    'match ip6 saddr': { rules: ['ip6 saddr fd00::/64 accept'], accept: [['tcp', 'fd00::1', 'fd01::2', 22]], drop: [N] },
    'match ip6 daddr': { rules: ['ip6 daddr @v6hosts accept'], chains: ['set v6hosts { type ipv6_addr; elements = { fd01::2 } }'], accept: [['tcp', 'fd00::1', 'fd01::2', 22]], drop: [['tcp', 'fd00::1', 'fd01::3', 22]] },
    'match tcp dport': { rules: ['tcp dport { 20-22, 80 } accept'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23], ['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'match tcp sport': { rules: ['tcp sport 1024-65535 accept'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 1000]] },
    'match udp dport': { rules: ['udp dport 53 accept'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 53]] },
    'match udp sport': { rules: ['udp sport != 40000 accept'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53, 'new', 1]], drop: [['udp', '10.0.1.5', '10.0.2.5', 53]] },
    'match th dport': { rules: ['th dport 53 accept'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53], ['tcp', '10.0.1.5', '10.0.2.5', 53]], drop: [N] },
    'match th sport': { rules: ['th sport 40000 accept'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'new', 1]] },
    'match tcp flags': {
        rules: ['tcp flags & (fin|syn|rst|ack) == syn accept', 'tcp flags & (syn|ack) == syn|ack accept', 'tcp flags fin accept'],
        accept: [N, ['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer']], unknown: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'established']]
    },
    'match ip protocol': { rules: ['ip protocol udp accept'], accept: [['udp', '10.0.1.5', '10.0.2.5', 53]], drop: [N] },
    'match ip6 nexthdr': { rules: ['ip6 nexthdr tcp accept'], accept: [['tcp', 'fd00::1', 'fd01::2', 22]], drop: [N] },
    'match meta l4proto': { rules: ['meta l4proto { tcp, udp } th dport 22 accept'], accept: [N, ['udp', '10.0.1.5', '10.0.2.5', 22]] },
    'match meta nfproto': { rules: ['meta nfproto ipv6 accept'], accept: [['tcp', 'fd00::1', 'fd01::2', 22]], drop: [N] },
    'match meta iifname': { rules: ['iifname "app" accept'], accept: [N], drop: [['tcp', '10.0.3.5', '10.0.2.5', 22]] },
    'match meta oifname': { rules: ['oifname != "db" drop', 'accept'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.3.5', 22]] },
    'match meta iif': { rules: ['meta iif "lo" drop', 'accept'], accept: [N] },
    'match meta oif': { rules: ['meta oif "lo" drop', 'accept'], accept: [N] },
    'match ct state': { rules: ['ct state related accept', 'ct state established accept'], accept: [['tcp', '10.0.1.5', '10.0.2.5', 22, 'answer']], drop: [N] },
    'match meta time': { rules: ['meta time < "2026-11-23 11:00:00" drop', 'meta time < "2026-11-23 13:00:00" accept'], accept: [N] },
    ...Object.fromEntries(['icmp type echo-request', 'icmpv6 type echo-request', 'igmp type membership-query', 'sctp dport 22', 'dccp dport 22', 'esp spi 1', 'ah spi 1']
        .map(m => [`match ${m.split(' ')[0]} *`, { rules: [`${m} accept`], drop: [N, ['udp', '10.0.1.5', '10.0.2.5', 22]] }])),
    concatenation: { rules: ['ip saddr . tcp dport { 10.0.1.5 . 22, 10.0.1.6 . 80 } accept'], accept: [N, ['tcp', '10.0.1.6', '10.0.2.5', 80]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 80]] },
    'statement accept': { rules: ['accept'], accept: [N] },
    'statement drop': { rules: ['drop', 'accept'], drop: [N] },
    'statement reject': { rules: ['tcp dport 22 reject with tcp reset', 'accept'], drop: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement return': { rules: ['jump c', 'accept'], chains: ['chain c {\n\t\ttcp dport 22 return\n\t\tdrop\n\t}'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement continue': { rules: ['tcp dport 22 continue', 'tcp dport 22 accept'], accept: [N] },
    'statement jump': { rules: ['jump c', 'accept'], chains: ['chain c {\n\t\ttcp dport 22 drop\n\t}'], drop: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement goto': { rules: ['goto c', 'accept'], chains: ['chain c {\n\t\ttcp dport 22 accept\n\t}'], accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement vmap': { rules: ['tcp dport vmap { 22 : accept, 23 : drop }', 'accept'], accept: [N, ['tcp', '10.0.1.5', '10.0.2.5', 24]], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    ...Object.fromEntries(['counter', 'log prefix "x "', 'meta mark set 1', 'update @seen { ip saddr }', 'dup to 10.0.9.9 device "lo"']
        .map(s => [`statement ${s === 'meta mark set 1' ? 'mangle' : s === 'update @seen { ip saddr }' ? 'set' : s.split(' ')[0]}`, {
            // dup is for ip, ip6 and netdev tables only.
            rules: [`tcp dport 22 ${s} accept`], chains: ['set seen { type ipv4_addr; flags dynamic; }'], family: s.startsWith('dup') ? 'ip' : undefined,
            accept: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]]
        }])),
    'statement snat': { rules: ['tcp dport 22 accept'], chains: ['chain post {\n\t\ttype nat hook postrouting priority 100;\n\t\tsnat ip to 10.9.9.9\n\t}'], accept: [N] },
    'statement masquerade': { rules: ['tcp dport 22 accept'], chains: ['chain post {\n\t\ttype nat hook postrouting priority 100;\n\t\tmasquerade\n\t}'], accept: [N] },
    // A rate limit matches some packets and not others: bounded. Before a drop of everything it decides nothing.
    'statement limit': { rules: ['tcp dport 22 limit rate 5/second accept', 'tcp dport 23 limit rate 5/second drop'], unknown: [N], drop: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement quota': { rules: ['tcp dport 22 quota until 100 mbytes accept', 'accept'], accept: [N] },
    // A translation keyed by a map: only the packets of its keys are unknown.
    'statement dnat': {
        rules: ['accept'], chains: ['chain pre {\n\t\ttype nat hook prerouting priority -100;\n\t\tdnat ip to tcp dport map { 22 : 10.0.2.9, 443 : 10.0.2.10 }\n\t}'],
        unknown: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23], ['udp', '10.0.1.5', '10.0.2.5', 22]]
    },
    'statement redirect': { rules: ['accept'], chains: ['chain pre {\n\t\ttype nat hook prerouting priority -100;\n\t\ttcp dport 22 redirect to :2222\n\t}'], unknown: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement tproxy': { rules: ['accept'], chains: ['chain pre {\n\t\ttype filter hook prerouting priority -150;\n\t\ttcp dport 22 tproxy ip to :2222\n\t}'], unknown: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] },
    'statement notrack': { rules: ['accept'], chains: ['chain raw {\n\t\ttype filter hook prerouting priority -300;\n\t\ttcp dport 22 notrack\n\t}'], unknown: [N], accept: [['tcp', '10.0.1.5', '10.0.2.5', 23]] }
};

function nftablesFile(f: Fixture): string {
    return [`table ${f.family ?? 'inet'} fw {`, ...(f.chains ?? []).map(c => `\t${c}`), '\tchain forward {', '\t\ttype filter hook forward priority 0; policy drop;',
        ...f.rules.map(r => `\t\t${r}`), '\t}', '}', ''].join('\n');
}

function check(name: string, policy: FirewallPolicy, f: Fixture): void {
    for (const [verdict, packets] of [['accept', f.accept], ['drop', f.drop], ['unknown', f.unknown]] as const) {
        for (const p of packets ?? []) assert.equal(verdictOf(policy, p), verdict, `${name}: ${p.join(' ')}`);
    }
    assert.ok((f.accept?.length ?? 0) + (f.drop?.length ?? 0) + (f.unknown?.length ?? 0) > 0, `${name}: the fixture checks nothing`);
}

describe('audit: every word the Linux readers model has a fixture, and gives its verdicts', function () {
    this.timeout(300_000);

    it('iptables: a fixture per entry of the list, and no fixture off it', () => {
        const entries = IPTABLES_MODEL.entries().map(e => `${e.kind} ${e.name}`);
        assert.deepEqual(entries.filter(e => !IPTABLES[e]), [], 'entries without a fixture');
        // A fixture may show one entry in several ways: `entry (how)`.
        assert.deepEqual(Object.keys(IPTABLES).filter(k => !entries.includes(k.replace(/ \(.*\)$/, ''))), [], 'fixtures for words off the list');
    });

    for (const [name, f] of Object.entries(IPTABLES)) {
        it(`iptables ${name}`, async () => check(name, await iptablesSaveImporter.import(iptablesFile(f), options), f));
    }

    it('nftables: a fixture per entry of the list, and no fixture off it', () => {
        const entries = NFTABLES_MODEL.entries().map(e => e.kind === 'match' && e.name === 'concatenation' ? e.name : `${e.kind} ${e.name}`);
        assert.deepEqual(entries.filter(e => !NFTABLES[e]), [], 'entries without a fixture');
        assert.deepEqual(Object.keys(NFTABLES).filter(k => !entries.includes(k)), [], 'fixtures for words off the list');
    });

    for (const [name, f] of Object.entries(NFTABLES)) {
        it(`nftables ${name}`, async () => check(name, await nftablesImporter.import(nftablesFile(f), options), f));
    }
});

describe('audit: a word the Linux readers do not model makes its rule unevaluated at its line, never skipped', function () {
    this.timeout(300_000);

    const OFF_LIST_IPTABLES = ['-m mac --mac-source 00:11:22:33:44:55', '-m limit --limit 5/sec', '-m mark --mark 0x1', '-m set --match-set admins src', '-m addrtype --dst-type LOCAL',
        '-m conntrack --ctstatus CONFIRMED', '-m conntrack --ctdir REPLY', '-m time --weekdays Mon', '-p tcp -m tcp --tcp-option 8', '-m owner --uid-owner 0', '-m physdev --physdev-in eth0',
        '-i eth9', '-m recent --rcheck --seconds 60', '-m ttl --ttl-eq 64', '-m length --length 0:100', '-f', '-m state --state NEW,BOGUS',
        // Whether a connection was translated depends on NAT rules that may be elsewhere (another table, another tool): not modeled.
        '-m conntrack --ctstate DNAT', '-m conntrack ! --ctstate DNAT'];
    for (const words of OFF_LIST_IPTABLES) {
        it(`iptables: ${words}`, async () => {
            const policy = await iptablesSaveImporter.import(iptablesFile({ rules: [`${words} -j ACCEPT`, '-p tcp --dport 80 -j ACCEPT'] }), options);
            assert.deepEqual(policy.unevaluated.map(u => u.line), [5], JSON.stringify(policy.unevaluated));
            // It may accept what it names: unknown there, with its line; what no rule could accept stays dropped… unless another rule accepts it anyway.
            const p: Packet = ['tcp', '10.0.1.5', '10.0.2.5', 22];
            const pieces = evaluate(policy, boxOf(p[0], addresses(p[1]), addresses(p[2]), [{ from: 22, to: 22 }], [{ from: 40000, to: 40000 }]), 'new');
            assert.deepEqual(pieces.map(x => [x.verdict, x.decidedBy.line]), [['unknown', 5]]);
            assert.match(pieces[0].why ?? '', /line 5/);
            assert.equal(verdictOf(policy, ['tcp', '10.0.1.5', '10.0.2.5', 80]), 'accept');
        });
    }

    it('iptables: a target off the list makes what it meets unknown', async () => {
        const policy = await iptablesSaveImporter.import(iptablesFile({ rules: ['-p tcp --dport 22 -j NFQUEUE --queue-num 1', '-j ACCEPT'] }), options);
        assert.equal(verdictOf(policy, A), 'unknown');
        assert.equal(verdictOf(policy, ['tcp', '10.0.1.5', '10.0.2.5', 23]), 'accept');
    });

    // The targets' options were looked up in an object: a target named like a property of every object threw a TypeError.
    for (const target of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        it(`iptables: -j ${target}, with options, is a target off the list (never an error)`, async () => {
            const policy = await iptablesSaveImporter.import(iptablesFile({ rules: [`-p tcp --dport 22 -j ${target} --log-prefix x`, '-j ACCEPT'] }), options);
            assert.deepEqual(policy.unevaluated.map(u => u.line), [5], JSON.stringify(policy.unevaluated));
            assert.equal(verdictOf(policy, A), 'unknown');
            assert.equal(verdictOf(policy, ['tcp', '10.0.1.5', '10.0.2.5', 23]), 'accept');
        });
    }

    const OFF_LIST_NFTABLES = ['meta mark 0x1', 'ct mark 0x1', 'ip ttl 64', 'ether saddr 00:11:22:33:44:55', 'ct direction reply', 'meta pkttype unicast', 'iifname "eth9"', 'ip length 100',
        'tcp option maxseg size 1400', 'meta skuid 0', 'numgen random mod 2 0', 'fib saddr . iif oif missing', 'ip dscp cs1', 'ct status dnat', 'ct status snat'];
    for (const words of OFF_LIST_NFTABLES) {
        it(`nftables: ${words}`, async () => {
            const policy = await nftablesImporter.import(nftablesFile({ rules: [`${words} accept`, 'tcp dport 80 accept'] }), options);
            assert.deepEqual(policy.unevaluated.map(u => u.line), [4], JSON.stringify(policy.unevaluated));
            const pieces = evaluate(policy, boxOf('tcp', addresses('10.0.1.5'), addresses('10.0.2.5'), [{ from: 22, to: 22 }], [{ from: 40000, to: 40000 }]), 'new');
            assert.deepEqual(pieces.map(x => [x.verdict, x.decidedBy.line]), [['unknown', 4]]);
            assert.equal(verdictOf(policy, ['tcp', '10.0.1.5', '10.0.2.5', 80]), 'accept');
        });
    }
});
