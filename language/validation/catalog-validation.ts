import type { ValidationAcceptor } from 'langium';
import type { ComponentType, Instance, Site, SitePair } from '../generated/ast.js';

export const TYPE_CYCLE = 'type-cycle';
export const ABSTRACT_TYPE = 'abstract-component-type';
export const ZONE_IN_TWO_SITES = 'zone-in-two-sites';
export const SITE_PAIRED_WITH_ITSELF = 'site-paired-with-itself';

export function checkTypeCycle(type: ComponentType, accept: ValidationAcceptor): void {
    const seen = new Set<ComponentType>();
    const stack = type.supertypes.map(s => s?.ref).filter((t): t is ComponentType => !!t);
    while (stack.length) {
        const next = stack.pop()!;
        if (next === type) {
            accept('error', `Component type ${type.name} is, through its supertypes, a kind of itself.`, { node: type, property: 'supertypes', code: TYPE_CYCLE, data: { code: TYPE_CYCLE } });
            return;
        }
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...next.supertypes.map(s => s?.ref).filter((t): t is ComponentType => !!t));
    }
}

export function checkInstanceType(instance: Instance, accept: ValidationAcceptor): void {
    const type = instance.type?.ref;
    if (type?.abstract) {
        accept('error', `${type.displayName} is a role that concrete components play, not a component you can place. Choose a concrete type.`,
            { node: instance, property: 'type', code: ABSTRACT_TYPE, data: { code: ABSTRACT_TYPE } });
    }
}

/** The first site (in file order) that claims each zone; worked out once per parse of a file. */
const firstSiteByZone = new WeakMap<object, Map<string, Site>>();

function firstSiteOf(root: Site['$container'], zone: string): Site | undefined {
    let map = firstSiteByZone.get(root);
    if (!map) {
        map = new Map();
        for (const e of root.elements) {
            if (e.$type !== 'Site') continue;
            for (const z of (e as Site).zones) if (z?.$refText !== undefined && !map.has(z.$refText)) map.set(z.$refText, e as Site);
        }
        firstSiteByZone.set(root, map);
    }
    return map.get(zone);
}

export function checkSiteZones(site: Site, accept: ValidationAcceptor): void {
    const root = site.$container;
    site.zones.forEach((zoneRef, index) => {
        const other = zoneRef?.$refText !== undefined ? firstSiteOf(root, zoneRef.$refText) : undefined;
        if (other && other !== site) {
            accept('error', `Zone ${zoneRef.$refText} already belongs to site ${other.name}; a zone sits in one site.`,
                { node: site, property: 'zones', index, code: ZONE_IN_TWO_SITES, data: { code: ZONE_IN_TWO_SITES } });
        }
    });
}

export function checkSitePair(pair: SitePair, accept: ValidationAcceptor): void {
    if (pair.from && pair.to && pair.from.$refText === pair.to.$refText) {
        accept('error', `A site cannot be paired with itself.`, { node: pair, property: 'to', code: SITE_PAIRED_WITH_ITSELF, data: { code: SITE_PAIRED_WITH_ITSELF } });
    }
}
