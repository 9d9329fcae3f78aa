import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { buildRuleIndex, coverFlow } from '../../language/analysis/coverage.js';
import { coverageSummary } from '../../language/analysis/coverage-summary.js';
import { formatPorts, unionPorts, type PortSet } from '../../language/network/ports.js';
import type { PlanRule } from '../../language/plan/plan-model.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * The analysis works out requirements per group of components the catalog cannot tell apart
 * (same type, zone, OS, platform and port overrides) and lists them per component pair only when
 * asked. On plans nobody wrote by hand (fast-check, seed 57) — several components of a type in a
 * zone, with and without sites, address-less components, components sharing addresses, rules
 * naming single members, lists and zones, port overrides for some members — the two views must
 * agree exactly: every pair requirement lies in one group requirement with the same ports and
 * catalog rows, the counts add up, a group is allowed or blocked only when all its pairs are, the
 * coverage headline and what each rule is credited with are the same as per pair.
 */

const TYPES = ['veeam.BackupServer', 'veeam.Proxy', 'veeam.Repository', 'vmware.EsxiHost', 'vmware.VCenter', 'zerto.Zvm on vsphere', 'infra.VmGuest os windows'];
const PORTS = ['443', '445', '902', '6160', '6162', '2500-3300', '22', '135', '9071', '9080-9081', '1-65535'];

const component = fc.record({
    type: fc.integer({ min: 0, max: TYPES.length - 1 }),
    zone: fc.nat(),
    // 0: own address; 1: no address; 2: the previous component's address
    address: fc.integer({ min: 0, max: 2 })
});
const endpoint = fc.record({ zone: fc.boolean(), index: fc.nat() });
const rule = fc.record({
    from: fc.array(endpoint, { minLength: 1, maxLength: 2 }),
    to: fc.array(endpoint, { minLength: 1, maxLength: 2 }),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    ports: fc.subarray(PORTS, { minLength: 1, maxLength: 4 })
});
const planShape = fc.record({
    zones: fc.integer({ min: 1, max: 4 }),
    sites: fc.constantFrom(0, 2),
    components: fc.array(component, { minLength: 2, maxLength: 12 }),
    rules: fc.array(rule, { maxLength: 8 }),
    override: fc.option(fc.record({ port: fc.integer({ min: 9000, max: 9999 }), member: fc.nat() }), { nil: undefined })
});

type PlanShape = typeof planShape extends fc.Arbitrary<infer T> ? T : never;

function planText(shape: PlanShape): string {
    const lines = ['plan "groups"'];
    for (let z = 0; z < shape.zones; z++) lines.push(`zone z${z} 10.8${z}.0.0/24`);
    if (shape.sites > 0) {
        const half = Math.ceil(shape.zones / 2);
        lines.push(`site a zones ${Array.from({ length: half }, (_, z) => `z${z}`).join(', ')}`);
        if (shape.zones > half) lines.push(`site b zones ${Array.from({ length: shape.zones - half }, (_, z) => `z${z + half}`).join(', ')}`, 'pair a <-> b');
    }
    let previous: string | undefined;
    shape.components.forEach((c, i) => {
        const zone = c.zone % shape.zones;
        const own = `10.8${zone}.0.${10 + i}`;
        const at = c.address === 1 ? undefined : c.address === 2 && previous?.startsWith(`10.8${zone}.`) ? previous : own;
        if (at) previous = at;
        const [type, ...rest] = TYPES[c.type].split(' ');
        lines.push(`c${i} : ${type} in z${zone}${at ? ` at ${at}` : ''}${rest.length ? ` ${rest.join(' ')}` : ''}`);
    });
    if (shape.override) lines.push(`set zerto.ZvmPeerPort = ${shape.override.port} for c${shape.override.member % shape.components.length}`);
    const name = (e: { zone: boolean; index: number }) => (e.zone ? `z${e.index % shape.zones}` : `c${e.index % shape.components.length}`);
    for (const r of shape.rules) {
        lines.push(`allow ${[...new Set(r.from.map(name))].join(', ')} -> ${[...new Set(r.to.map(name))].join(', ')} ${r.protocol} ${r.ports.join(', ')}`);
    }
    return lines.join('\n') + '\n';
}

function rowsOf(catalogFlows: readonly object[]): Set<object> {
    return new Set(catalogFlows);
}

function sameRows(a: readonly object[], b: readonly object[]): boolean {
    const x = rowsOf(a), y = rowsOf(b);
    return x.size === y.size && [...x].every(r => y.has(r));
}

