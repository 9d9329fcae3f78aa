import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { boxOf, EVERY_ADDRESS, type Transport } from '../../language/audit/traffic-space.js';
import { addresses, assertOwnOutputAuditsClean, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * One PAN-OS policy written twice from Palo Alto's documented syntax (nothing copied), as `set`
 * commands and as an XML export: a deny above an allow, address and service groups, a range, a
 * disabled rule, an expired schedule, an App-ID rule, a negated source, a rule moved before
 * another, a host-name object, and the default rules.
 */
const fixture = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', name), 'utf8');
const SET = fixture('panos.set'), XML = fixture('panos.xml');
const INTERFACES = new Map([['untrust', EVERY_ADDRESS], ['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
const NOW = new Date('2026-11-23T12:00:00Z');

function read(text: string, now = NOW): FirewallPolicy {
    return panosImporter.import(text, { file: 'fw.cfg', interfaces: INTERFACES, hook: 'forward', now }) as FirewallPolicy;
}

const setLine = (needle: string) => SET.split('\n').findIndex(l => l.includes(needle)) + 1;
const xmlLine = (rule: string) => XML.split('\n').findIndex((l, i, all) => l.includes(`<entry name="${rule}">`) && all.slice(0, i).some(x => x.includes('<rules>'))) + 1;

/** Connections and the verdict, and rule, PAN-OS gives each. */
const PROBES: [Transport, string, string, number, string, string | undefined][] = [
    ['tcp', '203.0.113.9', '192.0.2.10', 443, 'drop', 'deny-bad'],
    ['tcp', '198.51.100.1', '192.0.2.10', 443, 'accept', 'allow-web'],
    ['tcp', '198.51.100.1', '192.0.2.10', 8005, 'accept', 'allow-web'],
    ['tcp', '198.51.100.1', '192.0.2.10', 22, 'drop', undefined], // the disabled rule: interzone-default
    ['udp', '198.51.100.1', '192.0.2.10', 53, 'drop', undefined], // the expired schedule
    ['tcp', '198.51.100.1', '192.0.2.10', 9443, 'unknown', 'app-id'],
    ['udp', '192.0.2.10', '10.1.0.70', 53, 'accept', 'admins-mgmt'],
    ['udp', '192.0.2.10', '10.1.0.55', 53, 'accept', 'admins-mgmt'],
    ['udp', '192.0.2.10', '10.1.0.20', 53, 'drop', undefined],
    ['tcp', '192.0.2.10', '10.1.0.55', 53, 'drop', undefined],
    ['tcp', '10.1.0.5', '192.0.2.10', 443, 'drop', 'not-admins'],
    ['tcp', '10.1.0.55', '192.0.2.10', 443, 'accept', 'trust-to-dmz'],
    ['tcp', '10.1.0.5', '192.0.2.99', 5000, 'accept', 'trust-to-dmz'],
    ['tcp', '10.1.0.5', '198.51.100.1', 443, 'unknown', 'cloud'],
    ['tcp', '10.1.0.5', '10.1.0.6', 5000, 'accept', undefined], // intrazone-default
    ['tcp', '192.0.2.10', '198.51.100.1', 80, 'drop', undefined] // interzone-default
];

describe('audit: PAN-OS (set commands and XML export)', () => {
    for (const [form, text, lineOf] of [['set commands', SET, (rule: string) => setLine(`rules ${rule} `)], ['XML export', XML, xmlLine]] as const) {
        it(`${form}: rule order, groups, ranges, negation, disabled and expired rules, the default rules`, () => {
            const p = read(text);
            for (const [protocol, from, to, port, verdict, rule] of PROBES) {
                const got = verdictOf(p, protocol, from, to, port);
                assert.equal(got.verdict, verdict, `${from} -> ${to} ${protocol}/${port}`);
                assert.equal(got.line, rule ? lineOf(rule) : 0, `${from} -> ${to} ${protocol}/${port} decided by ${rule ?? 'a default rule'}`);
            }
            assert.match(verdictOf(p, 'tcp', '10.1.0.5', '10.1.0.6', 5000).why ?? evaluate(p, boxOf('tcp', addresses('10.1.0.5'), addresses('10.1.0.6'), [{ from: 5000, to: 5000 }]), 'new')[0].decidedBy.text, /intrazone-default/);
            assert.match(evaluate(p, boxOf('tcp', addresses('192.0.2.10'), addresses('198.51.100.1'), [{ from: 80, to: 80 }]), 'new')[0].decidedBy.text, /interzone-default/);
            assert.match(verdictOf(p, 'tcp', '198.51.100.1', '192.0.2.10', 9443).why ?? '', /App-ID application ssl/);
            assert.match(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 443).why ?? '', /host name cloud\.example\.com/);
            assert.equal(verdictOf(p, 'tcp', '192.0.2.10', '198.51.100.1', 50000, 'established').verdict, 'accept', 'replies pass');
            // A service's source ports: ssh from the dmz to an admin only from ports 1024 and up.
            const ssh = (sourcePort: number) => evaluate(p, boxOf('tcp', addresses('192.0.2.10'), addresses('10.1.0.55'), [{ from: 22, to: 22 }], [{ from: sourcePort, to: sourcePort }]), 'new')[0].verdict;
            assert.deepEqual([ssh(40000), ssh(1000)], ['accept', 'drop']);
            // Before its end the schedule is active; near a bound, the firewall's time zone decides.
            assert.equal(verdictOf(read(text, new Date('2019-06-01T00:00:00Z')), 'udp', '198.51.100.1', '192.0.2.10', 53).verdict, 'accept');
            const nearEnd = verdictOf(read(text, new Date('2020-01-01T03:00:00Z')), 'udp', '198.51.100.1', '192.0.2.10', 53);
            assert.equal(nearEnd.verdict, 'unknown');
            assert.match(nearEnd.why ?? '', /schedule old starts or ends within hours of the audit's time/);
        });
    }

    it('tells both forms apart from the other formats', () => {
        assert.equal(detectImporter(SET)?.id, 'panos');
        assert.equal(detectImporter(XML)?.id, 'panos');
        for (const other of ['*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 22 -j ACCEPT\nCOMMIT\n', 'access-list A extended permit tcp any any eq 22\naccess-group A in interface inside\n',
            '{"SecurityGroups": [{"IpPermissions": []}]}', 'config firewall policy\n    edit 1\n        set srcintf "port1"\n    next\nend\n']) {
            assert.ok(!panosImporter.detect(other), other);
        }
    });

    it('bad input: a message naming the line, never another exception', () => {
        const err = (text: string) => configErrorOf(() => read(text));
        const truncated = XML.slice(0, XML.indexOf('<entry name="app-id">') + 40);
        assert.match(err(truncated).message, /fw\.cfg line \d+: not well-formed XML/);
        assert.match(err('set rulebase security rules r1 description "open\n').message, /line 1: a quoted value is not closed/);
        assert.match(err('set rulebase security rules r1 source [ a b\n').message, /line 1: a list '\[' is not closed/);
        assert.match(err('set rulebase security rules r1 from a to b action allow\nmove rulebase security rules r1 before r9\n').message, /line 2: move before rule r9/);
        assert.match(err('set rulebase security rules r1 from a to b source any destination any application any service any action permit\n').message, /line 1: rule r1 has action 'permit'/);
        assert.match(err('<config><mgt-config/></config>').message, /no <devices> or <shared> section/);
        // Nothing unreadable is taken as "any": that would widen what the audit finds allowed.
        assert.match(err(XML.replace('<from><member>untrust</member></from><to><member>dmz</member></to>\n                  <source><member>blocked-host</member>', '<from>untrust</from><to><member>dmz</member></to>\n                  <source><member>blocked-host</member>')).message,
            new RegExp(`line ${xmlLine('deny-bad')}: rule deny-bad: <from> holds no <member> elements`));
        assert.match(err(XML.replace('<entry name="blocked-host">', '<entry>')).message, new RegExp(`line ${XML.split('\n').findIndex(l => l.includes('<entry name="blocked-host">')) + 1}: an <entry> under <address> has no name attribute`));
        assert.match(err('set service s protocol tcp port\n').message, /line 1: service s: 'port' has no value/);
        assert.match(err('set rulebase security rules r1 from a to b source any destination any application any action allow\n').message, /line 1: rule r1 has no service \(PAN-OS requires each/);
        assert.match(err(SET.replace(' source any destination web application ssl service svc-alt', ' destination web application ssl service svc-alt')).message, new RegExp(`line ${setLine('rules app-id ')}: rule app-id has no source`));
    });

    it('SegPlan\'s own PAN-OS output, audited, allows every required flow and nothing more', function () {
        this.timeout(300000);
        assertOwnOutputAuditsClean('panos', ['veeam-reference', 'mixed-vendors', 'zerto-vsphere-two-site']);
    });
});
