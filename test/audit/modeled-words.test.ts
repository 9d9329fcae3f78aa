import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ASA_ENTRY_WORDS, ASA_INTERFACE_WORDS, ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { FORTIGATE_POLICY_WORDS, fortigateImporter } from '../../language/audit/importers/fortigate.js';
import { PANOS_RULE_WORDS } from '../../language/audit/importers/panos-config.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { addresses, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * Each reader's explicit list of what it models, walked entry by entry: a fixture per modeled
 * word with the verdict the platform gives; a fixture per word that changes nothing, whose verdicts
 * are those without it; and a word on no list, which makes the rule (or interface) it is in unknown
 * at its line — never skipped.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
type Expect = 'accept' | 'drop' | 'unknown';

describe('close the class: FortiGate policy settings', () => {
    const MAP = new Map([['port1', addresses('198.51.100.0/24').union(addresses('fd00:2::/64'))], ['port2', addresses('10.1.0.0/24').union(addresses('fd00:1::/64'))]]);
    const OBJECTS = 'config firewall address\n    edit "h"\n        set subnet 10.1.0.6 255.255.255.255\n    next\nend\n'
        + 'config firewall service custom\n    edit "HTTPS"\n        set tcp-portrange 443\n    next\nend\n'
        + 'config firewall schedule onetime\n    edit "past"\n        set start "00:00 2000/01/01"\n        set end "23:59 2020/01/01"\n    next\nend\n';
    const BASE = ['set srcintf "port2"', 'set dstintf "port1"', 'set srcaddr "all"', 'set dstaddr "all"', 'set action accept', 'set schedule "always"', 'set service "ALL"'];
    const policy = (settings: string[]) => `${OBJECTS}config firewall policy\n    edit 1\n${settings.map(l => `        ${l}\n`).join('')}    next\nend\n`;
    const judge = (settings: string[], v6 = false, port = 22) => {
        const p = fortigateImporter.import(policy(settings), { file: 'fgt.conf', interfaces: MAP, hook: 'forward', now: NOW }) as FirewallPolicy;
        return verdictOf(p, 'tcp', v6 ? 'fd00:1::5' : '10.1.0.5', v6 ? 'fd00:2::5' : '198.51.100.5', port).verdict;
    };
    const with6 = [...BASE, 'set srcaddr6 "all"', 'set dstaddr6 "all"'];
    const replaced = (key: string, value: string, base = BASE) => [...base.filter(l => !l.startsWith(`set ${key} `)), `set ${key} ${value}`];
    const isdb = (key: string, value: string) => [...BASE, 'set internet-service enable', `set ${key} ${value}`];
    const MODELED: Record<(typeof FORTIGATE_POLICY_WORDS.modeled)[number], [string[], Expect, boolean?, number?]> = {
        srcintf: [replaced('srcintf', '"port1"'), 'drop'], dstintf: [replaced('dstintf', '"port2"'), 'drop'],
        srcaddr: [replaced('srcaddr', '"h"'), 'drop'], dstaddr: [replaced('dstaddr', '"h"'), 'drop'],
        srcaddr6: [[...BASE, 'set srcaddr6 "all"', 'set dstaddr6 "all"'], 'accept', true], dstaddr6: [[...BASE, 'set srcaddr6 "all"'], 'drop', true],
        'srcaddr-negate': [[...BASE, 'set srcaddr-negate enable'], 'drop'], 'dstaddr-negate': [[...BASE, 'set dstaddr-negate enable'], 'drop'],
        'srcaddr6-negate': [[...with6, 'set srcaddr6-negate enable'], 'drop', true], 'dstaddr6-negate': [[...with6, 'set dstaddr6-negate enable'], 'drop', true],
        action: [replaced('action', 'deny'), 'drop'], status: [[...BASE, 'set status disable'], 'drop'], schedule: [replaced('schedule', '"past"'), 'drop'],
        service: [replaced('service', '"HTTPS"'), 'drop'], 'service-negate': [[...replaced('service', '"HTTPS"'), 'set service-negate enable'], 'unknown'],
        users: [[...BASE, 'set users "alice"'], 'unknown'], groups: [[...BASE, 'set groups "admins"'], 'unknown'], 'fsso-groups': [[...BASE, 'set fsso-groups "CN=admins"'], 'unknown'],
        'internet-service': [isdb('internet-service', 'enable'), 'unknown'], 'internet-service-name': [isdb('internet-service-name', '"Some-Cloud"'), 'unknown'],
        'internet-service-id': [isdb('internet-service-id', '327681'), 'unknown'], 'internet-service-src': [[...BASE, 'set internet-service-src enable'], 'unknown'],
        'internet-service-src-name': [[...BASE, 'set internet-service-src enable', 'set internet-service-src-name "Some-Cloud"'], 'unknown'],
        'internet-service-src-id': [[...BASE, 'set internet-service-src enable', 'set internet-service-src-id 327681'], 'unknown'],
        'internet-service6': [[...with6, 'set internet-service6 enable'], 'unknown', true], 'internet-service6-name': [[...with6, 'set internet-service6 enable', 'set internet-service6-name "Some-Cloud"'], 'unknown', true],
        'internet-service6-src': [[...with6, 'set internet-service6-src enable'], 'unknown', true],
        'internet-service6-src-name': [[...with6, 'set internet-service6-src enable', 'set internet-service6-src-name "Some-Cloud"'], 'unknown', true]
    };

    it('every modeled setting has a fixture, with the verdict FortiOS gives', () => {
        assert.deepEqual(Object.keys(MODELED).sort(), [...FORTIGATE_POLICY_WORDS.modeled].sort());
        assert.equal(judge(BASE), 'accept', 'the policy without them accepts');
        for (const [word, [settings, expected, v6]] of Object.entries(MODELED)) assert.equal(judge(settings, v6), expected, word);
    });

    it('every setting that changes nothing leaves the verdicts as they are', () => {
        for (const word of FORTIGATE_POLICY_WORDS.noEffect) {
            for (const base of [BASE, replaced('action', 'deny')]) assert.equal(judge([...base, `set ${word} "x"`]), judge(base), word);
        }
    });

    it('application control (or a profile group not in the file, which may hold it) may block an accepted connection: unknown', () => {
        for (const word of FORTIGATE_POLICY_WORDS.applicationControl) {
            assert.equal(judge([...BASE, `set ${word} "default"`]), 'unknown', word);
            assert.equal(judge([...replaced('action', 'deny'), `set ${word} "default"`]), 'drop', `${word} on a deny`);
        }
    });

    it('a setting on no list makes the policy unknown at its line', () => {
        const p = fortigateImporter.import(policy([...BASE, 'set brand-new-matcher "x"']), { file: 'fgt.conf', interfaces: MAP, hook: 'forward', now: NOW }) as FirewallPolicy;
        const got = verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.5', 22);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /brand-new-matcher .*not a policy setting the audit knows/);
    });
});

