import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * PAN-OS rules the audit cannot match exactly (an App-ID application, a zone the plan does not
 * map) decide a connection all the same when the configuration does: when every rule that might
 * decide it gives the same answer, and when the packets cannot be that application at all. Where
 * the answer depends on what the audit cannot see, it is unknown. Syntax from Palo Alto's PAN-OS
 * CLI reference; verdicts from its documented first-match order and default rules.
 */
const INTERFACES = new Map([['untrust', EVERY_ADDRESS], ['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
const NOW = new Date('2026-06-01T12:00:00Z');
const read = (text: string, interfaces = INTERFACES) => panosImporter.import(text, { file: 'fw.set', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

const ZONES = `set zone untrust network layer3 ethernet1/1
set zone trust network layer3 ethernet1/2
set zone dmz network layer3 ethernet1/3
set service tcp-443 protocol tcp port 443
set service tcp-6162 protocol tcp port 6162
`;

describe('audit: PAN-OS verdicts where the configuration decides', () => {
    it('application any with service application-default: each application on its own default ports only — a backup product\'s port is unknown', () => {
        const text = `${ZONES}set rulebase security rules app-default from trust to dmz source any destination any application any service application-default action allow\n`;
        const got = verdictOf(read(text), 'tcp', '10.1.0.5', '192.0.2.5', 6162);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /application-default/);
    });

    it('an App-ID rule followed by a rule that gives the same answer: the answer holds whichever matches', () => {
        const text = `${ZONES}set rulebase security rules web-app from trust to dmz source any destination any application ssl service tcp-443 action allow
set rulebase security rules web-port from trust to dmz source any destination any application any service tcp-443 action allow
set rulebase security rules block-app from dmz to trust source any destination any application ssh service any action deny
`;
        const p = read(text);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(text, 'rules web-port ') });
        // A deny App-ID rule before the interzone default (deny): denied either way.
        assert.equal(verdictOf(p, 'tcp', '192.0.2.5', '10.1.0.5', 22).verdict, 'drop');
        // An allow App-ID rule before the interzone default: the application decides, unknown.
        const alone = `${ZONES}set rulebase security rules web-app from trust to dmz source any destination any application ssl service tcp-443 action allow\n`;
        const got = verdictOf(read(alone), 'tcp', '10.1.0.5', '192.0.2.5', 443);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /App-ID application ssl/);
    });

    it('a rule for ping only (ICMP) matches no TCP or UDP connection: the rule after it decides', () => {
        const text = `${ZONES}set rulebase security rules allow-ping from trust to dmz source any destination any application ping service application-default action allow
set rulebase security rules web from trust to dmz source any destination any application any service tcp-443 action allow
`;
        const p = read(text);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(text, 'rules web ') });
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 6162).verdict, 'drop');
        assert.equal(verdictOf(p, 'udp', '10.1.0.5', '192.0.2.5', 53).verdict, 'drop');
    });

    it('a zone the plan does not map, in a rule\'s zone list: connections between mapped zones are decided by what the rule says of them', () => {
        const text = `${ZONES}set zone guest network layer3 ethernet1/4
set rulebase security rules from-two from [ trust guest ] to dmz source any destination any application any service tcp-6162 action allow
set rulebase security rules guest-deny from guest to [ dmz untrust ] source any destination any application any service any action deny
`;
        const p = read(text);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 6162), { verdict: 'accept', line: lineOf(text, 'rules from-two ') });
        // guest-deny is of an unmapped zone: a connection from trust is not from guest, and it changes nothing for it.
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 22).verdict, 'drop');
        // Addresses in no mapped zone may be guest's: the rule decides for them, unknown (here untrust is mapped to every
        // other address, so there are none; without it there are).
        assert.equal(verdictOf(p, 'tcp', '172.16.0.5', '192.0.2.5', 6162).verdict, 'drop');
        const withoutUntrust = read(text, new Map([...INTERFACES].filter(([zone]) => zone !== 'untrust')));
        assert.equal(verdictOf(withoutUntrust, 'tcp', '172.16.0.5', '192.0.2.5', 6162).verdict, 'unknown');
        assert.equal(verdictOf(withoutUntrust, 'tcp', '10.1.0.5', '192.0.2.5', 6162).verdict, 'accept');
    });

    it('an intrazone rule naming an unmapped zone still decides within the mapped zones it names', () => {
        const text = `${ZONES}set zone guest network layer3 ethernet1/4
set rulebase security rules no-lateral from [ trust guest ] to [ trust guest ] rule-type intrazone source any destination any application any service any action deny
`;
        const p = read(text);
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.5', '10.1.0.6', 445), { verdict: 'drop', line: lineOf(text, 'rules no-lateral ') });
        // Between zones it is no intrazone rule: the interzone default decides.
        assert.equal(verdictOf(p, 'tcp', '10.1.0.5', '192.0.2.5', 445).verdict, 'drop');
    });

    it('an ip-netmask with host bits set (10.1.0.7/24): the one address matches either way; the rest of its network is unknown, and why', () => {
        // PAN-OS's documentation asks for a network in slash notation and does not say what the
        // firewall matches for an address with host bits: that host or its whole network.
        const text = `${ZONES}set address backup-net ip-netmask 10.1.0.7/24
set rulebase security rules from-backup from trust to dmz source backup-net destination any application any service tcp-443 action allow
set rulebase security rules literal from dmz to trust source any destination 10.1.0.9/24 application any service tcp-443 action allow
`;
        const p = read(text);
        // The address written is in both readings: allowed by the rule.
        assert.deepEqual(verdictOf(p, 'tcp', '10.1.0.7', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(text, 'rules from-backup ') });
        assert.deepEqual(verdictOf(p, 'tcp', '192.0.2.5', '10.1.0.9', 443), { verdict: 'accept', line: lineOf(text, 'rules literal ') });
        // Another host of the network: allowed only if PAN-OS matches the whole network.
        for (const [from, to, name] of [['10.1.0.8', '192.0.2.5', 'backup-net'], ['192.0.2.5', '10.1.0.10', '10.1.0.9/24']]) {
            const got = verdictOf(p, 'tcp', from, to, 443);
            assert.equal(got.verdict, 'unknown', `${from} -> ${to}`);
            assert.match(got.why ?? '', /host bits set/);
            assert.ok(got.why?.includes(name) && got.why.includes('10.1.0.0/24'), got.why);
        }
        // Outside the network neither reading matches: the interzone default decides.
        assert.equal(verdictOf(p, 'tcp', '10.2.0.7', '192.0.2.5', 443).verdict, 'drop');
    });
});

