import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import type { LoadedPlan } from '../emit/plan-fixture.js';
import { ipSet, planAllows, type Transport } from '../emit/oracle.js';
import { componentProbes, type ComponentProbe } from './component-probes.js';
import { deniedBy, describeProbe, mismatches, type PlannedProbe, type Rep } from './kernel-plans.js';
import type { Topology } from './netns.js';
import { runProbes } from './probe-scripts.js';

/**
 * What the kernel tests share around a plan: the network built before a suite's tests and torn
 * down after them, the probes between zones or into the hosts with a firewall of their own and
 * what the plan says of each, the rules loaded where they act, and the kernel's outcome held
 * against the plan's.
 */

/**
 * Registers the suite's hooks: `build` (the plan, the probes and the network, returning its
 * listeners) runs before the tests; after them the listeners are stopped and every namespace of
 * the topology deleted.
 */
export function networkForSuite(topology: Topology, build: () => Promise<ChildProcess[]>): void {
    let listeners: ChildProcess[] = [];
    before(async () => { listeners = await build(); });
    after(() => {
        for (const child of listeners) child.kill('SIGKILL');
        topology.destroy();
    });
}

/** A protocol and port to probe; `portPairs` writes the `{ tcp, udp }` lists the tests build as such pairs. */
export type PortPair = readonly [Transport, number];
export const portPairs = (ports: { readonly tcp: readonly number[]; readonly udp: readonly number[] }): PortPair[] =>
    (['tcp', 'udp'] as const).flatMap(protocol => ports[protocol].map(port => [protocol, port] as const));

/** What a probe from one address to another on one port is to show, with whatever else the test keeps of it. */
type Judge<X> = (from: Rep, to: Rep, protocol: Transport, port: number) => { expected: boolean } & X;

function probe<X>(from: Rep, to: Rep, protocol: Transport, port: number, judge: Judge<X>): PlannedProbe & X {
    return { protocol, port, family: from.family, from, to, source: from.text, destination: to.text, ...judge(from, to, protocol, port) };
}

/** Every address of each zone to every address of each other zone, in the same family, on each port. */
export function betweenZones<X = object>(reps: ReadonlyMap<string, readonly Rep[]>, ports: readonly PortPair[], judge: Judge<X>): (PlannedProbe & X)[] {
    const probes: (PlannedProbe & X)[] = [];
    for (const [sz, sources] of reps) for (const [dz, destinations] of reps) {
        if (sz === dz) continue; // inside one zone no router sees the traffic
        for (const from of sources) for (const to of destinations) {
            if (from.family !== to.family) continue;
            for (const [protocol, port] of ports) probes.push(probe(from, to, protocol, port, judge));
        }
    }
    return probes;
}

/** The namespace an address is in: its host's own for a host with a firewall of its own, else its zone's. */
export function namespaceKey(hosts: ReadonlySet<string>): (rep: Rep) => string {
    return rep => rep.instance && hosts.has(rep.instance) ? `host ${rep.instance}` : rep.zone;
}

/** The addresses by the namespace they are put in. */
export function groupedBy(reps: readonly Rep[], key: (rep: Rep) => string): Map<string, Rep[]> {
    const groups = new Map<string, Rep[]>();
    for (const rep of reps) groups.set(key(rep), [...groups.get(key(rep)) ?? [], rep]);
    return groups;
}

/** Every address to each host with a firewall of its own, from every other namespace, in the same family, on each port. */
export function intoHosts<X = object>(reps: readonly Rep[], hosts: ReadonlySet<string>, ports: readonly PortPair[], judge: Judge<X>): (PlannedProbe & X)[] {
    const key = namespaceKey(hosts);
    const probes: (PlannedProbe & X)[] = [];
    for (const to of reps.filter(r => r.instance && hosts.has(r.instance))) {
        for (const from of reps) {
            if (from.family !== to.family || key(from) === key(to)) continue;
            for (const [protocol, port] of ports) probes.push(probe(from, to, protocol, port, judge));
        }
    }
    return probes;
}

