import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import { flowJson } from '../../cli/commands/flows.js';
import { analyzePlan, type PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../../language/analysis/flow-findings.js';
import { buildCatalog } from '../../language/catalog/catalog-model.js';
import { buildPlan } from '../../language/plan/plan-model.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { importClosure } from '../../language/workspace/plan-imports.js';
import { apply, openWorkspace, uriOf } from '../helpers/review-workspace.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/**
 * The analysis runs in three passes: it derives the flows a plan requires (catalog, components,
 * relations, scope, features, port overrides, `require` lines), covers them with the allow rules,
 * and reports. On generated estates (fast-check, fixed seeds) — sites or none, an internet zone,
 * components with and without addresses, `managed by`, a feature, a port override, a `require`
 * line, a deny — what each pass promises the next:
 * - the allow rules never change which flows are required (`segplan flows --json` without each
 *   flow's status, rules and gaps), nor what the plan leaves undecided about its relations;
 * - the report says what the coverage says: every component pair `flows` lists as missing or
 *   partly allowed is named by a missing-flow or partial-flow finding, and every such finding
 *   names a pair that is;
 * - after any sequence of edits (allow rules only, a component moved, a relation, a `require`
 *   line), the editor's analysis, which keeps what each pass did for the parts an edit did not
 *   reach, is the analysis a from-scratch run gives.
 */

const TYPES = [
    'veeam.BackupServer os windows', 'veeam.Proxy os linux on vsphere', 'veeam.Repository os windows', 'veeam.Agent os windows',
    'vmware.EsxiHost', 'vmware.VCenter', 'zerto.Zvm on vsphere', 'infra.VmGuest os windows'
];
/** Types a backup server manages (`managed by`). */
const MANAGED = new Set([1, 2, 3]);
const PORTS = ['22', '443', '445', '902', '6160', '6162', '2500-3300', '135', '9392', '9419', '9071', '9080-9081', '1-65535'];

const component = fc.record({
    type: fc.integer({ min: 0, max: TYPES.length - 1 }),
    zone: fc.nat(),
    // 0, 1: an address of its own; 2: none (a component named only)
    address: fc.integer({ min: 0, max: 2 }),
    // Names a backup server when below the number of servers (and the type is managed).
    managedBy: fc.nat(3)
});

const endpoint = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('component' as const), index: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('zone' as const), index: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('any' as const), index: fc.constant(0) }) }
);
const rule = fc.record({
    from: fc.array(endpoint, { minLength: 1, maxLength: 2 }),
    to: fc.array(endpoint, { minLength: 1, maxLength: 2 }),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp', 'any'),
    ports: fc.subarray(PORTS, { minLength: 1, maxLength: 4 }),
    temporary: fc.boolean()
});
const rules = fc.array(rule, { maxLength: 10 });

const estate = fc.record({
    sites: fc.constantFrom(0, 2, 3),
    internet: fc.boolean(),
    paired: fc.boolean(),
    components: fc.array(component, { minLength: 2, maxLength: 12 }),
    feature: fc.boolean(),
    override: fc.option(fc.record({ port: fc.integer({ min: 9000, max: 9999 }), member: fc.nat() }), { nil: undefined }),
    requirement: fc.option(fc.record({ from: fc.nat(), to: fc.nat(), port: fc.integer({ min: 10000, max: 10100 }), installOnly: fc.boolean() }), { nil: undefined }),
    deny: fc.option(fc.record({ from: fc.nat(), to: fc.nat(), port: fc.constantFrom('22', '443', '902') }), { nil: undefined })
});

type Estate = typeof estate extends fc.Arbitrary<infer T> ? T : never;
type Rules = typeof rules extends fc.Arbitrary<infer T> ? T : never;

/** Two zones per site (or three in a plan without sites), and the internet zone last. */
function zoneNames(e: Estate): string[] {
    const zones = e.sites === 0 ? ['z0', 'z1', 'z2'] : Array.from({ length: 2 * e.sites }, (_, z) => `z${z}`);
    return e.internet ? [...zones, 'cloud'] : zones;
}

/**
 * The plan's text: everything but the allow rules first, then the rules, so that a change of
 * rules moves no other statement.
 */