describe('audit: PAN-OS set commands that delete part of a rule', () => {
    it('`delete … rules R <list> <member>` removes that member, not the rule; `delete … rules R <setting>` removes the setting', () => {
        const base = `${ZONES}set address web1 ip-netmask 192.0.2.5
set address web2 ip-netmask 192.0.2.6
set rulebase security rules web from trust to dmz source any destination [ web1 web2 ] application any service tcp-443 action allow
`;
        const member = read(`${base}delete rulebase security rules web destination web1\n`);
        assert.equal(verdictOf(member, 'tcp', '10.1.0.5', '192.0.2.6', 443).verdict, 'accept', 'the rule stays');
        assert.equal(verdictOf(member, 'tcp', '10.1.0.5', '192.0.2.5', 443).verdict, 'drop', 'without web1');
        const application = read(`${base}delete rulebase security rules web application any\nset rulebase security rules web application ssl\n`);
        const got = verdictOf(application, 'tcp', '10.1.0.5', '192.0.2.6', 443);
        assert.equal(got.verdict, 'unknown');
        assert.match(got.why ?? '', /App-ID application ssl/);
        const disabled = read(`${base}set rulebase security rules web disabled yes\ndelete rulebase security rules web disabled\n`);
        assert.equal(verdictOf(disabled, 'tcp', '10.1.0.5', '192.0.2.6', 443).verdict, 'accept', 'disabled removed: the default (no) again');
    });

    it('`set address A` alone creates the object; the line that gives its value decides (batfish parser fixture\'s form)', () => {
        const text = `${ZONES}set address web
set address web ip-netmask 192.0.2.0/24
set rulebase security rules to-web from trust to dmz source any destination web application any service tcp-443 action allow
`;
        assert.deepEqual(verdictOf(read(text), 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(text, 'rules to-web ') });
        // Never given a value: what the rule matches is not known.
        assert.equal(verdictOf(read(text.replace('set address web ip-netmask 192.0.2.0/24\n', '')), 'tcp', '10.1.0.5', '192.0.2.5', 443).verdict, 'unknown');
    });
});
