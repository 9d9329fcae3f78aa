import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { fortigateImporter } from '../../language/audit/importers/fortigate.js';
import { addresses, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * FortiGate policies the audit cannot match exactly (an interface the plan does not map, a user
 * group) decide a connection when the configuration does, and a policy FortiOS would not store
 * (no srcintf or dstintf) is never read as "any interface". Syntax from Fortinet's FortiOS CLI
 * reference; verdicts from its documented first-match order and implicit deny.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
const INTERFACES = new Map([['port1', addresses('198.51.100.0/24')], ['port2', addresses('10.1.0.0/24')], ['port3', addresses('192.0.2.0/24')]]);
const read = (text: string) => fortigateImporter.import(text, { file: 'fgt.conf', interfaces: INTERFACES, hook: 'forward', now: NOW }) as FirewallPolicy;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

/** `config firewall policy` with the given entries (each a list of `set` lines), after `before`. */
function policies(before: string, ...entries: string[][]): string {
    return `${before}config firewall policy\n${entries.map((e, i) => `    edit ${i + 1}\n${e.map(l => `        ${l}\n`).join('')}    next\n`).join('')}end\n`;
}
const ANY = ['set srcaddr "all"', 'set dstaddr "all"', 'set schedule "always"', 'set service "ALL"'];

describe('audit: FortiGate verdicts where the configuration decides', () => {
    it('an unmapped interface in a policy\'s srcintf list: connections from the mapped one are decided by the policy', () => {
        const text = policies('', ['set srcintf "port2" "port9"', 'set dstintf "port1"', ...ANY, 'set action accept']);
        assert.deepEqual(verdictOf(read(text), 'tcp', '10.1.0.5', '198.51.100.5', 443), { verdict: 'accept', line: lineOf(text, 'edit 1') });
    });

    it('a deny of an unmapped interface above an accept: a connection from a mapped interface is not from it', () => {
        const text = policies('', ['set srcintf "port9"', 'set dstintf "port1"', ...ANY, 'set action deny'], ['set srcintf "port2"', 'set dstintf "port1"', ...ANY, 'set action accept']);
        assert.deepEqual(verdictOf(read(text), 'tcp', '10.1.0.5', '198.51.100.5', 443), { verdict: 'accept', line: lineOf(text, 'edit 2') });
        // Addresses behind no mapped interface may come in on port9: denied by it, or not and then dropped by the implicit deny.
        assert.equal(verdictOf(read(text), 'tcp', '172.16.0.5', '198.51.100.5', 443).verdict, 'drop');
        // …or, where a later policy would accept them, unknown.
        const system = 'config system interface\n    edit "port1"\n    next\n    edit "port2"\n    next\n    edit "port9"\n    next\nend\n';
        const anyAfter = policies(system, ['set srcintf "port9"', 'set dstintf "port1"', ...ANY, 'set action deny'], ['set srcintf "any"', 'set dstintf "port1"', ...ANY, 'set action accept']);
        assert.equal(verdictOf(read(anyAfter), 'tcp', '172.16.0.5', '198.51.100.5', 443).verdict, 'unknown');
        assert.equal(verdictOf(read(anyAfter), 'tcp', '10.1.0.5', '198.51.100.5', 443).verdict, 'accept');
    });

    it('a zone with intrazone allow and unmapped members decides nothing between interfaces outside it', () => {
        const zone = 'config system zone\n    edit "guests"\n        set interface "port8" "port9"\n        set intrazone allow\n    next\nend\n';
        const text = policies(zone, ['set srcintf "port2"', 'set dstintf "port1"', 'set srcaddr "all"', 'set dstaddr "all"', 'set schedule "always"', 'set service "HTTPS"', 'set action accept'],
            ['set srcintf "port2"', 'set dstintf "port3"', ...ANY, 'set action deny']);
        const withService = `config firewall service custom\n    edit "HTTPS"\n        set tcp-portrange 443\n    next\nend\n${text}`;
        // port2 to port1 on 22: no policy matches, the implicit deny decides (the zone's interfaces are not these).
        assert.equal(verdictOf(read(withService), 'tcp', '10.1.0.5', '198.51.100.5', 22).verdict, 'drop');
        assert.equal(verdictOf(read(withService), 'tcp', '10.1.0.5', '192.0.2.5', 22).verdict, 'drop');
    });

    it('a policy for a user group followed by a policy with the same action: the verdict holds whichever matches', () => {
        const text = policies('', ['set srcintf "port2"', 'set dstintf "port1"', ...ANY, 'set groups "admins"', 'set action deny'], ['set srcintf "port2"', 'set dstintf "port1"', ...ANY, 'set action deny']);
        assert.equal(verdictOf(read(text), 'tcp', '10.1.0.5', '198.51.100.5', 443).verdict, 'drop');
    });

    it('a policy without srcintf or dstintf: FortiOS stores none, so its interfaces are not in the file — said at its line, never any interface', () => {
        for (const missing of ['srcintf', 'dstintf']) {
            const text = policies('', [...['set srcintf "port2"', 'set dstintf "port1"'].filter(l => !l.includes(missing)), ...ANY, 'set action accept']);
            const got = verdictOf(read(text), 'tcp', '10.1.0.5', '198.51.100.5', 443);
            assert.equal(got.verdict, 'unknown', missing);
            assert.equal(got.line, lineOf(text, 'edit 1'));
            assert.match(got.why ?? '', new RegExp(`no ${missing}.*FortiOS`));
            // The missing side may be any interface: from port3 (no srcintf), to port3 (no dstintf) too.
            const [from, to] = missing === 'srcintf' ? ['192.0.2.5', '198.51.100.5'] : ['10.1.0.5', '192.0.2.5'];
            assert.equal(verdictOf(read(text), 'tcp', from, to, 443).verdict, 'unknown');
        }
    });
});