/** Whether a required flow inside the host's zone (which no network firewall sees) lets `from → protocol port` into it. */
export function sameZoneFlowAllows(analysis: PlanAnalysis, from: Rep, host: string, protocol: Transport, port: number): boolean {
    const s = ipSet(from.family, from.value);
    return analysis.flows.some(r => r.status === 'same-zone' && r.flow.destination.name === host && r.flow.protocols.includes(protocol)
        && r.flow.ports.some(p => p.from <= port && port <= p.to) && r.flow.source.addresses.contains(s));
}

/** What the plan says of a connection: an allow rule lets it, a same-zone flow into a host lets it, a deny forbids it. */
export function planSays(loaded: LoadedPlan, from: Rep, to: Rep, protocol: Transport, port: number, today: string, hosts?: ReadonlySet<string>) {
    const model = loaded.analysis.plan;
    const byRule = planAllows(model, from.family, from.value, to.value, protocol, port, today);
    const byFlow = !!hosts && !!to.instance && hosts.has(to.instance) && sameZoneFlowAllows(loaded.analysis, from, to.instance, protocol, port);
    const denied = deniedBy(loaded.analysis.denies.denied, from.family, from.value, to.value, protocol, port);
    return { byRule, byFlow, denied };
}

const single = (text: string) => AddressSet.of([(parseAddress(text) as { block: never }).block]);

/** A probe between components, with whether an allow rule of the plan lets it through. */
export interface PlannedComponentProbe extends ComponentProbe { readonly planned: boolean }

/** Every component to every component of another zone on each port, each with whether an allow rule of the plan lets it through. */
export function plannedComponentProbes(loaded: LoadedPlan, ports: readonly number[]): PlannedComponentProbe[] {
    return componentProbes(loaded, ports).map(p => {
        const planned = loaded.analysis.plan.policy.rules.some(r => (r.protocol === p.protocol || r.protocol === 'tcp/udp')
            && r.sourceAddresses.contains(single(p.source)) && r.destinationAddresses.contains(single(p.destination))
            && r.ports.some(x => x.from <= p.port && p.port <= x.to));
        return { ...p, expected: planned, planned };
    });
}

/** The rules to load: an nftables file, or iptables-restore input for each family. */
export type Rules = { readonly nftables: string } | { readonly iptables: string; readonly ip6tables: string };

/** Empties the firewall of each namespace (the router unless told otherwise) and loads the rules into it. */
export function loadRules(topology: Topology, rules: Rules, namespaces: readonly string[] = [topology.router]): void {
    for (const ns of namespaces) {
        topology.clearRules(ns);
        if ('nftables' in rules) topology.loadNftables(rules.nftables, ns);
        else topology.loadIptables(rules.iptables, rules.ip6tables, ns);
    }
}

/** The namespace a probe starts in: its zone's. */
export function fromZone(topology: Topology): (p: PlannedProbe) => string {
    return p => topology.zones.get(p.from.zone)!.namespace;
}

/** Runs the probes (the expected ones patiently) and asserts each outcome is the one `what` says. */
export async function assertKernelAgrees<P extends PlannedProbe>(probes: readonly P[], namespaceOf: (p: P) => string, what = 'the plan'): Promise<void> {
    const results = await runProbes(probes, namespaceOf, p => p.expected);
    const wrong = mismatches(probes, results);
    assert.deepStrictEqual(wrong.slice(0, 30), [], `${wrong.length} of ${probes.length} probes disagree with ${what}`);
}

/** With no rules loaded, every probe must get through: a drop in a later test is then the firewall's doing. */
export async function assertEveryProbeThrough<P extends PlannedProbe>(probes: readonly P[], namespaceOf: (p: P) => string): Promise<void> {
    const results = await runProbes(probes, namespaceOf, () => true);
    const failed = probes.filter((_, i) => !results[i]).map(describeProbe);
    assert.deepStrictEqual(failed.slice(0, 20), [], `${failed.length} probe(s) fail without any firewall`);
}

/** The probes of the component network whose outcome in the kernel is not what the plan allows, in words. */
export async function kernelDisagreements(topology: Topology, probes: readonly PlannedComponentProbe[]): Promise<string[]> {
    const results = await runProbes(probes, fromZone(topology), p => p.planned);
    return probes.flatMap((p, i) => results[i] === p.planned ? [] : [`${p.source} -> ${p.destination} ${p.protocol}/${p.port}: kernel ${results[i] ? 'through' : 'dropped'}, plan ${p.planned ? 'allows' : 'does not allow'}`]);
}
