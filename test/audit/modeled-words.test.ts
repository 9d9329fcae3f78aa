import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ASA_INTERFACE_WORDS, ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { FORTIGATE_POLICY_WORDS, fortigateImporter } from '../../language/audit/importers/fortigate.js';
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

    it('application control and IPS may block an accepted connection by its content: unknown', () => {
        for (const word of FORTIGATE_POLICY_WORDS.blocksByContent) {
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
