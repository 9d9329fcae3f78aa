import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * Relations over generated estates: sites with a zone each, holding backup servers, proxies,
 * repositories and Veeam agents, some of them naming their managing server.
 * - a flow that follows `manages` runs exactly between the declared pairs where a component
 *   declares its server (no more);
 * - declaring the relations the plan already implies changes nothing;
 * - adding or removing the `site` lines changes no pair a declared relation binds;
 * - every managed component has a managing server's flows or a finding.
 */

interface Component { name: string; type: string; site: number; managedBy?: string }
interface Estate { sites: number; components: Component[] }

const MANAGED = ['veeam.Proxy', 'veeam.Repository', 'veeam.Agent'];

const estate: fc.Arbitrary<Estate> = fc.integer({ min: 1, max: 3 }).chain(sites => fc.record({
    sites: fc.constant(sites),
    servers: fc.array(fc.integer({ min: 0, max: sites - 1 }), { maxLength: 3 }),
    managed: fc.array(fc.record({ type: fc.constantFrom(...MANAGED), site: fc.integer({ min: 0, max: sites - 1 }), declare: fc.nat(5) }), { minLength: 1, maxLength: 5 })
})).map(({ sites, servers, managed }) => {
    const components: Component[] = servers.map((site, i) => ({ name: `vbr${i}`, type: 'veeam.BackupServer', site }));
    managed.forEach((m, i) => components.push({
        name: `m${i}`, type: m.type, site: m.site,
        // Some name a server (when there is one), the rest leave it to SegPlan.
        managedBy: servers.length > 0 && m.declare < 3 ? `vbr${m.declare % servers.length}` : undefined
    }));
    return { sites, components };
});

function planText(e: Estate, options: { sites?: boolean; declared?: ReadonlyMap<string, string> } = {}): string {
    const lines = ['plan "estate"'];
    for (let s = 0; s < e.sites; s++) lines.push(`zone z${s} 10.${s + 1}.0.0/24`);
    if (options.sites ?? true) for (let s = 0; s < e.sites; s++) lines.push(`site s${s} zones z${s}`);
    e.components.forEach((c, i) => {
        const server = options.declared?.get(c.name) ?? c.managedBy;
        lines.push(`${c.name} : ${c.type} in z${c.site} at 10.${c.site + 1}.0.${i + 10} os windows${server ? ` managed by ${server}` : ''}`);
    });
    return lines.join('\n') + '\n';
}

interface Outcome { required: string[]; managing: string[]; findings: string[]; inferred: Map<string, string> }

async function outcome(services: SegplanServices, text: string): Promise<Outcome> {
    const document = await buildPlan(services, text);
    const analysis = services.analysis.PlanAnalyzer.analysis(document);
    const required = analysis.flows.map(r => `${r.flow.source.name}->${r.flow.destination.name} ${r.flow.protocols.join('/')} ${r.flow.portText} ${r.status}`).sort();
    const bound = analysis.flows.filter(r => r.flow.relation?.name === 'manages' || r.flow.relation?.name === 'managed-by');
    // As subject (the managed component) -> object (its server).
    const pairOf = (r: typeof bound[number]) => r.flow.relation!.name === 'manages' ? [r.flow.destination.name, r.flow.source.name] : [r.flow.source.name, r.flow.destination.name];
    const managing = [...new Set(bound.map(r => pairOf(r).join('<-')))].sort();
    const inferred = new Map<string, string>();
    for (const r of bound) if (r.flow.relation!.how === 'inferred') inferred.set(pairOf(r)[0], pairOf(r)[1]);
    // Which codes each component gets. Components the catalog cannot tell apart share one finding
    // per flow, placed at the first of them and naming them all (`vbr0 → m0, m2`): declaring a
    // relation changes which components are told apart, so a finding counts for every component
    // it places or names.
    const names = new Set(analysis.plan.facts.instances.keys());
    const findings = [...new Set(analysis.findings.flatMap(f => [(f.node as { name?: string }).name ?? '', ...String(f.message).split(/[^\w-]+/).filter(w => names.has(w))]
        .map(name => `${f.code}@${name}`)))].sort();
    return { required, managing, findings, inferred };
}

describe('relations over generated estates (fast-check)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('a declared relation binds exactly its pair (seed 3601)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const { managing } = await outcome(services, planText(e));
            for (const c of e.components.filter(c => c.managedBy)) {
                assert.deepEqual(managing.filter(p => p.startsWith(`${c.name}<-`)), [`${c.name}<-${c.managedBy}`], planText(e));
            }
        }), { seed: 3601, numRuns: 40 });
    });

    it('declaring the relations a plan implies changes nothing (seed 3602)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const before = await outcome(services, planText(e));
            if (before.inferred.size === 0) return;
            const after = await outcome(services, planText(e, { declared: before.inferred }));
            assert.deepEqual(after.required, before.required, planText(e, { declared: before.inferred }));
            assert.deepEqual(after.findings, before.findings);
        }), { seed: 3602, numRuns: 40 });
    });

    it('adding or removing the site lines changes no pair a declared relation binds (seed 3603)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const declaredOnly = (o: Outcome) => o.managing.filter(p => e.components.some(c => c.managedBy && p.startsWith(`${c.name}<-`)));
            const withSites = await outcome(services, planText(e, { sites: true }));
            const without = await outcome(services, planText(e, { sites: false }));
            assert.deepEqual(declaredOnly(without), declaredOnly(withSites), planText(e));
        }), { seed: 3603, numRuns: 40 });
    });

    it('every managed component has a managing server\'s flows or a finding (seed 3604)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            for (const sites of [true, false]) {
                const o = await outcome(services, planText(e, { sites }));
                for (const c of e.components.filter(c => MANAGED.includes(c.type))) {
                    const managed = o.managing.some(p => p.startsWith(`${c.name}<-`));
                    const found = o.findings.some(f => f === `relation-missing@${c.name}` || f === `relation-undecided@${c.name}`);
                    assert.ok(managed || found, `${c.name} has neither a server nor a finding\n${planText(e, { sites })}`);
                }
            }
        }), { seed: 3604, numRuns: 40 });
    });
});