describe('close the class: Cisco ASA interface sub-commands', () => {
    const MAP = new Map([['inside', addresses('10.1.0.0/24')], ['outside', addresses('198.51.100.0/24')]]);
    const config = (inside: string[]) => `: Saved\nASA Version 9.16(4)\ninterface GigabitEthernet0/1\n${inside.map(l => ` ${l}\n`).join('')}!\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\n!\n`;
    const BASE = ['nameif inside', 'security-level 100'];
    const judge = (inside: string[]) => verdictOf(ciscoAsaImporter.import(config(inside), { file: 'asa.cfg', interfaces: MAP, hook: 'forward', now: NOW }) as FirewallPolicy, 'tcp', '10.1.0.5', '198.51.100.5', 443).verdict;
    const MODELED: Record<(typeof ASA_INTERFACE_WORDS.modeled)[number], [string[], Expect]> = {
        nameif: [['nameif inside2', 'security-level 100'], 'unknown'], // another name: the plan does not map it
        'security-level': [['nameif inside', 'security-level 0'], 'drop'], // same level, no same-security-traffic
        'management-only': [[...BASE, 'management-only'], 'drop'],
        shutdown: [[...BASE, 'shutdown'], 'drop']
    };

    it('every modeled sub-command has a fixture, with the verdict the ASA gives', () => {
        assert.deepEqual(Object.keys(MODELED).sort(), [...ASA_INTERFACE_WORDS.modeled].sort());
        assert.equal(judge(BASE), 'accept');
        for (const [word, [lines, expected]] of Object.entries(MODELED)) assert.equal(judge(lines), expected, word);
    });

    it('every sub-command that changes nothing leaves the verdict as it is, also as `no <sub-command>`', () => {
        for (const word of ASA_INTERFACE_WORDS.noEffect) {
            assert.equal(judge([...BASE, `${word} 1`]), 'accept', word);
            assert.equal(judge([...BASE, `no ${word}`]), 'accept', `no ${word}`);
        }
    });

    it('a sub-command on no list makes what passes through the interface unknown, at its line', () => {
        assert.equal(judge([...BASE, 'zone-member z1']), 'unknown');
    });
});

