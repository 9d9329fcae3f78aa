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

export function checkSiteZones(site: Site, accept: ValidationAcceptor): void {
    const root = site.$container;
    site.zones.forEach((zoneRef, index) => {
        const other = root.elements.find(e => e.$type === 'Site' && e !== site && (e as Site).zones.some(z => z?.$refText === zoneRef?.$refText)) as Site | undefined;
        if (other && root.elements.indexOf(other) < root.elements.indexOf(site)) {
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
