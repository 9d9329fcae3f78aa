import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog, CatalogFlow, CatalogFlowEndpoint } from '../../language/catalog/catalog-model.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * Precision as a property of the whole catalog: for each catalog flow, the smallest plan that
 * should trigger it — one component of each end's type, in two zones, with the flow's OS,
 * platform, features and scope — gets it between exactly those two components; and each thing
 * that must keep it away does (the other OS, another platform, the feature not used, a type the
 * flow excludes, another site, the same site for a flow between paired sites); a flow that follows a
 * relation reaches across sites that are not paired, and not across a pair. Every catalog
 * flow cites a seed document that exists.
 */

const SEEDS = path.join(PROJECT_ROOT, '..', 'shared', 'seeds');
const OTHER_OS: Record<string, string> = { windows: 'linux', linux: 'windows' };

/** A type that can be placed for this end of the flow: the type itself, or a concrete subtype of the flow's vendor. */
function placeable(endpoint: CatalogFlowEndpoint, flow: CatalogFlow, catalog: Catalog): string | undefined {
    const own = catalog.types.get(endpoint.typeId);
    if (own && !own.abstract) return own.id;
    const candidates = [...catalog.types.values()].filter(t => !t.abstract && catalog.ancestorsOf(t.id).has(endpoint.typeId)
        && !endpoint.excludedTypeIds.some(x => catalog.ancestorsOf(t.id).has(x)));
    return (candidates.find(t => t.vendorId === flow.vendorId) ?? candidates.find(t => t.vendorId === own?.vendorId) ?? candidates[0])?.id;
}

interface Variant { readonly name: string; readonly from?: Partial<Instance>; readonly to?: Partial<Instance>; readonly features?: readonly string[]; readonly sites?: 'same' | 'apart' | 'paired' }
interface Instance { type: string; os?: string; platform?: string }

function planText(flow: CatalogFlow, a: Instance, b: Instance, features: readonly string[], sites: 'same' | 'apart' | 'paired'): string {
    const placed = (i: Instance) => `${i.type} in`;
    const extra = (i: Instance) => `${i.os ? ` os ${i.os}` : ''}${i.platform ? ` on ${i.platform}` : ''}`;
    return [
        'plan "minimal"',
        'zone za 10.1.0.0/24',
        'zone zb 10.2.0.0/24',
        ...(sites === 'same' ? ['site s zones za, zb'] : ['site sa zones za', 'site sb zones zb', ...(sites === 'paired' ? ['pair sa <-> sb'] : [])]),
        ...features.map(f => `use ${f}`),
        `a : ${placed(a)} za at 10.1.0.10${extra(a)}`,
        `b : ${placed(b)} zb at 10.2.0.20${extra(b)}`,
        ''
    ].join('\n');
}

