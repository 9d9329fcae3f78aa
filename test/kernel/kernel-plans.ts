import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { formatIp } from '../../language/network/addresses.js';
import type { PortRange } from '../../language/network/ports.js';
import type { Plan } from '../../language/plan/plan-model.js';
import type { Family, Transport } from '../emit/oracle.js';
import type { Probe } from './probe-scripts.js';

/**
 * What the kernel tests load and probe: the plans, the addresses that stand for each zone and
 * component, the ports worth probing, and how a probe's outcome is reported.
 */

/** Plans the kernel tests load: the project's example plan (once it exists) and the dual-stack test plan. */
export function kernelPlanFiles(): string[] {
    const root = process.cwd();
    return [
        path.join(root, 'examples', 'veeam-reference.segplan'),
        path.join(root, 'test', 'kernel', 'kernel-dual-stack.segplan'),
        path.join(root, 'test', 'kernel', 'kernel-overlap.segplan')
    ].filter(f => existsSync(f));
}

/** One address a probe starts from or aims at: an instance's, or one of its zone that no instance has. */
export interface Rep { zone: string; family: Family; value: bigint; text: string; instance?: string }

export interface PlannedProbe extends Probe { family: Family; from: Rep; to: Rep; expected: boolean }

/** Addresses that stand for each zone: each instance's first address, and one more that no instance has. */
export function representatives(plan: Plan): Map<string, Rep[]> {
    const reps = new Map<string, Rep[]>();
    for (const zone of plan.zones.values()) {
        if (zone.internet) continue;
        const list: Rep[] = [];
        const instances = [...plan.instances.values()].filter(i => i.zone === zone);
        for (const family of ['ipv4', 'ipv6'] as const) {
            const key = family === 'ipv4' ? 'v4' : 'v6';
            for (const instance of instances) {
                const value = instance.addresses[key][0]?.from;
                if (value !== undefined) list.push({ zone: zone.name, family, value, text: formatIp(family, value), instance: instance.name });
            }
            const network = zone.networks[key][0];
            if (!network) continue;
            for (let v = network.from + 1n; v < network.to && v < network.from + 1000n; v++) {
                if (instances.some(i => i.addresses[key].some(r => r.from <= v && v <= r.to))) continue;
                list.push({ zone: zone.name, family, value: v, text: formatIp(family, v) });
                break;
            }
        }
        if (list.length) reps.set(zone.name, list);
    }
    return reps;
}

/** Each range's ends and middle, and the ports just outside it. */
export function portsAround(ranges: readonly PortRange[]): number[] {
    return ranges.flatMap(r => [r.from - 1, r.from, Math.floor((r.from + r.to) / 2), r.to, r.to + 1]).filter(p => p >= 1 && p <= 65535);
}

/** Port numbers worth probing: around every allow rule's ports, plus one no rule names. */
export function interestingPorts(plan: Plan, protocol: Transport): number[] {
    const ports = new Set<number>([9]);
    for (const rule of plan.rules) {
        if (rule.protocol !== 'any' && rule.protocol !== 'tcp/udp' && rule.protocol !== protocol) continue;
        for (const p of portsAround(rule.ports)) ports.add(p);
    }
    return [...ports].sort((a, b) => a - b);
}

export function describeProbe(p: PlannedProbe): string {
    return `${p.from.instance ?? `(${p.from.zone} other)`} ${p.source} -> ${p.to.instance ?? `(${p.to.zone} other)`} ${p.destination} ${p.protocol}/${p.port}`;
}

/** The probes whose outcome is not what the plan says, in words. */
export function mismatches(probes: readonly PlannedProbe[], results: readonly boolean[]): string[] {
    return probes.flatMap((p, i) => results[i] === p.expected ? [] : [`${describeProbe(p)}: expected ${p.expected ? 'through' : 'dropped'}, was ${results[i] ? 'through' : 'dropped'}`]);
}