function planText(e: Estate, allow: Rules): string {
    const zones = zoneNames(e);
    const lines = ['plan "passes"'];
    zones.forEach((z, i) => lines.push(z === 'cloud' ? 'zone cloud internet' : `zone ${z} 10.${i + 1}.0.0/24`));
    for (let s = 0; s < e.sites; s++) lines.push(`site s${s} zones z${2 * s}, z${2 * s + 1}`);
    if (e.sites > 1 && e.paired) lines.push('pair s0 <-> s1');
    if (e.feature) lines.push('use veeam.GuestProcessing');
    const servers = e.components.map((c, i) => (c.type === 0 ? `c${i}` : undefined)).filter((n): n is string => !!n);
    e.components.forEach((c, i) => {
        const zone = c.zone % zones.length;
        const at = c.address === 2 ? '' : zones[zone] === 'cloud' ? ` at 198.51.100.${10 + i}` : ` at 10.${zone + 1}.0.${10 + i}`;
        const [type, ...rest] = TYPES[c.type].split(' ');
        const managed = MANAGED.has(c.type) && c.managedBy < servers.length ? ` managed by ${servers[c.managedBy]}` : '';
        lines.push(`c${i} : ${type} in ${zones[zone]}${at}${rest.length ? ` ${rest.join(' ')}` : ''}${managed}`);
    });
    const name = (index: number) => `c${index % e.components.length}`;
    if (e.override) lines.push(`set zerto.ZvmPeerPort = ${e.override.port} for ${name(e.override.member)}`);
    if (e.requirement && name(e.requirement.from) !== name(e.requirement.to)) {
        lines.push(`require ${name(e.requirement.from)} -> ${name(e.requirement.to)} tcp ${e.requirement.port} "the plan's own flow"${e.requirement.installOnly ? ' install-only' : ''}`);
    }
    if (e.deny) lines.push(`deny ${zones[e.deny.from % zones.length]} -> ${zones[e.deny.to % zones.length]} tcp ${e.deny.port} "kept shut"`);
    const side = (ends: Rules[number]['from']) => [...new Set(ends.map(end => end.kind === 'any' ? 'any' : end.kind === 'zone' ? zones[end.index % zones.length] : name(end.index)))].join(', ');
    for (const r of allow) {
        const ports = r.protocol === 'any' ? '' : ` ${r.ports.join(', ')}`;
        lines.push(`allow ${side(r.from)} -> ${side(r.to)} ${r.protocol}${ports}${r.temporary ? ' until 2031-01-31' : ''}`);
    }
    return lines.join('\n') + '\n';
}

async function analysisOf(services: SegplanServices, text: string): Promise<{ analysis: PlanAnalysis; document: LangiumDocument }> {
    const [document] = await buildDocuments(services, { 'plan.segplan': text });
    return { analysis: services.analysis.PlanAnalyzer.analysis(document), document };
}

/**
 * What `segplan flows --json` lists of each flow, without where the allow rules leave it: whether
 * it needs an allow rule (`between zones`) stays, whether one lets it through goes.
 */
function requirements(analysis: PlanAnalysis): unknown[] {
    return analysis.flows.map(result => {
        const { status, rules: _rules, missing: _missing, ...required } = flowJson(result);
        return { ...required, status: status === 'same-zone' || status === 'not-required' ? status : 'between zones' };
    });
}

const RELATION_FINDING = /^relation-/;

function relationFindings(analysis: PlanAnalysis): string[] {
    return analysis.findings.filter(f => RELATION_FINDING.test(f.code)).map(f => `${f.code} ${where(f.node)} ${f.message}`);
}

function where(node: AstNode): string {
    const start = node.$cstNode?.range.start;
    return `${AstUtils.getDocument(node).uri.path.split('/').pop()}:${start?.line}:${start?.character}`;
}

/** Component pairs as `a→b`. */
function pairKey(source: string, destination: string): string {
    return `${source}→${destination}`;
}

/** The component pairs a missing-flow or partial-flow finding names: every component of its source with every one of its destination. */
function namedPairs(data: Record<string, unknown> | undefined): string[] {
    const sources = String(data?.source ?? '').split(', '), destinations = String(data?.destination ?? '').split(', ');
    return sources.flatMap(s => destinations.map(d => pairKey(s, d)));
}

/** An analysis as text: each flow with its status and rules, each rule's usage, each finding with its place. */
function summary(analysis: PlanAnalysis): string[] {
    return [
        ...analysis.flows.map(f => `flow ${f.flow.id} ${f.flow.source.name}->${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText} ${f.status} [${f.rules.map(r => where(r.node)).join(' ')}]`),
        ...analysis.groupFlows.map(g => `group ${g.flow.id} ${g.flow.source.name}->${g.flow.destination.name} ${g.flow.portText} ${g.status} ${g.allowedPairs}/${g.pairs}`),
        ...[...analysis.ruleUsage].map(([rule, u]) => `usage ${where(rule.node)} ${JSON.stringify(u)}`),
        ...analysis.findings.map(f => `finding ${f.code} ${f.severity} ${where(f.node)} ${f.property ?? ''} ${f.index ?? ''} ${f.message}`)
    ];
}

