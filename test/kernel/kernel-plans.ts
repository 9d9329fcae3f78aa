import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { formatIp } from '../../language/network/addresses.js';
import type { PortRange } from '../../language/network/ports.js';
import type { Plan } from '../../language/plan/plan-model.js';
import { ipSet, type Family, type Transport } from '../emit/oracle.js';
import type { DeniedTraffic } from '../../language/analysis/deny-conflicts.js';
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
    for (const zone of plan.facts.zones.values()) {
        if (zone.internet) continue;
        const list: Rep[] = [];
        const instances = [...plan.facts.instances.values()].filter(i => i.zone === zone);
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
    for (const rule of plan.policy.rules) {
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

/**
 * A plan whose allow rules overlap its denies (generated with --force, as a plan with errors can
 * be): only denies placed before the allows keep that traffic out. The guardrail kernel tests load it.
 */
export const GUARDRAIL_PLAN = `plan "Guardrails in the kernel"
zone mgmt 10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod 10.62.3.0/24, fd62:3::/64
vbr : veeam.BackupServer in mgmt at 10.62.1.10, fd62:1::10 os windows
repo : veeam.HardenedRepository in backup at 10.62.2.30, fd62:2::30
allow vbr -> repo tcp 6162, 2500-2502
allow prod -> backup tcp 22, 443
allow vbr -> backup tcp 22
allow mgmt -> backup udp 514
deny prod -> repo tcp 22, 443 "hardened repository: nothing from production"
deny vbr -> repo tcp 22 "no SSH to the hardened repository once installed"
deny any -> repo udp "no UDP to the hardened repository"
`;

/**
 * The plan whose nftables and iptables output the verify tests change and load (the kernel
 * differential and verify-kernel): three zones, components in each, dual-stack where a mutation
 * can lose a family, and a component no rule names, whose probes show a source widened past its host.
 */
export const verifiedPlan = (title: string) => `plan "${title}"
zone mgmt 10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone repos 10.62.3.0/24
vbr : veeam.BackupServer in mgmt at 10.62.1.10, fd62:1::10 os windows
proxy : veeam.Proxy in backup at 10.62.2.20, fd62:2::20 os windows on vsphere
repo : veeam.HardenedRepository in repos at 10.62.3.30
spare : infra.VmGuest in mgmt at 10.62.1.99 os linux "no rule names it: a wider source shows in its probes"
allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> repo tcp 6162, 2500-3300
allow proxy -> repo tcp 2500-3300
`;

/** Whether one of the plan's denies forbids a connection from one address to another. */
export function deniedBy(denied: readonly DeniedTraffic[], family: Family, from: bigint, to: bigint, protocol: Transport, port: number): boolean {
    const s = ipSet(family, from), d = ipSet(family, to);
    return denied.some(x => (x.protocol === protocol || x.protocol === 'any' || x.protocol === 'tcp/udp')
        && x.sourceAddresses.contains(s) && x.destinationAddresses.contains(d)
        && (x.allPorts || x.ports.some(r => r.from <= port && port <= r.to)));
}
