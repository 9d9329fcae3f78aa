import { connectionPieces } from '../audit/audit-plan.js';
import type { ConfigLocation, DecidedPiece, FirewallPolicy } from '../audit/firewall-policy.js';
import { LOOPBACK } from '../audit/importers/importer.js';
import { boxOf, EVERY_IPV4, EVERY_IPV6, isEmptyBox, splitBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from '../audit/traffic-space.js';
import { AddressSet } from '../network/addresses.js';
import { formatPorts, isAllPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { PlanMatch } from './plan-allowed.js';

/**
 * The proof at one instant: every TCP and UDP connection of the traffic a firewall sees, split
 * by what the configuration does to it (its first packet and its replies, as the audit judges a
 * connection), against what the plan's allow rules in force let through. Exact: both are sets of
 * address and port intervals, compared by subtraction, never by sampling.
 */

export type Family = 'ipv4' | 'ipv6';

/** The traffic a firewall of the target sees, less what it never sees. */
export type Scope =
    /** A router between zones: every connection except those inside one zone (`holes`). */
    | { readonly kind: 'zones'; readonly holes: readonly TrafficMatch[] }
    /** A host's own firewall: connections to its addresses from anywhere but itself over loopback. */
    | { readonly kind: 'host'; readonly host: string; readonly sources: AddressSet; readonly destinations: AddressSet };

export interface Difference {
    /** `not-in-plan`: the configuration allows it, no allow rule does; `not-allowed`: an allow rule does, the configuration does not. */
    readonly kind: 'not-in-plan' | 'not-allowed';
    readonly protocol: Transport;
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
    readonly ports: PortSet;
    /** The configuration's rule that accepts (not-in-plan) or drops (not-allowed). */
    readonly config: ConfigLocation;
    /** The plan's rule that allows it (not-allowed only). */
    readonly plan?: PlanMatch;
}

export interface Unevaluable {
    readonly config: ConfigLocation;
    readonly why: string;
}

export interface Comparison {
    readonly differences: readonly Difference[];
    readonly unknown: readonly Unevaluable[];
}

const FAMILY_SPACE: Record<Family, AddressSet> = { ipv4: EVERY_IPV4, ipv6: EVERY_IPV6 };

function scopeBox(scope: Scope, protocol: Transport, family: Family): TrafficBox {
    const space = FAMILY_SPACE[family];
    if (scope.kind === 'zones') return boxOf(protocol, space, space);
    return boxOf(protocol, space.intersect(scope.sources).subtract(LOOPBACK), space.intersect(scope.destinations));
}

function inScope(scope: Scope, piece: DecidedPiece): DecidedPiece[] {
    if (scope.kind === 'host') return [piece];
    return subtractBoxes(piece.box, scope.holes).map(box => ({ ...piece, box }));
}

/** Differences of one kind, rule and configuration line, gathered into one (their boxes' union). */
class Gathered {
    private readonly entries = new Map<string, { kind: Difference['kind']; protocol: Transport; config: ConfigLocation; plan?: PlanMatch; boxes: TrafficBox[] }>();

    add(kind: Difference['kind'], box: TrafficBox, config: ConfigLocation, plan?: PlanMatch): void {
        const key = `${kind}|${box.protocol}|${config.file}:${config.line}:${config.text}|${plan?.name ?? ''}`;
        let entry = this.entries.get(key);
        if (!entry) this.entries.set(key, entry = { kind, protocol: box.protocol, config, plan, boxes: [] });
        entry.boxes.push(box);
    }

    differences(): Difference[] {
        return [...this.entries.values()].map(e => ({
            kind: e.kind, protocol: e.protocol, config: e.config, plan: e.plan,
            sources: e.boxes.reduce((s, b) => s.union(b.sources), AddressSet.EMPTY),
            destinations: e.boxes.reduce((s, b) => s.union(b.destinations), AddressSet.EMPTY),
            ports: e.boxes.reduce<PortSet>((s, b) => unionPorts(s, b.destinationPorts), [])
        }));
    }
}

/**
 * Compares at one instant: `policies` imported for that instant, `plan` the matches in force then,
 * `denied` what the plan's denies forbid (not let through, whatever an allow rule says). Only the
 * `families` given are compared (a file of one family says nothing of the other).
 */
export function compareAt(policies: readonly FirewallPolicy[], plan: readonly PlanMatch[], scope: Scope, families: readonly Family[], denied: readonly TrafficMatch[] = []): Comparison {
    const gathered = new Gathered();
    const unknown: Unevaluable[] = [];
    const matches = plan.map(p => p.match);
    for (const family of families) {
        for (const protocol of ['tcp', 'udp'] as const) {
            const box = scopeBox(scope, protocol, family);
            if (isEmptyBox(box)) continue;
            for (const piece of connectionPieces(policies, box).flatMap(p => inScope(scope, p))) {
                if (piece.verdict === 'unknown') {
                    if (!unknown.some(u => u.config.line === piece.decidedBy.line && u.config.text === piece.decidedBy.text && u.why === piece.why)) {
                        unknown.push({ config: piece.decidedBy, why: piece.why ?? 'the configuration cannot be evaluated here' });
                    }
                } else if (piece.verdict === 'accept') {
                    // Outside every allow rule, or inside a deny: not what the plan lets through.
                    for (const beyond of subtractBoxes(piece.box, matches)) gathered.add('not-in-plan', beyond, piece.decidedBy);
                    for (const d of denied) {
                        const inside = splitBox(piece.box, d).inside;
                        if (!inside) continue;
                        for (const m of matches) {
                            const opened = splitBox(inside, m).inside;
                            if (opened) gathered.add('not-in-plan', opened, piece.decidedBy);
                        }
                    }
                } else {
                    // Refused where a deny forbids it is what the plan says.
                    for (const open of subtractBoxes(piece.box, denied)) {
                        for (const m of plan) {
                            const refused = splitBox(open, m.match).inside;
                            if (refused) gathered.add('not-allowed', refused, piece.decidedBy, m);
                        }
                    }
                }
            }
        }
    }
    return { differences: gathered.differences(), unknown };
}

export function portsText(ports: PortSet): string {
    return isAllPorts(ports) ? 'all ports' : formatPorts(ports);
}
