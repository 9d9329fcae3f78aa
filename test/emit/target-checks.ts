import * as assert from 'node:assert';
import { cloudPlanBoxes, compareBoxes, endpointSpaces, hostBoxes, planBoxes, type Box } from './boxes.js';
import { todayUtc } from './oracle.js';
import { cutToLength } from '../../language/emit/escape.js';
import type { LoadedPlan } from './plan-fixture.js';
import { changeRequestBoxes, parseAsa, parseAws, parseAzure, parseCsv, parseFortigate, parseHcl, parseMarkdownTable, parsePanos, parseWindows } from './parsers.js';

/**
 * Each target's output read back with a parser for its syntax: every (source, destination,
 * protocol, port, expiry) the plan's allow rules allow appears, and nothing more. Used on the
 * example plans (structural.test.ts) and on generated ones (never-wider.property.test.ts).
 */

export function same(expected: Box[], actual: Box[], what: string): void {
    const { missing, extra } = compareBoxes(expected, actual);
    assert.deepStrictEqual({ missing, extra }, { missing: [], extra: [] }, `${what}: output differs from the plan`);
}

/**
 * Terraform replaces what a workspace holds by resource address: applying version 2 destroys the
 * resources version 1 had and version 2 does not, and updates the others in place. That makes the
 * second apply exactly version 2 as long as no two resources of one file share an address.
 */
function uniqueAddresses(text: string): void {
    const addresses = parseHcl(text).filter(b => b.type === 'resource').map(b => b.labels.join('.'));
    assert.strictEqual(new Set(addresses).size, addresses.length, 'two Terraform resources share an address');
}

export const TARGET_CHECKS: Record<string, (plan: LoadedPlan) => void> = {
    'Cisco ASA allows exactly what the plan allows (host names as FQDN objects)': plan => {
        same(planBoxes(plan.analysis, { names: true }), parseAsa(plan.emit('cisco-asa', true)), 'ASA');
    },
    'PAN-OS allows exactly what the plan allows (host names as FQDN objects)': plan => {
        same(planBoxes(plan.analysis, { names: true }), parsePanos(plan.emit('panos', true)), 'PAN-OS');
    },
    'FortiGate allows exactly what the plan allows (host names as FQDN objects)': plan => {
        // A host name is an FQDN `address` for IPv4 and an FQDN `address6` for IPv6.
        same(planBoxes(plan.analysis, { names: true }), parseFortigate(plan.emit('fortigate', true)), 'FortiGate');
    },
    'AWS security groups let exactly the plan\'s rules into their destinations and out of their sources': plan => {
        const text = plan.emit('aws-terraform', true);
        const { inbound, outbound } = parseAws(text);
        same(cloudPlanBoxes(plan.analysis, 'inbound', todayUtc(), 'aws'), inbound, 'AWS inbound');
        same(cloudPlanBoxes(plan.analysis, 'outbound', todayUtc(), 'aws'), outbound, 'AWS outbound');
        uniqueAddresses(text);
        // Every zone has a group of its own, so every host in it is behind one.
        const zones = [...plan.analysis.plan.facts.zones.values()].filter(z => !z.internet).map(z => z.name);
        // A tag value holds at most 255 characters: a long zone name is cut there, as every text is.
        for (const zone of zones) assert.ok(text.includes(`SegPlanEndpoint  = "${cutToLength(`zone ${zone}`, 255)}"`), `zone ${zone} has no security group`);
    },
    'Azure NSG rules let exactly the plan\'s rules in and out, with unique priorities within Azure\'s limits, ending in denies of all': plan => {
        const text = plan.emit('azure-terraform', true);
        // The SegPlanZone tag holds at most 256 characters: a longer zone name is cut there.
        const zoneTagged = (tag: string) => [...plan.analysis.plan.facts.zones.values()].find(z => cutToLength(z.name, 256) === tag)!;
        const zoneSpaces = (tag: string) => endpointSpaces(plan.analysis.plan, { label: tag, addresses: zoneTagged(tag).networks }, false);
        const { inbound, outbound, rules, denies } = parseAzure(text, zoneSpaces);
        uniqueAddresses(text);
        // Every NSG — one per zone that is not the internet — ends in a deny of everything each way,
        // above Azure's default rules (65000 and up) and below every other rule of its direction.
        const nsgs = parseHcl(text).filter(b => b.labels[0] === 'azurerm_network_security_group');
        assert.strictEqual(nsgs.length, [...plan.analysis.plan.facts.zones.values()].filter(z => !z.internet).length);
        for (const nsg of nsgs) {
            const ref = `azurerm_network_security_group.${nsg.labels[1]}.name`;
            for (const direction of ['"Inbound"', '"Outbound"']) {
                const mine = (list: typeof rules) => list.filter(r => r.attributes.get('network_security_group_name') === ref && r.attributes.get('direction') === direction);
                const last = mine(denies).filter(d => d.attributes.get('priority') === '4096');
                assert.strictEqual(last.length, 1, `NSG ${nsg.labels[1]} has no final ${direction} deny`);
                assert.deepStrictEqual([last[0].attributes.get('source_address_prefix'), last[0].attributes.get('destination_address_prefix'), last[0].attributes.get('protocol')], ['"*"', '"*"', '"*"']);
                const priorities = [...mine(rules), ...mine(denies)].map(r => Number(r.attributes.get('priority')));
                assert.strictEqual(new Set(priorities).size, priorities.length, `${ref} ${direction}: duplicate priorities`);
                assert.ok(priorities.every(p => p >= 100 && p <= 4096), `${ref}: priority outside 100-4096`);
            }
            assert.ok([...rules, ...denies].filter(r => r.attributes.get('network_security_group_name') === ref).length <= 1000, `${ref}: more than 1000 rules`);
        }
        same(cloudPlanBoxes(plan.analysis, 'inbound', todayUtc()), inbound, 'Azure inbound');
        same(cloudPlanBoxes(plan.analysis, 'outbound', todayUtc()), outbound, 'Azure outbound');
    },
    'CSV and Markdown change requests list exactly the plan\'s rules, in rule order': plan => {
        const expected = planBoxes(plan.analysis, { names: true });
        const csv = parseCsv(plan.emit('csv', true));
        const md = parseMarkdownTable(plan.emit('markdown', true));
        same(expected, changeRequestBoxes(csv), 'CSV');
        same(expected, changeRequestBoxes(md), 'Markdown');
        // One row per rule, or several with the same number when a list is long (each a part of it).
        const numbers = (rows: string[][]) => [...new Set(rows.slice(1).map(r => r[0]))];
        assert.deepStrictEqual(numbers(csv), plan.ruleSet.rules.map(r => `r-${r.id}`));
        assert.deepStrictEqual(numbers(md), plan.ruleSet.rules.map(r => `r-${r.id}`), 'markdown rows');
        for (const header of ['Source', 'Destination', 'Protocol', 'Ports', 'Purpose', 'Vendor', 'Citation', 'Temporary until']) {
            assert.ok(csv[0].includes(header), `CSV column ${header}`);
        }
    },
    'Windows Firewall has exactly each Windows host\'s inbound flows (same-zone flows included)': plan => {
        const hosts = parseWindows(plan.emit('windows-firewall', true));
        const windows = plan.ruleSet.hosts.filter(h => h.os === 'windows').map(h => h.host);
        assert.deepStrictEqual([...hosts.keys()].sort(), [...windows].sort());
        for (const host of windows) same(hostBoxes(plan.analysis, host), hosts.get(host)!, `Windows host ${host}`);
    }
};
