import * as assert from 'node:assert';
import { linuxHosts } from '../../language/emit/nftables.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';
import { ipSet, planAllows, todayUtc } from '../emit/oracle.js';
import { neighbours, Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { interestingPorts, kernelPlanFiles, portsAround, representatives, type PlannedProbe, type Rep } from './kernel-plans.js';
import { assertEveryProbeThrough, assertKernelAgrees, groupedBy, intoHosts, loadRules, namespaceKey, networkForSuite, planSays, portPairs } from './probed-network.js';

/**
 * The emitted host firewall loaded into a real kernel. Every Linux host the emitter writes rules
 * for gets a namespace of its own holding its address and loads the whole host rule file there
 * (one file serves all hosts, so each rule must only match its own host's addresses); the rest of
 * each zone shares a zone namespace without rules, and a router forwards between all of them
 * without rules. Inbound probes reach each host from every other namespace, its own zone's
 * included: what the plan allows to that host (its allow rules, and the required flows inside
 * its zone that no network firewall sees) connects; other ports, other sources and an expired
 * temporary rule are dropped. Outbound probes from each host must still get their answers back.
 */

interface HostProbe extends PlannedProbe {
    /** `inbound` aims at a host with rules; `outbound` starts at one and must always connect. */
    readonly direction: 'inbound' | 'outbound';
    /** Through only because of a required flow inside the host's zone (no allow rule names it). */
    readonly sameZone: boolean;
}

function planProbes(loaded: LoadedPlan, reps: Rep[], hosts: ReadonlySet<string>, today: string): HostProbe[] {
    const plan = loaded.analysis.plan;
    const sameZone = loaded.analysis.flows.filter(r => r.status === 'same-zone');
    const ports = {
        tcp: [...new Set([...interestingPorts(plan, 'tcp'), ...portsAround(sameZone.filter(r => r.flow.protocols.includes('tcp')).flatMap(r => r.flow.ports))])],
        udp: [...new Set([...interestingPorts(plan, 'udp'), ...portsAround(sameZone.filter(r => r.flow.protocols.includes('udp')).flatMap(r => r.flow.ports))])]
    };
    const probes: HostProbe[] = intoHosts(reps, hosts, portPairs(ports), (from, to, protocol, port) => {
        const { byRule, byFlow } = planSays(loaded, from, to, protocol, port, today, hosts);
        return { direction: 'inbound' as const, sameZone: byFlow && !byRule, expected: byRule || byFlow };
    });
    // Each host connects out to its zone's and every other zone's namespace (no rules there), and
    // to itself over loopback, on a port no rule names: the answers must come back in.
    for (const from of reps.filter(r => r.instance && hosts.has(r.instance))) {
        for (const to of reps.filter(r => r.family === from.family && (!r.instance || !hosts.has(r.instance) || r === from))) {
            for (const protocol of ['tcp', 'udp'] as const) {
                probes.push({
                    direction: 'outbound', sameZone: false, protocol, port: 9, family: from.family, from, to,
                    source: from.text, destination: to.text, expected: true
                });
            }
        }
    }
    return probes;
}

for (const file of kernelPlanFiles()) {
    describe(`kernel: host firewall for ${file.split('/').pop()}`, function () {
        this.timeout(300000);
        const topology = new Topology(`h${kernelPlanFiles().indexOf(file)}`);
        let plan: LoadedPlan;
        let hosts: Set<string>;
        let probes: HostProbe[];
        const today = todayUtc();
        const fromNs = (p: HostProbe) => topology.zones.get(namespaceKey(hosts)(p.from))!.namespace;
        const hostNamespaces = () => [...hosts].map(h => topology.zones.get(`host ${h}`)!.namespace);
        /** With the rules loaded: each host's neighbours are resolved on the wire again, through its firewall. */
        const forgetHostNeighbours = () => { for (const h of hosts) topology.forgetNeighbours(`host ${h}`); };
        /**
         * After probing: every gateway a host used and every host address the router forwarded to
         * was resolved on the wire (ARP; for IPv6 neighbour discovery, which the host rules must
         * let in and out), not left incomplete or failed.
         */
        const assertResolvedOnTheWire = () => {
            const resolved = (entries: string[], address: string) => entries.some(e => e.startsWith(`${address} `) && /REACHABLE|STALE|DELAY|PROBE/.test(e) && !/PERMANENT/.test(e));
            const atRouter = neighbours(topology.router);
            const wrong: string[] = [];
            for (const h of hosts) {
                const zone = topology.zones.get(`host ${h}`)!;
                const inside = neighbours(zone.namespace);
                const probedTo = new Set(probes.filter(p => p.direction === 'inbound' && p.to.instance === h).map(p => p.destination));
                for (const address of probedTo) if (!resolved(atRouter, address)) wrong.push(`router → ${h} ${address}`);
                const families = new Set(probes.filter(p => p.to.instance === h || p.from.instance === h).map(p => p.family));
                if (families.has('ipv4') && !resolved(inside, zone.gateway)) wrong.push(`${h} → gateway ${zone.gateway}`);
                if (families.has('ipv6') && !resolved(inside, 'fe80::1')) wrong.push(`${h} → gateway fe80::1`);
            }
            assert.deepStrictEqual(wrong, [], `neighbours not resolved through the host firewall: router ${atRouter.join('; ')}`);
        };

        networkForSuite(topology, async () => {
            plan = await loadPlanFile(file);
            hosts = new Set(linuxHosts(plan.ruleSet).map(h => h.host));
            const reps = [...representatives(plan.analysis.plan).values()].flat();
            probes = planProbes(plan, reps, hosts, today);
            return buildNetwork(topology, groupedBy(reps, namespaceKey(hosts)), probes);
        });

        it('the host variant is for the Linux hosts: every one that takes inbound traffic, none that runs Windows, ESXi or an appliance', function () {
            const instances = [...plan.analysis.plan.facts.instances.values()];
            const catalog = plan.services.analysis.PlanAnalyzer.catalog();
            const osOf = (i: typeof instances[number]) => i.os ?? catalog?.osOf(i.typeId);
            const windows = instances.filter(i => osOf(i) !== undefined && osOf(i) !== 'linux').map(i => i.name);
            assert.deepStrictEqual(windows.filter(name => hosts.has(name)), []);
            const addressed = instances.filter(i => i.addresses.v4.length + i.addresses.v6.length > 0);
            const inboundTo = addressed.filter(i => plan.analysis.plan.policy.rules.some(r => r.destinationAddresses.intersects(i.addresses))
                || plan.analysis.flows.some(r => r.status === 'same-zone' && r.flow.destination === i));
            assert.deepStrictEqual(inboundTo.filter(i => !windows.includes(i.name) && !hosts.has(i.name)).map(i => i.name), [], 'Linux hosts without host rules');
            const repositories = instances.filter(i => i.typeId.endsWith('HardenedRepository')).map(i => i.name);
            assert.ok(repositories.length > 0, 'the plan has no hardened repository');
            for (const name of repositories) assert.ok(hosts.has(name), `no host rules for the hardened repository ${name}`);
            for (const name of hosts) assert.ok(topology.zones.has(`host ${name}`), `host ${name} has no address to probe`);
        });

        it('probes cover allowed flows, same-zone flows, other ports, other sources, expired rules and outbound traffic', function () {
            const inbound = probes.filter(p => p.direction === 'inbound');
            const allowed = inbound.filter(p => p.expected), dropped = inbound.filter(p => !p.expected);
            const pair = (p: HostProbe) => `${p.source}|${p.destination}|${p.protocol}`;
            const allowedPairs = new Set(allowed.map(pair));
            const allowedTo = new Set(allowed.map(p => `${p.destination}|${p.protocol}|${p.port}`));
            assert.ok(allowed.length > 0, 'no probe the plan allows');
            assert.ok(dropped.some(p => allowedPairs.has(pair(p))), 'no probe of another port');
            assert.ok(dropped.some(p => allowedTo.has(`${p.destination}|${p.protocol}|${p.port}`)), 'no probe from another source');
            for (const name of hosts) {
                assert.ok(allowed.some(p => p.to.instance === name), `no probe the plan allows reaches host ${name}`);
                assert.ok(probes.some(p => p.direction === 'outbound' && p.from.instance === name && p.to !== p.from), `no outbound probe from host ${name}`);
            }
            for (const rule of plan.analysis.plan.policy.rules) {
                const line = (rule.node.$cstNode?.range.start.line ?? 0) + 1;
                const matching = inbound.filter(p => planAllows({ ...plan.analysis.plan, policy: { ...plan.analysis.plan.policy, rules: [{ ...rule, until: undefined }] } }, p.family, p.from.value, p.to.value, p.protocol, p.port, today));
                const reachesHost = inbound.some(p => rule.destinationAddresses.contains(ipSet(p.family, p.to.value)));
                const probeable = (e: typeof rule.sources[number]) => !!e.zone && !e.zone.internet && (e.addresses.v4.length > 0 || e.addresses.v6.length > 0);
                if (reachesHost && rule.sources.every(probeable)) assert.ok(matching.length > 0, `no probe exercises the allow rule on line ${line}`);
                if (rule.until && rule.until < today && reachesHost) assert.ok(matching.some(p => !p.expected), `the expired rule on line ${line} is not probed`);
            }
            const sameZone = plan.analysis.flows.filter(r => r.status === 'same-zone' && hosts.has(r.flow.destination.name));
            if (sameZone.length) assert.ok(allowed.some(p => p.sameZone), 'no probe that only a same-zone flow lets through');
            for (const result of sameZone) {
                const exercised = allowed.some(p => p.to.instance === result.flow.destination.name && p.from.instance === result.flow.source.name);
                if (result.flow.source.addresses.v4.length + result.flow.source.addresses.v6.length > 0) {
                    assert.ok(exercised, `the same-zone flow ${result.flow.source.name} -> ${result.flow.destination.name} (${result.flow.purpose}) is not probed`);
                }
            }
        });

        it('without rules every probe connects (so a drop below is the firewall\'s doing)', async function () {
            for (const ns of hostNamespaces()) topology.clearRules(ns);
            await assertEveryProbeThrough(probes, fromNs);
        });

        it('nftables-host: each host takes what the plan allows to it and nothing else; its own traffic gets answers; neighbour discovery passes', async function () {
            const text = plan.emit('nftables-host', true);
            loadRules(topology, { nftables: text }, hostNamespaces());
            forgetHostNeighbours();
            await assertKernelAgrees(probes, fromNs);
            assertResolvedOnTheWire();
        });

        it('iptables-host and ip6tables-host: each host takes what the plan allows to it and nothing else; its own traffic gets answers; neighbour discovery passes', async function () {
            const v4 = plan.emit('iptables-host', true), v6 = plan.emit('ip6tables-host', true);
            loadRules(topology, { iptables: v4, ip6tables: v6 }, hostNamespaces());
            forgetHostNeighbours();
            await assertKernelAgrees(probes, fromNs);
            assertResolvedOnTheWire();
        });
    });
}
