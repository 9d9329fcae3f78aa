import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { fortigateImporter } from '../../language/audit/importers/fortigate.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { addresses, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * One rule on both zone-based readers: a security profile (IPS or vulnerability protection,
 * antivirus, URL or DNS filtering, file blocking, data loss prevention) drops what a connection
 * carries — an attack, a file, a URL —, never a connection for its addresses and ports: the verdict
 * is the policy's. Application control decides by which application a connection is, which the
 * audit cannot see: an allowed connection is "cannot tell" (FortiGate `application-list`, in a
 * policy or in its profile group; PAN-OS App-ID in the rule's `application`).
 */
const NOW = new Date('2026-06-01T12:00:00Z');

describe('audit: security profiles, the same rule on FortiGate and PAN-OS', () => {
    const FGT_MAP = new Map([['port1', addresses('198.51.100.0/24')], ['port2', addresses('10.1.0.0/24')]]);
    const fortigate = (settings: string[], extra = '') => {
        const text = `${extra}config firewall policy\n    edit 1\n${['set srcintf "port2"', 'set dstintf "port1"', 'set srcaddr "all"', 'set dstaddr "all"',
            'set action accept', 'set schedule "always"', 'set service "ALL"', ...settings].map(l => `        ${l}\n`).join('')}    next\nend\n`;
        const policy = fortigateImporter.import(text, { file: 'fgt.conf', interfaces: FGT_MAP, hook: 'forward', now: NOW }) as FirewallPolicy;
        return verdictOf(policy, 'tcp', '10.1.0.5', '198.51.100.5', 10006);
    };
    const PAN_MAP = new Map([['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
    const panos = (settings: string, objects = '') => {
        const text = `set zone trust network layer3 ethernet1/2\nset zone dmz network layer3 ethernet1/3\n${objects}`
            + `set rulebase security rules r from trust to dmz source any destination any service any action allow ${settings}\n`;
        const policy = panosImporter.import(text, { file: 'fw.set', interfaces: PAN_MAP, hook: 'forward', now: NOW }) as FirewallPolicy;
        return verdictOf(policy, 'tcp', '10.1.0.5', '192.0.2.5', 10006);
    };
    const PROFILE_GROUP = (members: string) => `config firewall profile-group\n    edit "inspect"\n${members}    next\nend\n`;

    it('an IPS or vulnerability profile on an allowing policy: allowed, by that policy', () => {
        assert.equal(fortigate(['set utm-status enable', 'set ips-sensor "high_security"']).verdict, 'accept');
        assert.equal(panos('application any profile-setting profiles vulnerability strict').verdict, 'accept');
        assert.equal(panos('application any profile-setting profiles virus default spyware strict url-filtering default file-blocking basic').verdict, 'accept');
        // A profile group of content inspection only, on either.
        assert.equal(fortigate(['set utm-status enable', 'set profile-type group', 'set profile-group "inspect"'],
            PROFILE_GROUP('        set av-profile "default"\n        set ips-sensor "default"\n')).verdict, 'accept');
        assert.equal(panos('application any profile-setting group inspect', 'set profile-group inspect vulnerability strict virus default\n').verdict, 'accept');
    });

    it('application control on an allowing policy: cannot tell, also from a profile group, and a group not in the file may hold it', () => {
        const control = fortigate(['set utm-status enable', 'set application-list "block-high-risk"']);
        assert.equal(control.verdict, 'unknown');
        assert.match(control.why ?? '', /application-list block-high-risk/);
        const grouped = fortigate(['set utm-status enable', 'set profile-type group', 'set profile-group "inspect"'], PROFILE_GROUP('        set application-list "block-high-risk"\n'));
        assert.equal(grouped.verdict, 'unknown');
        assert.match(grouped.why ?? '', /profile group inspect .*application-list block-high-risk/);
        const elsewhere = fortigate(['set utm-status enable', 'set profile-type group', 'set profile-group "from-fortimanager"']);
        assert.equal(elsewhere.verdict, 'unknown');
        assert.match(elsewhere.why ?? '', /profile group from-fortimanager is not defined in this file/);
        // PAN-OS: an application in the rule is App-ID, decided by the firewall's inspection.
        assert.equal(panos('application ssh').verdict, 'unknown');
        // On a denying policy nothing can pass either way.
        assert.equal(fortigate(['set action deny', 'set application-list "block-high-risk"']).verdict, 'drop');
    });
});
