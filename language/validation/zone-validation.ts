import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import { type SegplanDocument, type Zone } from '../generated/ast.js';
import { AddressSet, isWholeFamily, type AddressBlock, type IpInterval } from '../network/addresses.js';
import { parsedAddressOf } from '../parser/address-of-node.js';
import { parsedBlocks } from '../plan/plan-model.js';
import { statementsOf } from '../plan/file-statements.js';
import { importClosure } from '../workspace/plan-imports.js';

export const OVERLAPPING_ZONES = 'overlapping-zones';
/** A zone that lists a network twice, or a network inside another one it lists. */
export const REPEATED_ZONE_NETWORK = 'repeated-zone-network';
/** `zone x 0.0.0.0/0` or `::/0`: every address, which is what `internet` says (and checks). */
export const ZONE_IS_INTERNET = 'zone-is-internet';

/** Each network of a zone once, and no zone that is the whole address space. */
export function checkZoneNetworks(zone: Zone, accept: ValidationAcceptor): void {
    const listed: { text: string; block: AddressBlock & { interval: IpInterval }; index: number }[] = [];
    zone.addresses.forEach((address, index) => {
        if (address?.value === undefined) return;
        const parsed = parsedAddressOf(address);
        if (!('block' in parsed) || parsed.block.kind === 'host') return; // reported by checkAddress
        const { block } = parsed;
        if (isWholeFamily(block)) {
            accept('error', `${address.value} is every ${block.kind === 'ipv4' ? 'IPv4' : 'IPv6'} address, that is the internet: write \`zone ${zone.name} internet\`, so that rules from it are checked as internet exposure.`,
                { node: zone, property: 'addresses', index, code: ZONE_IS_INTERNET, data: { code: ZONE_IS_INTERNET } });
        }
        listed.push({ text: address.value, block, index });
    });
    // A sweep in address order (widest first at equal starts): a network that ends before the widest
    // one still open lies inside it. Reported on whichever of the two is written later.
    for (const kind of ['ipv4', 'ipv6'] as const) {
        const sorted = listed.filter(l => l.block.kind === kind).sort((a, b) =>
            a.block.interval.from !== b.block.interval.from ? (a.block.interval.from < b.block.interval.from ? -1 : 1)
                : a.block.interval.to !== b.block.interval.to ? (a.block.interval.to > b.block.interval.to ? -1 : 1) : a.index - b.index);
        let holder: typeof sorted[number] | undefined;
        for (const net of sorted) {
            if (holder && net.block.interval.to <= holder.block.interval.to) {
                const same = holder.block.interval.from === net.block.interval.from && holder.block.interval.to === net.block.interval.to;
                const [later, earlier] = net.index > holder.index ? [net, holder] : [holder, net];
                const message = same ? `Zone ${zone.name} already lists ${earlier.text}; remove this one.`
                    : later === net ? `${net.text} is already part of ${holder.text} in zone ${zone.name}; remove it.`
                        : `${holder.text} includes ${net.text}, listed before it in zone ${zone.name}; remove ${net.text}.`;
                accept('warning', message, { node: zone, property: 'addresses', index: later.index, code: REPEATED_ZONE_NETWORK, data: { code: REPEATED_ZONE_NETWORK } });
            } else {
                holder = net;
            }
        }
    }
}

interface ZoneNetworks { zone: Zone; networks: AddressSet; own: boolean }

/** Zones of a plan (this file and its imports) must not share addresses: a flow would belong to both. */
export function checkOverlappingZones(document: LangiumDocument, documents: LangiumDocuments, accept: ValidationAcceptor): void {
    // A file's zones as kept with its tree (file-statements.ts): no walk over its 10,000 components.
    const zonesOf = (doc: LangiumDocument) => statementsOf(doc.parseResult.value as SegplanDocument).zones;
    const own = zonesOf(document);
    if (own.length === 0) return;
    const all: ZoneNetworks[] = [];
    for (const doc of importClosure(document, documents)) {
        for (const zone of zonesOf(doc)) {
            // A zone of every address already has its error (zone-is-internet); overlaps would only repeat it.
            const blocks = parsedBlocks(zone.addresses);
            if (!zone.internet && !blocks.some(isWholeFamily)) all.push({ zone, networks: AddressSet.of(blocks), own: doc === document });
        }
    }
    // Each overlap is reported on a zone of this file: against an imported zone always, against
    // another zone of this file on the later of the two, in the order the zones are written.
    const reported = (i: number, j: number) => all[i].own && !(all[j].own && j > i);
    const pairs: number[] = [];
    for (const [a, b] of overlappingPairs(all)) {
        if (reported(a, b)) pairs.push(a * all.length + b);
        if (reported(b, a)) pairs.push(b * all.length + a);
    }
    for (const pair of pairs.sort((x, y) => x - y)) {
        const i = Math.floor(pair / all.length), j = pair % all.length;
        const shared = all[i].networks.intersect(all[j].networks);
        accept('warning', `Zone ${all[i].zone.name} overlaps zone ${all[j].zone.name} in ${shared.format()}: an address there would belong to both zones.`,
            { node: all[i].zone, property: 'addresses', code: OVERLAPPING_ZONES, data: { code: OVERLAPPING_ZONES } });
    }
}

/**
 * The pairs of zones (indices, each pair once) that share an address or a host name. A sweep over
 * the intervals sorted by start keeps only the intervals still open, so the cost is n log n plus
 * the overlaps found, where comparing every zone with every other grows with the square of the zones.
 */
function overlappingPairs(zones: readonly ZoneNetworks[]): Array<[number, number]> {
    const found = new Map<number, [number, number]>();
    const add = (a: number, b: number) => {
        if (a === b) return;
        const [low, high] = a < b ? [a, b] : [b, a];
        const key = low * zones.length + high;
        if (!found.has(key)) found.set(key, [low, high]);
    };
    for (const family of ['v4', 'v6'] as const) {
        const intervals: Array<{ interval: IpInterval; zone: number }> = [];
        zones.forEach((z, zone) => { for (const interval of z.networks[family]) intervals.push({ interval, zone }); });
        intervals.sort((x, y) => x.interval.from < y.interval.from ? -1 : x.interval.from > y.interval.from ? 1 : 0);
        let open: typeof intervals = [];
        for (const next of intervals) {
            open = open.filter(o => o.interval.to >= next.interval.from);
            for (const o of open) add(o.zone, next.zone);
            open.push(next);
        }
    }
    const byName = new Map<string, number[]>();
    zones.forEach((z, zone) => {
        for (const name of z.networks.names) {
            const holders = byName.get(name);
            if (holders) holders.push(zone); else byName.set(name, [zone]);
        }
    });
    for (const holders of byName.values()) {
        for (let x = 0; x < holders.length; x++) for (let y = x + 1; y < holders.length; y++) add(holders[x], holders[y]);
    }
    return [...found.values()];
}
