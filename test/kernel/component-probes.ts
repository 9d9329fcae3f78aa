import type { ChildProcess } from 'node:child_process';
import { formatIp } from '../../language/network/addresses.js';
import type { LoadedPlan } from '../emit/plan-fixture.js';
import type { PlannedProbe, Rep } from './kernel-plans.js';
import type { Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';

/** A probe from one component's first address to another's, in another zone. */
export interface ComponentProbe extends PlannedProbe { fromInstance: string; toInstance: string }

/** Every component to every component of another zone, in each family both have, over TCP and UDP on each port. */
export function componentProbes(loaded: LoadedPlan, ports: readonly number[]): ComponentProbe[] {
    const instances = [...loaded.analysis.plan.facts.instances.values()];
    const out: ComponentProbe[] = [];
    for (const a of instances) for (const b of instances) {
        if (a === b || a.zone === b.zone) continue;
        for (const family of ['ipv4', 'ipv6'] as const) {
            const key = family === 'ipv4' ? 'v4' : 'v6';
            const s = a.addresses[key][0]?.from, d = b.addresses[key][0]?.from;
            if (s === undefined || d === undefined) continue;
            const from: Rep = { zone: a.zone.name, family, value: s, text: formatIp(family, s), instance: a.name };
            const to: Rep = { zone: b.zone.name, family, value: d, text: formatIp(family, d), instance: b.name };
            for (const protocol of ['tcp', 'udp'] as const) {
                for (const port of ports) out.push({ protocol, port, family, from, to, source: from.text, destination: to.text, expected: false, fromInstance: a.name, toInstance: b.name });
            }
        }
    }
    return out;
}

/** The router and one namespace per zone holding the addresses the probes use, with their listeners. */
export function networkFor(topology: Topology, probes: readonly PlannedProbe[]): Promise<ChildProcess[]> {
    const reps = new Map<string, Rep[]>();
    for (const p of probes) for (const r of [p.from, p.to]) {
        const list = reps.get(r.zone) ?? [];
        if (!list.some(x => x.text === r.text)) list.push(r);
        reps.set(r.zone, list);
    }
    return buildNetwork(topology, reps, probes);
}