describe('the analysis passes (fast-check)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('the allow rules never change which flows are required, nor the relations (seed 3636)', async () => {
        let required = 0;
        await fc.assert(fc.asyncProperty(estate, rules, rules, async (e, a, b) => {
            const first = await analysisOf(services, planText(e, a));
            const second = await analysisOf(services, planText(e, b));
            const context = `\n${planText(e, a)}---\n${planText(e, b)}`;
            assert.deepEqual(requirements(second.analysis), requirements(first.analysis), `required flows differ${context}`);
            assert.deepEqual(relationFindings(second.analysis), relationFindings(first.analysis), `relation findings differ${context}`);
            if (first.analysis.flows.some(f => f.status === 'covered' || f.status === 'missing' || f.status === 'partial')) required++;
            for (const { document } of [first, second]) services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }), { seed: 3636, numRuns: 60 });
        // The property says something only where flows are required.
        assert.ok(required >= 40, `${required} of 60 estates required flows between zones`);
    });

    it('the findings say what the coverage says, pair by pair (seed 3637)', async () => {
        let blocked = 0, partial = 0;
        await fc.assert(fc.asyncProperty(estate, rules, async (e, allow) => {
            const text = planText(e, allow);
            const { analysis, document } = await analysisOf(services, text);
            const notAllowed = new Set(analysis.flows.filter(f => f.status === 'missing' || f.status === 'partial')
                .map(f => pairKey(f.flow.source.name, f.flow.destination.name)));
            const reported = analysis.findings.filter(f => f.code === MISSING_FLOW || f.code === PARTIAL_FLOW);
            const named = new Set(reported.flatMap(f => namedPairs(f.data)));
            for (const pair of notAllowed) assert.ok(named.has(pair), `${pair} is not fully allowed, and no finding says so\n${text}`);
            for (const f of reported) {
                assert.ok(namedPairs(f.data).some(pair => notAllowed.has(pair)), `${f.code} names ${namedPairs(f.data).join(' ')}, all allowed\n${text}`);
            }
            if (notAllowed.size > 0) blocked++;
            if (analysis.flows.some(f => f.status === 'partial')) partial++;
            services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }), { seed: 3637, numRuns: 80 });
        assert.ok(blocked >= 40 && partial >= 5, `${blocked} estates with blocked flows, ${partial} with partly allowed ones`);
    });

    it('after each edit, the editor\'s analysis is a from-scratch analysis (seed 3638)', async () => {
        const step = fc.oneof(
            fc.record({ kind: fc.constant('rules' as const), rules }),
            fc.record({ kind: fc.constant('move' as const), member: fc.nat(), zone: fc.nat() }),
            fc.record({ kind: fc.constant('relation' as const), member: fc.nat(), server: fc.nat(3) }),
            fc.record({ kind: fc.constant('requirement' as const), from: fc.nat(), to: fc.nat(), port: fc.integer({ min: 10000, max: 10100 }) })
        );
        let ruleEdits = 0;
        await fc.assert(fc.asyncProperty(estate, rules, fc.array(step, { minLength: 1, maxLength: 6 }), async (start, firstRules, steps) => {
            let e = start, allow = firstRules;
            const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': planText(e, allow) });
            const document = () => ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!;
            const texts: string[] = [planText(e, allow)];
            ws.services.analysis.PlanAnalyzer.analysis(document());
            for (const s of steps) {
                if (s.kind === 'rules') { allow = s.rules; ruleEdits++; }
                const components = e.components.map((c, i) => i !== (s.kind === 'move' || s.kind === 'relation' ? s.member % e.components.length : -1) ? c
                    : s.kind === 'move' ? { ...c, zone: s.zone } : { ...c, managedBy: s.kind === 'relation' ? s.server : c.managedBy });
                e = { ...e, components, requirement: s.kind === 'requirement' ? { from: s.from, to: s.to, port: s.port, installOnly: false } : e.requirement };
                const text = planText(e, allow);
                texts.push(text);
                await apply(ws, { 'plan.segplan': text });
                const incremental = ws.services.analysis.PlanAnalyzer.analysis(document());
                const documents = importClosure(document(), ws.services.shared.workspace.LangiumDocuments);
                // A fresh catalog and plan model: nothing shared with the editor's analysis.
                const fromScratch = analyzePlan(buildPlan(documents), buildCatalog(ws.services.shared.workspace.LangiumDocuments.all), ws.services.analysis.VendorChecks);
                assert.deepEqual(summary(incremental), summary(fromScratch), `after ${s.kind}:\n${texts.join('---\n')}`);
            }
        }), { seed: 3638, numRuns: 25 });
        assert.ok(ruleEdits >= 15, `${ruleEdits} edits of the allow rules alone`);
    });
});
