import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { fortigateImporter } from '../../language/audit/importers/fortigate.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { boxOf, EVERY_ADDRESS, type Transport } from '../../language/audit/traffic-space.js';
import { addresses, assertOwnOutputAuditsClean, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * A FortiGate configuration written from Fortinet's documented CLI syntax (nothing copied): a
 * deny listed above an allow with a lower id, nested address groups with an exclusion, a range,
 * custom services with source ports, a service group, a disabled policy, an expired one-time
 * schedule, a negated source, a zone of two interfaces, an FQDN address, a user-group policy,
 * an IPv6 policy, and the implicit deny.
 */
const CONFIG = readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'fortigate.conf'), 'utf8');
const INTERFACES = new Map([
    ['port1', EVERY_ADDRESS], ['port2', addresses('10.1.0.0/25')], ['port3', addresses('10.1.0.128/25')],
    ['port4', addresses('192.0.2.0/24').union(addresses('2001:db8::/64'))]
]);
const NOW = new Date('2026-11-23T12:00:00Z');
const read = (text = CONFIG, now = NOW) => fortigateImporter.import(text, { file: 'fgt.conf', interfaces: INTERFACES, hook: 'forward', now }) as FirewallPolicy;
const lineOf = (id: number) => CONFIG.split('\n').findIndex(l => l.trim() === `edit ${id}`) + 1;

/** Connections, the verdict FortiOS gives each, and the deciding policy (0: the implicit deny). */
const PROBES: [Transport, string, string, number, string, number][] = [
    ['tcp', '203.0.113.9', '192.0.2.10', 443, 'drop', 9],
    ['tcp', '198.51.100.1', '192.0.2.10', 443, 'accept', 2],
    ['tcp', '198.51.100.1', '192.0.2.10', 8005, 'accept', 2],
    ['tcp', '198.51.100.1', '192.0.2.10', 22, 'drop', 0],
    ['udp', '198.51.100.1', '192.0.2.10', 53, 'drop', 0],
    ['udp', '192.0.2.10', '10.1.0.55', 53, 'accept', 5],
    ['udp', '192.0.2.10', '10.1.0.100', 53, 'accept', 5],
    ['udp', '192.0.2.10', '10.1.0.20', 53, 'drop', 0],
    ['tcp', '10.1.0.20', '192.0.2.10', 443, 'drop', 6],
    ['tcp', '10.1.0.100', '192.0.2.10', 443, 'accept', 7],
    ['tcp', '10.1.0.200', '192.0.2.99', 5000, 'accept', 7],
    ['tcp', '10.1.0.5', '198.51.100.1', 443, 'unknown', 8],
    ['tcp', '10.1.0.5', '198.51.100.1', 80, 'unknown', 11],
    ['tcp', '2001:db8:ffff::1', '2001:db8::10', 443, 'accept', 10],
    ['tcp', '2001:db8:ffff::1', '2001:db8::11', 443, 'drop', 0],
    ['tcp', '192.0.2.10', '198.51.100.1', 80, 'drop', 0]
];

