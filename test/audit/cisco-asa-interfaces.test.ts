import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { addresses as set, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * Interface settings that decide whether traffic passes through at all, from Cisco's ASA
 * configuration guide: an interface set `management-only` takes traffic to the ASA itself only and
 * passes none through it (in or out); an interface that is `shutdown` passes nothing.
 */
const CONFIG = `: Saved
ASA Version 9.16(4)
!
interface Management0/0
 management-only
 nameif management
 security-level 100
 ip address 172.16.0.254 255.255.255.0
!
interface GigabitEthernet0/0
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.255.0
!
interface GigabitEthernet0/1
 nameif outside
 security-level 0
 ip address 198.51.100.1 255.255.255.0
!
interface GigabitEthernet0/2
 shutdown
 nameif dmz
 security-level 50
!
same-security-traffic permit inter-interface
access-list MGMT extended permit ip any any
access-group MGMT in interface management
`;
const INTERFACES = new Map([['management', set('172.16.0.0/24')], ['inside', set('10.1.0.0/24')], ['outside', set('198.51.100.0/24')], ['dmz', set('192.0.2.0/24')]]);
const NOW = new Date('2026-06-01T12:00:00Z');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;
const read = (text: string, interfaces = INTERFACES) => ciscoAsaImporter.import(text, { file: 'fw.cfg', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;

describe('audit: Cisco ASA interfaces that pass no through traffic', () => {
    it('management-only: nothing passes through it in or out, whatever its access list and security level say', () => {
        const p = read(CONFIG);
        assert.deepEqual(verdictOf(p, 'tcp', '172.16.0.5', '198.51.100.5', 443), { verdict: 'drop', line: lineOf(CONFIG, ' management-only') });
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '172.16.0.5', 22), { verdict: 'drop', line: lineOf(CONFIG, ' management-only') });
        // Between the other two: the security levels decide (100 to 0).
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.5', 443).verdict, 'accept');
    });

    it('shutdown: an interface that is down passes nothing', () => {
        const p = read(CONFIG);
        assert.deepEqual(verdictOf(p, 'tcp', '192.0.2.5', '198.51.100.5', 443), { verdict: 'drop', line: lineOf(CONFIG, ' shutdown') });
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'drop', line: lineOf(CONFIG, ' shutdown') });
    });

    it('no management-only: the interface passes through traffic as any other', () => {
        const text = CONFIG.replace(' management-only', ' no management-only');
        assert.equal(verdictOf(read(text), 'tcp', '172.16.0.5', '198.51.100.5', 443).verdict, 'accept');
    });

    it('a Management interface that says neither: whether it is management-only depends on the model, unknown', () => {
        const text = CONFIG.replace(' management-only\n', '');
        const got = verdictOf(read(text), 'tcp', '172.16.0.5', '198.51.100.5', 443);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /management-only/);
    });

    it('a management-only interface the plan does not map makes nothing unknown: it passes no through traffic', () => {
        const p = read(CONFIG, new Map([...INTERFACES].filter(([n]) => n !== 'management')));
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.5', 443).verdict, 'accept');
    });

    it('a pasted configuration with its interface sub-commands unindented is read in interface configuration mode, as the ASA reads it', () => {
        // A day-0 file: the ASA takes each interface command for the interface above until a global command.
        const pasted = CONFIG.replace(/^ (?=\S)/gm, '');
        const p = read(pasted);
        assert.deepEqual(verdictOf(p, 'tcp', '172.16.0.5', '198.51.100.5', 443), { verdict: 'drop', line: lineOf(pasted, 'management-only') });
        assert.deepEqual(verdictOf(p, 'tcp', '192.0.2.5', '198.51.100.5', 443), { verdict: 'drop', line: lineOf(pasted, 'shutdown') });
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '198.51.100.5', 443), { verdict: 'accept', line: lineOf(pasted, 'interface GigabitEthernet0/0') });
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.5', '10.1.0.5', 443), { verdict: 'drop', line: lineOf(pasted, 'interface GigabitEthernet0/1') });
        // The global command after an interface ends its mode: the access list is read as before.
        assert.deepEqual(verdictOf(read(pasted.replace('management-only\n', 'no management-only\n')), 'tcp', '172.16.0.5', '198.51.100.5', 443),
            { verdict: 'accept', line: lineOf(pasted, 'access-list MGMT') });
    });

    it('`shut` is the ASA\'s abbreviation of shutdown, and `no shut` of no shutdown', () => {
        assert.deepEqual(verdictOf(read(CONFIG.replace(' shutdown', ' shut')), 'tcp', '192.0.2.5', '198.51.100.5', 443), { verdict: 'drop', line: lineOf(CONFIG, ' shutdown') });
        assert.equal(verdictOf(read(CONFIG.replace(' shutdown', ' no shut')), 'tcp', '192.0.2.5', '198.51.100.5', 443).verdict, 'accept');
    });
});
