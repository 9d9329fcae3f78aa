import type { Catalog } from '../catalog/catalog-model.js';
import type { PlanFacts, PlanInstance } from '../plan/plan-model.js';
import { DEFAULT_SITE } from '../plan/plan-model.js';
import type { Finding } from './finding.js';

/**
 * What each component runs on, where its flows depend on it. A vendor whose port tables are per
 * environment (Zerto: vSphere, Hyper-V, Azure, AWS, MSP) gives each of its components the flows of
 * its own environment only. A component written without `on <platform>`:
 * - takes the platform the plan's other components name — its vendor's in its own site, else its
 *   vendor's in the plan, else any component's in the plan — when they name exactly one (a hint
 *   says so, with a quick fix that writes it);
 * - otherwise SegPlan cannot tell, and requires none of the flows that differ per platform: one
 *   warning asks for `on …`, instead of every environment's table (Azure's 7072 in a vSphere plan).
 * Only components whose flows all come from per-platform tables are read so (platformBound); the
 * others (a Veeam proxy, whose flows from the backup server hold on every platform) keep the flows
 * of every platform they reach.
 */

export const PLATFORM_MISSING = 'platform-missing';

/** A component, or a group of components the catalog cannot tell apart (its members share type, zone and platform). */
type Endpoint = Pick<PlanInstance, 'name' | 'typeId' | 'platform' | 'zone'> & { readonly members?: readonly PlanInstance[] };

export interface PlanPlatforms {
    /** The platform the component runs on: as written, or the one the plan's other components name; undefined: not said. */
    platformOf(endpoint: Endpoint): string | undefined;
    /** Whether the component's flows differ per platform and the plan leaves its platform open. */
    undecided(endpoint: Endpoint): boolean;
    /** Every platform taken from the plan, as text: the same exactly when every one is the same. */
    readonly signature: string;
    /** The hints and warnings, placed where the components' statements are now (an edit may have moved them). */
    findings(): Finding[];
}

/**
 * Whether the platform picks a type's flows: every flow that reaches a component of the type is a
 * row of one platform's table (names a platform at one end or the other), and some name the
 * platform at the type's own end. A Zerto VRA is; a Veeam proxy is not (the backup server's flows
 * to it hold on every platform), nor a Hyper-V host (the platform named is the other end's).
 * `known`: the answers of this computation so far, by type.
 */
function platformBound(catalog: Catalog, typeId: string, known: Map<string, boolean>): boolean {
    let bound = known.get(typeId);
    if (bound === undefined) {
        const ancestors = catalog.ancestorsOf(typeId);
        let ownEnd = false;
        bound = true;
        for (const flow of catalog.flows) {
            const ends = [flow.from, flow.to].filter(end => ancestors.has(end.typeId));
            if (ends.length === 0) continue;
            if (flow.from.platforms.length === 0 && flow.to.platforms.length === 0) { bound = false; break; }
            ownEnd ||= ends.some(end => end.platforms.length > 0);
        }
        bound &&= ownEnd;
        known.set(typeId, bound);
    }
    return bound;
}

/** The platforms the flows of a type name at its end, in catalog order. */
function platformsOfType(catalog: Catalog, typeId: string): string[] {
    const ancestors = catalog.ancestorsOf(typeId);
    const out = new Set<string>();
    for (const flow of catalog.flows) for (const end of [flow.from, flow.to]) if (ancestors.has(end.typeId)) for (const p of end.platforms) out.add(p);
    return [...out];
}

/**
 * What each component runs on where the plan leaves it open. Worked out once per derivation (the
 * first pass keeps it while the facts are the same object): read it there
 * (`Derivation.platforms`, `PlanRelations.platforms`, `VendorCheckContext.platforms`).
 */
