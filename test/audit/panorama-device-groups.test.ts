import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { addresses, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * Panorama pushes each device group's rules to that group's firewalls only: a firewall gets the
 * shared pre-rules, its ancestors' and its own group's pre-rules (top down), its own rules, its
 * group's and then its ancestors' post-rules, the shared post-rules (Palo Alto's Panorama
 * administrator's guide, "Device Group Policies"). Several groups are never one firewall.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
const INTERFACES = new Map([['trust', addresses('10.1.0.0/24')], ['dmz', addresses('192.0.2.0/24')]]);
const read = (text: string, deviceGroup?: string) => panosImporter.import(text, { file: 'panorama.set', interfaces: INTERFACES, hook: 'forward', now: NOW, deviceGroup }) as FirewallPolicy;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

const PANORAMA = `set shared service tcp-22 protocol tcp port 22
set shared service tcp-443 protocol tcp port 443
set shared service tcp-6162 protocol tcp port 6162
set device-group branch pre-rulebase security rules branch-ssh from trust to dmz source any destination any application any service tcp-22 action deny
set device-group branch post-rulebase security rules branch-web from trust to dmz source any destination any application any service tcp-443 action allow
set device-group datacenter pre-rulebase security rules dc-ssh from trust to dmz source any destination any application any service tcp-22 action allow
set device-group datacenter post-rulebase security rules dc-web from trust to dmz source any destination any application any service tcp-443 action deny
set device-group dc-east parent-dg datacenter
set device-group dc-east pre-rulebase security rules east-backup from trust to dmz source any destination any application any service tcp-6162 action allow
set device-group dc-east post-rulebase security rules east-web from trust to dmz source any destination any application any service tcp-443 action allow
`;

describe('audit: Panorama with several device groups', () => {
    it('is refused without --device-group, with the list of the groups', () => {
        const error = configErrorOf(() => read(PANORAMA));
        assert.match(error.message, /device groups that have rules \(branch, datacenter, dc-east\).*--device-group/);
        assert.equal(error.line, lineOf(PANORAMA, 'device-group datacenter pre-rulebase'));
    });

    it('--device-group: that group\'s rules, its ancestors\' around them, no other group\'s', () => {
        const branch = read(PANORAMA, 'branch');
        assert.deepEqual(verdictOf(branch, 'tcp', '10.1.0.5', '192.0.2.5', 22), { verdict: 'drop', line: lineOf(PANORAMA, 'rules branch-ssh ') });
        assert.deepEqual(verdictOf(branch, 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(PANORAMA, 'rules branch-web ') });
        assert.equal(verdictOf(branch, 'tcp', '10.1.0.5', '192.0.2.5', 6162).verdict, 'drop');
        const east = read(PANORAMA, 'dc-east');
        // The parent's pre-rules, then the group's own; the group's post-rules, then the parent's.
        assert.deepEqual(verdictOf(east, 'tcp', '10.1.0.5', '192.0.2.5', 22), { verdict: 'accept', line: lineOf(PANORAMA, 'rules dc-ssh ') });
        assert.deepEqual(verdictOf(east, 'tcp', '10.1.0.5', '192.0.2.5', 6162), { verdict: 'accept', line: lineOf(PANORAMA, 'rules east-backup ') });
        assert.deepEqual(verdictOf(east, 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'accept', line: lineOf(PANORAMA, 'rules east-web ') });
        assert.deepEqual(verdictOf(read(PANORAMA, 'datacenter'), 'tcp', '10.1.0.5', '192.0.2.5', 443), { verdict: 'drop', line: lineOf(PANORAMA, 'rules dc-web ') });
    });

    it('a device group the configuration does not have is refused, with those it has', () => {
        assert.match(configErrorOf(() => read(PANORAMA, 'dc-west')).message, /no device group dc-west .*branch, datacenter, dc-east/);
    });

    it('public: Batfish\'s device-group-inheritance (two groups with rules, one inheriting) is refused with both names', () => {
        const text = readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'corpus', 'panos', 'batfish-device-group-inheritance'), 'utf8');
        assert.match(configErrorOf(() => read(text)).message, /\(DG_PARENT, DG_CHILD\).*--device-group/);
    });
});
