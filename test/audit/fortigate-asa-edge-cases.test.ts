import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { fortigateImporter } from '../../language/audit/importers/fortigate.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';

/** Cases found by reviewing the FortiGate and Cisco ASA importers: each failed before the fix. */

const NOW = new Date('2026-11-23T12:00:00Z');
const INTERFACES = new Map([
    ['port1', EVERY_ADDRESS], ['port2', addresses('10.1.0.0/24')],
    ['outside', EVERY_ADDRESS], ['inside', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]
]);
const fgt = (text: string, interfaces = INTERFACES) => fortigateImporter.import(text, { file: 'fgt.conf', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;
const asa = (text: string, interfaces = INTERFACES) => ciscoAsaImporter.import(text, { file: 'fw.cfg', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;

/** `config firewall policy` with the given entries (each a list of `set` lines), after `before`. */
function policies(before: string, ...entries: string[][]): string {
    return `${before}config firewall policy\n${entries.map((e, i) => `    edit ${i + 1}\n${e.map(l => `        ${l}\n`).join('')}    next\n`).join('')}end\n`;
}
const LAN_TO_WAN = ['set srcintf "port2"', 'set dstintf "port1"', 'set srcaddr "all"', 'set dstaddr "all"', 'set action accept'];
const HTTPS = 'config firewall service custom\n    edit "HTTPS"\n        set tcp-portrange 443\n    next\n    edit "PING"\n        set protocol ICMP\n    next\nend\n';
const onetime = (settings: string[]) => `config firewall schedule onetime\n    edit "w"\n${settings.map(l => `        ${l}\n`).join('')}    next\nend\n`;

describe('audit review: FortiGate', () => {
    it('a negated service matches every other port: not blocked by guess', () => {
        const p = fgt(policies(HTTPS, [...LAN_TO_WAN, 'set service "HTTPS"', 'set service-negate enable']));
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 22).verdict, 'unknown');
        const q = fgt(policies(HTTPS, [...LAN_TO_WAN, 'set service "PING"', 'set service-negate enable']));
        assert.equal(verdictOf(q, 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown', 'everything but ICMP includes TCP');
    });

    it('a policy with Internet Service (no dstaddr, no service) is unknown, not skipped', () => {
        const isdb = ['set srcintf "port2"', 'set dstintf "port1"', 'set srcaddr "all"', 'set internet-service enable', 'set internet-service-name "Some-Cloud"'];
        assert.deepEqual(verdictOf(fgt(policies('', [...isdb, 'set action accept'])), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown');
        const denyThenAllow = fgt(policies(HTTPS, [...isdb, 'set action deny'], [...LAN_TO_WAN, 'set service "ALL"']));
        assert.equal(verdictOf(denyThenAllow, 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown', 'the deny above may match it');
    });

    it('a one-time schedule: an unreadable start is not "always started"; local time near a boundary is unknown', () => {
        const rule = [...LAN_TO_WAN, 'set service "ALL"', 'set schedule "w"'];
        assert.equal(verdictOf(fgt(policies(onetime(['set start "tomorrow"', 'set end "23:59 2030/12/31"']), rule)), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown');
        assert.equal(verdictOf(fgt(policies(onetime(['set start "00:00 2030/02/31"', 'set end "23:59 2030/12/31"']), rule)), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown', '31 February');
        // Ends 10:00 on the FortiGate's clock: in UTC that may be before or after 12:00 UTC.
        assert.equal(verdictOf(fgt(policies(onetime(['set start "00:00 2026/01/01"', 'set end "10:00 2026/11/23"']), rule)), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown');
        // end-utc is exact: 2026-11-23 10:00 UTC is over at 12:00 UTC.
        const exact = onetime(['set start "00:00 2026/01/01"', 'set end "10:00 2026/11/23"', 'set start-utc 1767225600', 'set end-utc 1795428000']);
        assert.deepEqual(verdictOf(fgt(policies(exact, rule)), 'tcp', '10.1.0.5', '198.51.100.1', 443), { verdict: 'drop', line: 0 });
    });

    it('objects of another VDOM do not replace those of the VDOM with the policies', () => {
        const text = 'config vdom\n    edit root\n        config firewall address\n            edit "web"\n                set subnet 198.51.100.1 255.255.255.255\n            next\n        end\n'
            + '        config firewall policy\n            edit 1\n                set srcintf "port2"\n                set dstintf "port1"\n                set srcaddr "all"\n                set dstaddr "web"\n                set action accept\n                set service "ALL"\n            next\n        end\n    next\n'
            + '    edit other\n        config firewall address\n            edit "web"\n                set subnet 203.0.113.0 255.255.255.0\n            next\n        end\n    next\nend\n';
        const p = fgt(text);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.1', 443), { verdict: 'accept', line: 9 });
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '203.0.113.5', 443), { verdict: 'drop', line: 0 });
    });

    it('NGFW policy-based mode: security policies decide, so an accepting firewall policy is not "allowed"', () => {
        const text = policies('config system settings\n    set ngfw-mode policy-based\nend\n', [...LAN_TO_WAN, 'set service "ALL"']);
        assert.equal(verdictOf(fgt(text), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown');
    });

    it('`move 1 before 1` leaves the list as it is', () => {
        const text = policies('', [...LAN_TO_WAN, 'set service "ALL"', 'set action deny'], [...LAN_TO_WAN, 'set service "ALL"'], [...LAN_TO_WAN, 'set service "ALL"']).replace(/end\n$/, '    move 1 before 1\nend\n');
        assert.deepEqual(verdictOf(fgt(text), 'tcp', '10.1.0.5', '198.51.100.1', 443), { verdict: 'drop', line: 2 });
    });

    it('bad values: the error\'s line is the line it names; a port range with two colons is refused', () => {
        const bad = policies('config firewall address\n    edit "a"\n        set subnet 10.1.0.5 255.255.255.0\n    next\nend\n', [...LAN_TO_WAN.map(l => l.replace('dstaddr "all"', 'dstaddr "a"')), 'set service "ALL"']);
        const error = configErrorOf(() => fgt(bad));
        assert.match(error.message, /line 3:/);
        assert.equal(error.line, 3);
        const colons = policies('config firewall service custom\n    edit "S"\n        set tcp-portrange 443:1000-2000:5\n    next\nend\n', [...LAN_TO_WAN, 'set service "S"']);
        assert.equal(configErrorOf(() => fgt(colons)).line, 3);
    });
});

const LEVELS = 'interface G0\n nameif outside\n security-level 0\ninterface G1\n nameif inside\n security-level 100\n';

describe('audit review: Cisco ASA', () => {
    it('an object network line without its values is a ConfigError, not a TypeError', () => {
        for (const line of [' subnet 10.0.0.0', ' subnet', ' host']) {
            const error = configErrorOf(() => asa(`${LEVELS}object network X\n${line}\naccess-list A extended permit tcp any object X\naccess-group A in interface outside\n`));
            assert.equal(error.line, 8, line);
        }
    });

    it('a port range that runs backwards is refused, not read as no port', () => {
        assert.equal(configErrorOf(() => asa(`${LEVELS}access-list A extended permit tcp any any range 100 50\naccess-group A in interface outside\n`)).line, 7);
        assert.equal(configErrorOf(() => asa(`${LEVELS}object service S\n service tcp destination range 90 80\naccess-list A extended permit object S any any\naccess-group A in interface outside\n`)).line, 8);
    });

    it('`network-object host` takes a `name` alias', () => {
        const p = asa(`${LEVELS}name 10.1.0.5 srv\nobject-group network G\n network-object host srv\naccess-list A extended permit tcp any object-group G eq 443\naccess-group A in interface outside\n`);
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.1', '10.1.0.5', 443), { verdict: 'accept', line: 10 });
    });

    it('a control-plane access list filters traffic to the ASA, not through it', () => {
        const p = asa(`${LEVELS}access-list CP extended permit tcp any any\naccess-group CP in interface outside control-plane\n`);
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.1', '10.1.0.5', 443), { verdict: 'drop', line: 1 }, 'outside (0) to inside (100), no access list');
    });

    it('interfaces the plan does not map: unknown where they may carry the traffic, without hiding the mapped ones', () => {
        const onlyInside = new Map([['inside', addresses('10.1.0.0/24')]]);
        assert.equal(verdictOf(asa(LEVELS, onlyInside), 'tcp', '10.1.0.5', '198.51.100.1', 443).verdict, 'unknown', 'inside (100) to the unmapped outside (0)');
        const dmzMapped = new Map([['inside', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
        const p = asa(`${LEVELS}interface G2\n nameif dmz\n security-level 50\naccess-list A extended permit tcp any any\naccess-group A in interface outside\n`, dmzMapped);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.10', 443), { verdict: 'accept', line: 4 }, 'inside (100) to dmz (50)');
    });

    it('words of an entry the importer does not read make it unknown, never ignored', () => {
        const p = asa(`${LEVELS}access-list A extended permit tcp any any object-group NOPE\naccess-group A in interface outside\n`);
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '10.1.0.5', 22).verdict, 'unknown');
        const q = asa(`${LEVELS}access-list A extended permit tcp user LOCAL\\bob any any eq 443\naccess-group A in interface outside\n`);
        assert.equal(verdictOf(q, 'tcp', '198.51.100.1', '10.1.0.5', 443).verdict, 'unknown', 'a user argument');
    });

    it('values the ASA would not take: a security level that is not a number, 31 February', () => {
        assert.equal(configErrorOf(() => asa(`${LEVELS}interface G2\n nameif dmz\n security-level high\n`)).line, 9);
        assert.equal(configErrorOf(() => asa(`${LEVELS}time-range T\n absolute end 23:59 31 February 2020\naccess-list A extended permit tcp any any time-range T\naccess-group A in interface outside\n`)).line, 8);
    });

    it('time ranges are the ASA\'s local time (`clock timezone`, `clock summer-time`)', () => {
        const config = (clock: string) => `${clock}${LEVELS}time-range T\n absolute end 10:00 23 November 2026\naccess-list A extended permit tcp any any eq 443 time-range T\naccess-group A in interface outside\n`;
        const line = (clock: string) => clock.split('\n').length - 1 + 9;
        // 10:00 EST is 15:00 UTC: at 12:00 UTC the entry is still active.
        const est = 'clock timezone EST -5\n';
        assert.deepEqual(verdictOf(asa(config(est)), 'tcp', '198.51.100.1', '10.1.0.5', 443), { verdict: 'accept', line: line(est) });
        // 10:00 CET is 09:00 UTC (08:00 in summer time): over either way.
        assert.equal(verdictOf(asa(config('clock timezone CET 1\nclock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 3:00\n')), 'tcp', '198.51.100.1', '10.1.0.5', 443).verdict, 'drop');
        // 13:30 local at UTC+1 ends at 12:31 UTC, or at 11:31 UTC in summer time: at 12:00 UTC it cannot be told.
        const summer = 'clock timezone CET 1\nclock summer-time CEST recurring\n';
        assert.equal(verdictOf(asa(config(summer).replace('10:00 23', '13:30 23')), 'tcp', '198.51.100.1', '10.1.0.5', 443).verdict, 'unknown');
    });
});