export function planPlatforms(plan: PlanFacts, catalog: Catalog): PlanPlatforms {
    const bound = new Map<string, boolean>();
    const vendorOf = (i: PlanInstance) => catalog.types.get(i.typeId)?.vendorId;
    // The platforms the plan's components name: per vendor and site, per vendor, and in the plan.
    const bySite = new Map<string, Set<string>>(), byVendor = new Map<string, Set<string>>(), named = new Set<string>();
    const add = (map: Map<string, Set<string>>, key: string, platform: string) => { const set = map.get(key); if (set) set.add(platform); else map.set(key, new Set([platform])); };
    let open = false;
    for (const instance of plan.instances.values()) {
        if (!instance.platform) { open ||= platformBound(catalog, instance.typeId, bound); continue; }
        const vendor = vendorOf(instance) ?? '';
        add(bySite, `${vendor}\u0000${instance.zone.site}`, instance.platform);
        add(byVendor, vendor, instance.platform);
        named.add(instance.platform);
    }
    const taken = new Map<PlanInstance, string>();
    const undecided = new Set<PlanInstance>();
    const findings: (() => Finding)[] = [];
    if (open) {
        for (const instance of plan.instances.values()) {
            if (instance.platform || !platformBound(catalog, instance.typeId, bound)) continue;
            const vendor = vendorOf(instance) ?? '';
            const sets = [bySite.get(`${vendor}\u0000${instance.zone.site}`), byVendor.get(vendor), named];
            const first = sets.find(set => set && set.size > 0);
            const vendorName = catalog.vendors.find(v => v.id === vendor)?.name ?? vendor;
            if (first && first.size === 1) {
                const platform = [...first][0];
                taken.set(instance, platform);
                const whose = first === named ? 'components' : `${vendorName} components${first === sets[0] && instance.zone.site !== DEFAULT_SITE ? ` in site ${instance.zone.site}` : ''}`;
                findings.push(() => inferredFinding(instance, platform, whose, catalog));
            } else {
                undecided.add(instance);
                const offered = first ? [...first] : [];
                findings.push(() => undecidedFinding(instance, offered, catalog));
            }
        }
    }
    const memberOf = (endpoint: Endpoint): PlanInstance | undefined => endpoint.members?.[0] ?? (endpoint as PlanInstance);
    return {
        platformOf: endpoint => endpoint.platform ?? taken.get(memberOf(endpoint)!),
        undecided: endpoint => !endpoint.platform && undecided.has(memberOf(endpoint)!),
        signature: [...taken].map(([i, p]) => `${i.name}=${p}`).concat([...undecided].map(i => `${i.name}=?`)).join(','),
        findings: () => findings.map(make => make())
    };
}

function inferredFinding(instance: PlanInstance, platform: string, whose: string, catalog: Catalog): Finding {
    const name = catalog.platforms.get(platform)?.displayName ?? platform;
    return {
        code: PLATFORM_MISSING, severity: 'hint', node: instance.node, property: 'name',
        message: `${instance.name} names no platform: SegPlan takes \`on ${platform}\` (${name}), the one the plan's other ${whose} name, and requires that environment's flows. Write \`on ${platform}\` to say so.`,
        data: { code: PLATFORM_MISSING, platforms: [platform] }
    };
}

function undecidedFinding(instance: PlanInstance, named: readonly string[], catalog: Catalog): Finding {
    const offered = [...named, ...platformsOfType(catalog, instance.typeId).filter(p => !named.includes(p))];
    const what = named.length === 0 ? 'and no other component of the plan names one' : `and the plan's other components name ${named.join(' and ')}`;
    return {
        code: PLATFORM_MISSING, severity: 'warning', node: instance.node, property: 'name',
        message: `${instance.name} names no platform, ${what}. Its ports differ per environment (${offered.join(', ')}), so SegPlan requires none of the flows that differ per environment until the plan says which: write \`on ${offered[0]}\` or the platform it runs on.`,
        data: { code: PLATFORM_MISSING, platforms: offered }
    };
}