describe('close the class: Cisco ASA access list entries', () => {
    const MAP = new Map([['inside', addresses('10.1.0.0/24')], ['outside', addresses('198.51.100.0/24')]]);
    const config = (entries: string[]) => `: Saved\nASA Version 9.16(4)\ninterface GigabitEthernet0/1\n nameif inside\n security-level 100\n!\ninterface GigabitEthernet0/0\n nameif outside\n security-level 0\n!\n`
        + 'time-range past\n absolute start 00:00 01 January 2020 end 00:00 01 February 2020\n'
        + `${entries.map(e => `access-list OUT ${e}\n`).join('')}access-list OUT extended permit tcp any host 10.1.0.10 eq 443\naccess-group OUT in interface outside\n`;
    const judge = (entries: string[], port = 443) => verdictOf(ciscoAsaImporter.import(config(entries), { file: 'asa.cfg', interfaces: MAP, hook: 'forward', now: NOW }) as FirewallPolicy, 'tcp', '198.51.100.5', '10.1.0.10', port);
    const DENY = 'extended deny tcp any any eq 443';
    const KINDS: Record<(typeof ASA_ENTRY_WORDS.kinds)[number], [string, Expect]> = { extended: [DENY, 'drop'], remark: ['remark deny tcp any any eq 443', 'accept'] };
    const OPTIONS: Record<(typeof ASA_ENTRY_WORDS.options)[number], [string, Expect]> = {
        inactive: [`${DENY} inactive`, 'accept'], 'time-range': [`${DENY} time-range past`, 'accept'], log: [`${DENY} log 6 interval 300`, 'drop']
    };

    it('every entry kind read has a fixture, with the verdict the ASA gives', () => {
        assert.deepEqual(Object.keys(KINDS).sort(), [...ASA_ENTRY_WORDS.kinds].sort());
        assert.equal(judge([]).verdict, 'accept');
        for (const [kind, [entry, expected]] of Object.entries(KINDS)) assert.equal(judge([entry]).verdict, expected, kind);
    });

    it('standard, ethertype and webtype entries filter no IP traffic through an interface', () => {
        const entries: Record<(typeof ASA_ENTRY_WORDS.otherTraffic)[number], string> = { standard: 'standard deny any4', ethertype: 'ethertype deny bpdu', webtype: 'webtype deny url any' };
        assert.deepEqual(Object.keys(entries).sort(), [...ASA_ENTRY_WORDS.otherTraffic].sort());
        for (const [kind, entry] of Object.entries(entries)) assert.equal(judge([entry]).verdict, 'accept', kind);
    });

    it('an entry kind on no list (an FTD advanced entry) makes what reaches it unknown at its line, never skipped', () => {
        const got = judge(['advanced deny tcp any any eq 443 rule-id 268435459']);
        assert.equal(got.verdict, 'unknown');
        assert.equal(got.line, config([]).split('\n').findIndex(l => l.startsWith('access-list')) + 1);
        assert.match(got.why ?? '', /advanced access list entry/);
    });

    it('every option after the ports has a fixture; any other word leaves the entry matching or not', () => {
        assert.deepEqual(Object.keys(OPTIONS).sort(), [...ASA_ENTRY_WORDS.options].sort());
        for (const [word, [entry, expected]] of Object.entries(OPTIONS)) assert.equal(judge([entry]).verdict, expected, word);
        // A word after `log` is not a logging option: it is not swallowed as one.
        const permitFirst = judge(['extended permit tcp any any eq 22 log brand-new-option'], 22);
        assert.equal(permitFirst.verdict, 'unknown');
        assert.match(permitFirst.why ?? '', /'brand-new-option' in an access list entry is not understood/);
    });
});