describe('every catalog flow, in the smallest plan that triggers it', function () {
    this.timeout(300000);
    let services: SegplanServices;
    let catalog: Catalog;
    before(async () => {
        services = await createTestServices();
        await buildPlan(services, 'plan "load"\n');
        catalog = services.analysis.PlanAnalyzer.catalog()!;
    });

    it('cites a seed document that exists', () => {
        assert.ok(catalog.flows.length > 100);
        for (const flow of catalog.flows) {
            assert.ok(flow.sources.length > 0, `${flow.from.typeId} -> ${flow.to.typeId} "${flow.purpose}" cites nothing`);
            for (const c of flow.sources) {
                // The seed documents sit beside the project where they are available (not in every clone).
                assert.match(c.file, /^\d{3}_[0-9a-f]{16}\.txt$/, `not a seed document: ${c.file}`);
                if (existsSync(SEEDS)) assert.ok(existsSync(path.join(SEEDS, c.file)), `no seed document ${c.file}`);
                assert.ok(c.section.length > 0, `${c.file}: no section`);
            }
        }
    });

    it('goes between exactly the two components it names, and each condition keeps it away when unmet', async () => {
        const checked: string[] = [];
        const failures: string[] = [];
        for (const flow of catalog.flows) {
            // Host-scoped flows stay on one machine; flows whose port count depends on hosts on the far side need those hosts.
            if (flow.scope === 'host' || flow.ports.some(p => p.kind === 'fixed' && p.per)) continue;
            const fromType = placeable(flow.from, flow, catalog), toType = placeable(flow.to, flow, catalog);
            if (!fromType || !toType) continue;
            const a: Instance = { type: fromType, os: flow.from.os, platform: flow.from.platforms[0] };
            const b: Instance = { type: toType, os: flow.to.os, platform: flow.to.platforms[0] };
            const sites = flow.scope === 'peer' ? 'paired' : 'same';
            const label = `${flow.from.typeId} -> ${flow.to.typeId} ${flow.protocol} "${flow.purpose}" [${flow.scope}]`;
            const pairsWith = async (variant: Variant): Promise<string[]> => {
                const text = planText(flow, { ...a, ...variant.from }, { ...b, ...variant.to }, variant.features ?? flow.featureIds, variant.sites ?? sites);
                const document = await buildPlan(services, text);
                return services.analysis.PlanAnalyzer.analysis(document).flows
                    .filter(r => r.flow.catalogFlows.includes(flow)).map(r => `${r.flow.source.name}->${r.flow.destination.name}`);
            };
            const found = await pairsWith({ name: 'as the flow says' });
            if (!found.includes('a->b')) { failures.push(`${label}: not required between a (${fromType}) and b (${toType}); got ${JSON.stringify(found)}`); continue; }
            if (found.some(p => p !== 'a->b' && p !== 'b->a')) failures.push(`${label}: also required between ${found.join(', ')}`);
            const away: Variant[] = [];
            if (flow.featureIds.length) away.push({ name: 'without its feature', features: [] });
            if (flow.to.os && OTHER_OS[flow.to.os]) away.push({ name: `destination on ${OTHER_OS[flow.to.os]}`, to: { os: OTHER_OS[flow.to.os] } });
            if (flow.from.os && OTHER_OS[flow.from.os]) away.push({ name: `source on ${OTHER_OS[flow.from.os]}`, from: { os: OTHER_OS[flow.from.os] } });
            const otherPlatform = [...catalog.platforms.keys()].find(p => flow.to.platforms.length > 0 && !flow.to.platforms.includes(p));
            if (otherPlatform) away.push({ name: `destination on ${otherPlatform}`, to: { platform: otherPlatform } });
            const excluded = flow.to.excludedTypeIds.find(x => !catalog.types.get(x)?.abstract);
            if (excluded) away.push({ name: `destination of the excluded type ${excluded}`, to: { type: excluded } });
            // A flow that follows a relation binds its pair in any site, but not across a pair of
            // sites (separate installations, such as a Cloud Connect tenant and its provider). A
            // configuration database is the exception: the rows are conditional ("if external
            // PostgreSQL"), so one in another site is a server's only where the plan says so.
            if (flow.relation?.kind === 'database') {
                away.push({ name: 'in sites that are not paired, with no `database` named', sites: 'apart' }, { name: 'in paired sites', sites: 'paired' });
            } else if (flow.relation) {
                if (!(await pairsWith({ name: 'in sites that are not paired', sites: 'apart' })).includes('a->b')) failures.push(`${label}: not required across sites, though it follows ${flow.relation.name}`);
                away.push({ name: 'in paired sites', sites: 'paired' });
            } else if (flow.scope === 'site') away.push({ name: 'in sites that are not paired', sites: 'apart' });
            if (flow.scope === 'peer') away.push({ name: 'in one site', sites: 'same' });
            for (const variant of away) {
                const pairs = await pairsWith(variant);
                if (pairs.includes('a->b')) failures.push(`${label}: still required ${variant.name}`);
            }
            checked.push(label);
        }
        assert.deepEqual(failures, []);
        console.log(`      ${checked.length} of ${catalog.flows.length} catalog flows checked`);
        // Most of the catalog is exercised (the rest: host-scoped flows and per-host port ranges).
        assert.ok(checked.length > catalog.flows.length * 0.7, `only ${checked.length} of ${catalog.flows.length} flows checked`);
    });
});