describe('audit: FortiGate configuration', () => {
    it('policies in list order, first match: groups, exclusions, ranges, negation, zones, IPv6, the implicit deny', () => {
        const p = read();
        for (const [protocol, from, to, port, verdict, policy] of PROBES) {
            const got = verdictOf(p, protocol, from, to, port);
            assert.deepEqual([got.verdict, got.line], [verdict, policy ? lineOf(policy) : 0], `${from} -> ${to} ${protocol}/${port}`);
        }
        assert.match(evaluate(p, boxOf('tcp', addresses('192.0.2.10'), addresses('198.51.100.1'), [{ from: 80, to: 80 }]), 'new')[0].decidedBy.text, /implicit deny/);
        assert.match(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 443).why ?? '', /host name cloud\.example\.com/);
        assert.match(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 80).why ?? '', /groups staff/);
        assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '198.51.100.1', 50000, 'established').verdict, 'accept', 'replies pass');
    });

    it('a custom service\'s source ports, a disabled policy, an expired schedule', () => {
        const p = read();
        const alt = (sourcePort: number) => evaluate(p, boxOf('tcp', addresses('198.51.100.1'), addresses('192.0.2.10'), [{ from: 8443, to: 8443 }], [{ from: sourcePort, to: sourcePort }]), 'new')[0].verdict;
        assert.deepEqual([alt(40000), alt(1000)], ['accept', 'drop']);
        assert.deepEqual(verdictOf(read(CONFIG, new Date('2019-06-01T00:00:00Z')), 'udp', '198.51.100.1', '192.0.2.10', 53), { verdict: 'accept', line: lineOf(4) });
        const enabled = CONFIG.replace('        set status disable\n', '');
        assert.deepEqual(verdictOf(read(enabled), 'tcp', '198.51.100.1', '192.0.2.10', 22), { verdict: 'accept', line: lineOf(3) });
    });

    it('delete, move and unset change the list as the CLI does', () => {
        const moved = `${CONFIG}config firewall policy\n    move 6 after 7\n    edit 7\n        unset srcaddr\n        set srcaddr "admins"\n    next\n    delete 9\nend\n`;
        const p = read(moved);
        assert.deepEqual(verdictOf(p, 'tcp', '203.0.113.9', '192.0.2.10', 443), { verdict: 'accept', line: lineOf(2) }, 'policy 9 deleted');
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.100', '192.0.2.10', 443), { verdict: 'accept', line: lineOf(7) });
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.20', '192.0.2.10', 443), { verdict: 'drop', line: lineOf(6) }, 'still denied, now after 7 (which no longer matches it)');
    });

    it('reads what real backups hold: values over several lines, `end` closing an `edit`, zones with intrazone allow', () => {
        const certificate = 'config vpn certificate local\n    edit "Fortinet_Factory"\n        set certificate "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----"\n        set comments "it\'s the factory one"\n    end\n';
        const p = read(`${certificate}${CONFIG}`);
        const shifted = (id: number) => lineOf(id) + certificate.split('\n').length - 1;
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 443), { verdict: 'accept', line: shifted(2) });
        // Between the zone's two interfaces no policy matches: denied, unless the zone allows it.
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '10.1.0.200', 5000), { verdict: 'drop', line: 0 });
        const allowing = CONFIG.replace('        set interface "port2" "port3"\n', '        set interface "port2" "port3"\n        set intrazone allow\n');
        const q = read(allowing);
        const zoneLine = allowing.split('\n').findIndex(l => l.includes('set intrazone allow')) + 1;
        assert.deepEqual(verdictOf(q, 'tcp', '10.1.0.5', '10.1.0.200', 5000), { verdict: 'accept', line: zoneLine });
        assert.deepEqual(verdictOf(q, 'tcp', '10.1.0.20', '192.0.2.10', 443), { verdict: 'drop', line: allowing.split('\n').findIndex(l => l.trim() === 'edit 6') + 1 }, 'policies still come first');
    });

    it('one VDOM at a time: a backup with several VDOMs that have policies is refused, one VDOM is read', () => {
        const vdom = (name: string) => `    edit "${name}"\n        config firewall policy\n            edit 1\n                set srcintf "port1"\n                set dstintf "port4"\n                set srcaddr "all"\n                set dstaddr "all"\n                set action accept\n                set service "ALL"\n            next\n        end\n    next\n`;
        assert.match(configErrorOf(() => read(`config vdom\n${vdom('root')}${vdom('dmz')}end\n`)).message, /2 VDOMs have policies \(root, dmz\); each is a firewall of its own/);
        assert.equal(verdictOf(read(`config vdom\n${vdom('root')}end\n`), 'tcp', '198.51.100.1', '192.0.2.10', 22).verdict, 'accept');
    });

    it('is told apart from the other formats by its content', () => {
        assert.equal(detectImporter(CONFIG)?.id, 'fortigate');
        for (const other of ['*filter\n:FORWARD DROP [0:0]\nCOMMIT\n', 'set rulebase security rules r1 from a to b action allow\n', 'access-list A extended permit tcp any any\naccess-group A in interface inside\n']) {
            assert.ok(!fortigateImporter.detect(other), other);
        }
    });

    it('bad input: a message naming the line, never another exception', () => {
        const err = (text: string) => configErrorOf(() => read(text));
        const truncated = CONFIG.slice(0, CONFIG.indexOf('    edit 5'));
        assert.match(err(truncated).message, /fgt\.conf line \d+: the file ends inside `config firewall policy` \(opened at line \d+\)/);
        assert.match(err('edit 1\n').message, /line 1: `edit` outside a `config` block/);
        assert.match(err('config firewall policy\n    edit 1\n    edit 2\n').message, /line 3: `edit` inside `edit 1`/);
        assert.match(err(CONFIG.replace('set tcp-portrange 8000-8010 8443:1024-65535', 'set tcp-portrange 8000-80x')).message, new RegExp(`line ${CONFIG.split('\n').findIndex(l => l.includes('8443:1024')) + 1}: service WEB-ALT: '8000-80x' is not a port range`));
        assert.match(err(CONFIG.replace('set subnet 192.0.2.10 255.255.255.255', 'set subnet 192.0.2.10 255.0.255.0')).message, /'255\.0\.255\.0' is not a contiguous netmask/);
        assert.match(err('config firewall policy\n    move 3 before 1\nend\n').message, /line 2: `move 3 before 1`: both entries must be defined above/);
        assert.match(err('config system global\n    set hostname "fgt"\nend\n').message, /no `config firewall policy` block/);
        assert.match(err('config firewall policy\n    edit 1\n        set comments "never closed\n    next\nend\n').message, /fgt\.conf line 3: a quoted value is not closed/);
    });

    it('SegPlan\'s own FortiGate output, audited, allows every required flow and nothing more', function () {
        this.timeout(300000);
        assertOwnOutputAuditsClean('fortigate', ['veeam-reference', 'mixed-vendors', 'zerto-vsphere-two-site']);
    });
});
