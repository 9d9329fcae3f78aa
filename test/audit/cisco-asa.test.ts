import * as assert from 'node:assert/strict';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { boxOf, EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses as set, assertOwnOutputAuditsClean, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * A running-config written from Cisco's documented syntax (nothing copied), with the verdict the
 * ASA gives each connection: rule order (a deny above a permit), object groups, service groups,
 * port names, inactive entries, an expired time range, a host-name object, interfaces without an
 * access list (security levels), a global list and an `out` list.
 */
const CONFIG = `: Saved
hostname fw1
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
!
interface GigabitEthernet0/2
 nameif dmz
 security-level 50
!
name 10.1.0.10 vbr-host
object network WEB
 host 192.0.2.10
object network CLOUD
 fqdn cloud.example.com
object-group network ADMINS
 network-object host 10.1.0.50
 network-object 10.1.0.64 255.255.255.192
object-group service WEBPORTS tcp
 port-object eq https
 port-object range 8000 8010
object-group service MIXED
 service-object tcp destination eq ssh
 service-object udp destination eq domain
time-range OLD
 absolute end 23:59 1 January 2020
access-list OUT_IN remark tenants
access-list OUT_IN extended deny tcp host 203.0.113.9 object WEB eq https
access-list OUT_IN extended permit tcp any object WEB object-group WEBPORTS
access-list OUT_IN extended permit tcp any object WEB eq 22 inactive
access-list OUT_IN extended permit udp any object WEB eq 53 time-range OLD
access-list OUT_IN extended permit tcp any host vbr-host eq 6180 log
access-list OUT_IN extended permit tcp any object CLOUD eq 8443
access-list DMZ_IN extended permit object-group MIXED object WEB object-group ADMINS
access-list DMZ_IN extended permit icmp any any
access-list INSIDE_OUT extended deny tcp any any eq telnet
access-list INSIDE_OUT extended permit ip any any
access-group OUT_IN in interface outside
access-group DMZ_IN in interface dmz
access-group INSIDE_OUT out interface inside
`;

const INTERFACES = new Map([
    ['outside', EVERY_ADDRESS],
    ['inside', set('10.1.0.0/24')],
    ['dmz', set('192.0.2.0/24')]
]);

const lineOf = (needle: string) => CONFIG.split('\n').findIndex(l => l.includes(needle)) + 1;

describe('audit: Cisco ASA running-config', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const policy = () => ciscoAsaImporter.import(CONFIG, { file: 'fw1.cfg', interfaces: INTERFACES, hook: 'forward', now }) as FirewallPolicy;

    it('is told apart from nftables and iptables by its content', () => {
        assert.equal(detectImporter(CONFIG)?.id, 'cisco-asa');
    });

    it('first match in the ingress interface\'s list: a deny above a permit wins, then the implicit deny', () => {
        const p = policy();
        assert.deepEqual(verdictOf(p, 'tcp', '203.0.113.9', '192.0.2.10', 443), { verdict: 'drop', line: lineOf('deny tcp host 203.0.113.9') });
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 443), { verdict: 'accept', line: lineOf('object-group WEBPORTS\n') || lineOf('object WEB object-group WEBPORTS') });
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 8005).verdict, 'accept');
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 8011).verdict, 'drop');
        assert.match(String(evaluate(p, boxOf('tcp', set('198.51.100.1'), set('192.0.2.99'), [{ from: 443, to: 443 }]), 'new')[0].decidedBy.text), /implicit deny at the end of access list OUT_IN/);
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '10.1.0.10', 6180).verdict, 'accept', 'a `name` alias as the host');
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '10.1.0.10', 443).verdict, 'drop');
    });

    it('an inactive entry and an entry whose time range has ended let nothing through', () => {
        const p = policy();
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 22).verdict, 'drop');
        assert.equal(verdictOf(p, 'udp', '198.51.100.1', '192.0.2.10', 53).verdict, 'drop');
        const before = ciscoAsaImporter.import(CONFIG, { file: 'fw1.cfg', interfaces: INTERFACES, hook: 'forward', now: new Date('2019-06-01T00:00:00Z') }) as FirewallPolicy;
        assert.equal(verdictOf(before, 'udp', '198.51.100.1', '192.0.2.10', 53).verdict, 'accept', 'before its end the time range is active');
    });

    it('a service group gives protocols and ports; port names are the ASA\'s numbers', () => {
        const p = policy();
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '10.1.0.50', 22).verdict, 'accept');
        assert.equal(verdictOf(p, 'udp', '192.0.2.10', '10.1.0.70', 53).verdict, 'accept');
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '10.1.0.70', 53).verdict, 'drop');
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '10.1.0.20', 22).verdict, 'drop', '10.1.0.20 is not in ADMINS');
    });

    it('without an access list, the security levels decide; an out list filters on the way out; replies pass', () => {
        const p = policy();
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.10', 443).verdict, 'accept', 'inside (100) to dmz (50)');
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'accept', 'inside (100) to outside (0)');
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '10.1.0.50', 23).verdict, 'drop', 'DMZ_IN has no telnet');
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '198.51.100.1', 443, 'established').verdict, 'accept');
        // The out list of inside: a connection the dmz list lets in is still checked leaving for inside.
        const config = CONFIG.replace('access-list DMZ_IN extended permit icmp any any', 'access-list DMZ_IN extended permit tcp any any eq telnet');
        const q = ciscoAsaImporter.import(config, { file: 'fw1.cfg', interfaces: INTERFACES, hook: 'forward', now }) as FirewallPolicy;
        assert.deepEqual(verdictOf(q, 'tcp', '192.0.2.10', '10.1.0.50', 23), { verdict: 'drop', line: lineOf('INSIDE_OUT extended deny tcp any any eq telnet') });
        assert.equal(verdictOf(q, 'tcp', '192.0.2.10', '198.51.100.1', 23).verdict, 'accept', 'outside has no out list');
    });

    it('a host-name object leaves what it might match unknown, never allowed or blocked', () => {
        const pieces = evaluate(policy(), boxOf('tcp', set('198.51.100.1'), set('192.0.2.20'), [{ from: 8443, to: 8443 }]), 'new');
        assert.deepEqual(pieces.map(x => x.verdict), ['unknown']);
        assert.match(pieces[0].why ?? '', /host name cloud\.example\.com/);
    });

    it('bad input: an undefined object, a bad netmask, a host firewall audit — a message naming the line', () => {
        const err = (config: string, options: Partial<{ hook: 'forward' | 'input' }> = {}) => {
            try {
                ciscoAsaImporter.import(config, { file: 'x.cfg', interfaces: INTERFACES, hook: options.hook ?? 'forward', now });
            } catch (error) {
                assert.ok(error instanceof ConfigError, String(error));
                return error.message;
            }
            return assert.fail('no error');
        };
        assert.match(err('access-list A extended permit tcp any object NOPE eq 22\naccess-group A in interface inside\n'), /line 1: object NOPE is not a network object/);
        assert.match(err('access-list A extended permit tcp 10.0.0.0 255.0.255.0 any\naccess-group A in interface inside\n'), /line 1: '255\.0\.255\.0' is not a contiguous netmask/);
        assert.match(err('access-list A extended permit tcp any any\naccess-group B in interface inside\n'), /line 2: access-group names access list B/);
        assert.match(err(CONFIG, { hook: 'input' }), /without --host/);
    });

    it('SegPlan\'s own ASA output, audited, allows every required flow and nothing more', function () {
        this.timeout(300000);
        assertOwnOutputAuditsClean('cisco-asa', ['veeam-reference', 'mixed-vendors', 'zerto-vsphere-two-site']);
    });
});