function checkAgreement(analysis: PlanAnalysis, text: string): void {
    const pairs = analysis.flows;
    const groups = analysis.groupFlows;
    const context = `\n${text}`;
    // Every pair requirement lies in exactly one group requirement with the same facts.
    for (const p of pairs) {
        const owners = groups.filter(g => g.flow.source.members.includes(p.flow.source) && g.flow.destination.members.includes(p.flow.destination)
            && g.flow.protocols.join() === p.flow.protocols.join() && formatPorts(g.flow.ports) === formatPorts(p.flow.ports)
            && g.flow.installOnly === p.flow.installOnly);
        assert.equal(owners.length, 1, `${p.flow.source.name} → ${p.flow.destination.name} ${p.flow.protocols.join('/')} ${p.flow.portText}: ${owners.length} group flows${context}`);
        const g = owners[0];
        assert.ok(sameRows(g.flow.catalogFlows, p.flow.catalogFlows), `catalog rows of ${p.flow.source.name} → ${p.flow.destination.name}${context}`);
        assert.equal(g.flow.required, p.flow.required);
        assert.equal(g.flow.crossesZones, p.flow.crossesZones);
        if (g.status === 'covered' || g.status === 'missing') assert.equal(p.status, g.status, `${p.flow.source.name} → ${p.flow.destination.name} is ${p.status}, its group ${g.status}${context}`);
    }
    // And the group requirements stand for exactly these pairs (a group's flow to itself: each member to itself).
    for (const g of groups) {
        const n = g.flow.source.members.length, m = g.flow.destination.members.length;
        assert.equal(g.pairs, g.flow.source === g.flow.destination ? n : n * m);
    }
    const total = groups.reduce((n, g) => n + g.pairs, 0);
    assert.equal(total, pairs.length, `group flows stand for ${total} pairs, the pair list has ${pairs.length}${context}`);
    for (const g of groups.filter(x => x.flow.required && x.flow.crossesZones)) {
        const members = pairs.filter(p => g.flow.source.members.includes(p.flow.source) && g.flow.destination.members.includes(p.flow.destination)
            && sameRows(g.flow.catalogFlows, p.flow.catalogFlows));
        assert.equal(g.allowedPairs, members.filter(p => p.status === 'covered').length, `allowed pairs of ${g.flow.source.name} → ${g.flow.destination.name}${context}`);
    }
    // The coverage headline, per pair.
    const counted = pairs.filter(p => p.status === 'covered' || p.status === 'partial' || p.status === 'missing');
    const summary = coverageSummary(analysis);
    assert.equal(summary.required, counted.length, `required flows${context}`);
    assert.equal(summary.allowed, counted.filter(p => p.status === 'covered').length, `allowed flows${context}`);
    // What each rule is credited with, per pair.
    const index = buildRuleIndex(analysis.plan.policy);
    const served = new Map<PlanRule, PortSet>();
    for (const p of pairs) for (const [rule, ports] of coverFlow(p.flow, index).contributions) served.set(rule, unionPorts(served.get(rule) ?? [], ports));
    for (const rule of analysis.plan.policy.rules) {
        assert.equal(formatPorts(analysis.ruleUsage.get(rule)?.served ?? []), formatPorts(served.get(rule) ?? []), `ports credited to \`${rule.node.$cstNode?.text}\`${context}`);
    }
}

describe('requirements per component group agree with requirements per component pair', function () {
    this.timeout(300000);

    it('on 120 generated plans (seed 57)', async () => {
        const services = await createTestServices();
        let grouped = 0;
        await assertTimeCappedAsync(fc.asyncProperty(planShape, async shape => {
            const text = planText(shape);
            const [document] = await buildDocuments(services, { 'plan.segplan': text });
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            if (analysis.groupFlows.some(g => g.flow.source.members.length > 1 || g.flow.destination.members.length > 1)) grouped++;
            checkAgreement(analysis, text);
            services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }), { seed: 57, numRuns: 120, timeLimitMs: 200000 });
        // The property says something only if groups of several components occur.
        assert.ok(grouped >= 30, `${grouped} of 120 plans had a group of several components`);
    });

    it('on the examples and the reviewed realistic plans', async () => {
        const { readdirSync, readFileSync } = await import('node:fs');
        const path = await import('node:path');
        const files = [
            ...readdirSync('examples').filter(f => f.endsWith('.segplan')).map(f => path.join('examples', f)),
            ...readdirSync('test/precision/plans').filter(f => f.endsWith('.segplan')).map(f => path.join('test/precision/plans', f))
        ];
        const services = await createTestServices();
        let checked = 0;
        for (const file of files) {
            const text = readFileSync(file, 'utf8');
            if (!text.startsWith('plan') && !/^\s*plan\s/m.test(text)) continue;
            const [document] = await buildDocuments(services, { [path.basename(file)]: text });
            if (!services.analysis.PlanAnalyzer.isPlan(document)) continue;
            checkAgreement(services.analysis.PlanAnalyzer.analysis(document), `(${file})`);
            checked++;
        }
        assert.ok(checked >= 8, `${checked} plans checked`);
    });
});