describe('close the class: PAN-OS security rule settings (set commands and XML export)', () => {
    const MAP = new Map([['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
    const OBJECTS = 'set zone trust network layer3 ethernet1/2\nset zone dmz network layer3 ethernet1/3\n'
        + 'set service tcp-22 protocol tcp port 22\nset service tcp-443 protocol tcp port 443\n'
        + 'set schedule past schedule-type non-recurring 2020/01/01@00:00-2020/02/01@00:00\n';
    const BASE: Record<string, string> = { from: 'trust', to: 'dmz', source: 'any', destination: 'any', application: 'any', service: 'tcp-22', action: 'allow' };
    const setRule = (settings: Record<string, string>) => OBJECTS + Object.entries(settings).map(([k, v]) => `set rulebase security rules r ${k} ${v}\n`).join('');
    const judge = (text: string, file = 'fw.set') => verdictOf(panosImporter.import(text, { file, interfaces: MAP, hook: 'forward', now: NOW }) as FirewallPolicy, 'tcp', '10.1.0.5', '192.0.2.5', 22);
    const judgeSet = (extra: Record<string, string>, base = BASE) => judge(setRule({ ...base, ...extra })).verdict;
    /** The same rule as an XML export, with `children` added inside the rule's entry. */
    const xmlRule = (children: string) => `<config><devices><entry name="localhost.localdomain"><vsys><entry name="vsys1">
<zone><entry name="trust"/><entry name="dmz"/></zone>
<service><entry name="tcp-22"><protocol><tcp><port>22</port></tcp></protocol></entry></service>
<rulebase><security><rules><entry name="r">
<from><member>trust</member></from><to><member>dmz</member></to><source><member>any</member></source><destination><member>any</member></destination>
<application><member>any</member></application><service><member>tcp-22</member></service><action>allow</action>
${children}
</entry></rules></security></rulebase></entry></vsys></entry></devices></config>
`;
    const MODELED: Record<(typeof PANOS_RULE_WORDS.modeled)[number], [Record<string, string>, Expect]> = {
        from: [{ from: 'dmz' }, 'drop'], to: [{ to: 'trust' }, 'drop'], source: [{ source: '10.1.0.9' }, 'drop'], destination: [{ destination: '192.0.2.9' }, 'drop'],
        service: [{ service: 'tcp-443' }, 'drop'], application: [{ application: 'ssh' }, 'unknown'], 'source-user': [{ 'source-user': 'alice' }, 'unknown'],
        category: [{ category: 'social-networking' }, 'unknown'], action: [{ action: 'deny' }, 'drop'], disabled: [{ disabled: 'yes' }, 'drop'],
        'negate-source': [{ 'negate-source': 'yes' }, 'drop'], 'negate-destination': [{ 'negate-destination': 'yes' }, 'drop'],
        schedule: [{ schedule: 'past' }, 'drop'], 'rule-type': [{ 'rule-type': 'intrazone' }, 'drop'], target: [{ target: 'devices 007051000012345' }, 'unknown']
    };

    it('every modeled setting has a fixture, with the verdict PAN-OS gives', () => {
        assert.deepEqual(Object.keys(MODELED).sort(), [...PANOS_RULE_WORDS.modeled].sort());
        assert.equal(judgeSet({}), 'accept', 'the rule without them allows');
        for (const [word, [extra, expected]] of Object.entries(MODELED)) assert.equal(judgeSet(extra), expected, word);
        // Panorama's target without devices or tags (negate alone) is every firewall of the group.
        assert.equal(judgeSet({ target: 'negate no' }), 'accept');
    });

    it('every setting that changes nothing leaves the verdicts as they are', () => {
        for (const word of PANOS_RULE_WORDS.noEffect) {
            for (const base of [BASE, { ...BASE, action: 'deny' }]) assert.equal(judgeSet({ [word]: 'x' }, base), judgeSet({}, base), word);
        }
    });

    it('a condition the audit does not evaluate makes an allow rule unknown, unless it is any', () => {
        for (const word of PANOS_RULE_WORDS.notEvaluated) {
            assert.equal(judgeSet({ [word]: 'some-profile' }), 'unknown', word);
            assert.equal(judgeSet({ [word]: 'any' }), 'accept', `${word} any`);
        }
    });

    it('a setting on no list makes the rule unknown at its line, in set commands and in the XML export', () => {
        const set = judge(setRule({ ...BASE, 'brand-new-matcher': 'x' }));
        assert.equal(set.verdict, 'unknown');
        assert.match(set.why ?? '', /brand-new-matcher x \(not a rule setting the audit knows\)/);
        assert.equal(judge(xmlRule(''), 'fw.xml').verdict, 'accept');
        const xml = judge(xmlRule('<brand-new-matcher><member>x</member></brand-new-matcher>'), 'fw.xml');
        assert.equal(xml.verdict, 'unknown');
        assert.equal(xml.line, xmlRule('').split('\n').findIndex(l => l.includes('<entry name="r">')) + 1);
        assert.match(xml.why ?? '', /brand-new-matcher x/);
        for (const word of PANOS_RULE_WORDS.noEffect) assert.equal(judge(xmlRule(`<${word}>x</${word}>`), 'fw.xml').verdict, 'accept', word);
    });

    it('a Panorama rule with target devices or tags is pushed to some firewalls only: unknown, in both forms', () => {
        const xml = judge(xmlRule('<target><devices><entry name="007051000012345"/></devices><negate>no</negate></target>'), 'fw.xml');
        assert.equal(xml.verdict, 'unknown');
        assert.match(xml.why ?? '', /target devices 007051000012345 \(the rule is pushed only to some firewalls/);
        assert.equal(judge(xmlRule('<target><tags><member>branch</member></tags></target>'), 'fw.xml').verdict, 'unknown');
        assert.equal(judge(xmlRule('<target><negate>no</negate></target>'), 'fw.xml').verdict, 'accept');
        assert.equal(judgeSet({ target: 'tags branch' }), 'unknown');
        // Deleting the target pushes the rule to every firewall of the group again.
        assert.equal(judge(`${setRule({ ...BASE, target: 'devices 007051000012345' })}delete rulebase security rules r target\n`).verdict, 'accept');
    });
});
