import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { neighbours, Topology } from './netns.js';
import { buildNetwork, PROBE_TIMEOUT_MS, RETRY_TIMEOUT_MS, runProbes, type Probe } from './probe-scripts.js';
import type { Rep } from './kernel-plans.js';

/**
 * The probe network itself: a probe that fails without any firewall must mean nothing, so the
 * network may not lose packets of its own. While the kernel resolves a neighbour it holds only
 * about a hundred packets for it and drops the rest; the first burst of probes into a fresh
 * namespace lost datagrams that way (seen in CI as UDP probes failing with no rules loaded).
 */
describe('kernel: the probe network', function () {
    this.timeout(300000);
    const topology = new Topology('topo');
    let listeners: ChildProcess[] = [];
    const rep = (zone: string, text: string, family: Rep['family'] = 'ipv4'): Rep => ({ zone, text, value: 0n, family });
    const groups = new Map<string, Rep[]>([
        ['a', [rep('a', '10.200.1.1'), rep('a', '10.200.1.2'), rep('a', 'fd20:1::1', 'ipv6')]],
        ['b', [rep('b', '10.200.2.1'), rep('b', 'fd20:2::1', 'ipv6')]]
    ]);
    // A burst well over the kernel's hold queue, to every port at once, both ways, both families.
    const probes: Probe[] = [];
    for (let port = 20000; port < 20150; port++) {
        for (const protocol of ['udp', 'tcp'] as const) {
            probes.push({ protocol, port, source: '10.200.1.1', destination: '10.200.2.1' });
            probes.push({ protocol, port, source: '10.200.2.1', destination: '10.200.1.2' });
            probes.push({ protocol, port, source: 'fd20:1::1', destination: 'fd20:2::1' });
        }
    }
    const zoneOf = (address: string) => [...groups].find(([, reps]) => reps.some(r => r.text === address))![0];

    before(async function () { listeners = await buildNetwork(topology, groups, probes); });
    after(function () { for (const child of listeners) child.kill('SIGKILL'); topology.destroy(); });

    it('knows every neighbour before the first packet: the router each zone address, each zone its gateway', function () {
        const routerSide = neighbours(topology.router);
        for (const address of ['10.200.1.1', '10.200.1.2', 'fd20:1::1', '10.200.2.1', 'fd20:2::1']) {
            assert.ok(routerSide.includes(`${address} PERMANENT`), `the router resolves ${address} on the wire: ${routerSide.join('; ')}`);
        }
        for (const zone of topology.zones.values()) {
            const zoneSide = neighbours(zone.namespace);
            assert.ok(zoneSide.some(n => /^169\.254\.\d+\.1 PERMANENT$/.test(n)), `${zone.zone} resolves its IPv4 gateway on the wire: ${zoneSide.join('; ')}`);
            assert.ok(zoneSide.includes('fe80::1 PERMANENT'), `${zone.zone} resolves its IPv6 gateway on the wire: ${zoneSide.join('; ')}`);
        }
    });

    it('answers a first burst of probes into fresh namespaces, every one', async function () {
        const results = await runProbes(probes, p => topology.zones.get(zoneOf(p.source))!.namespace, () => true);
        const lost = probes.filter((_, i) => !results[i]).map(p => `${p.source} -> ${p.destination} ${p.protocol}/${p.port}`);
        assert.deepStrictEqual(lost.slice(0, 20), [], `${lost.length} of ${probes.length} probes lost with no firewall`);
    });

    /** UDP probes into zone b, sent while b's listener is kept off the CPU for `pausedMs`: the ones that got no answer. */
    async function unansweredWhilePaused(count: number, pausedMs: number): Promise<string[]> {
        const listener = listeners[[...topology.zones.values()].findIndex(z => z.zone === 'b')];
        const toB = probes.filter(p => p.protocol === 'udp' && p.destination === '10.200.2.1').slice(0, count);
        listener.kill('SIGSTOP');
        const resume = setTimeout(() => listener.kill('SIGCONT'), pausedMs);
        try {
            const results = await runProbes(toB, p => topology.zones.get(zoneOf(p.source))!.namespace, () => true);
            return toB.filter((_, i) => !results[i]).map(p => `udp/${p.port}`);
        } finally {
            clearTimeout(resume);
            listener.kill('SIGCONT');
        }
    }

    it('tells a late answer from a drop: UDP to a listener kept off the CPU through the first pass still counts', async function () {
        assert.deepStrictEqual(await unansweredWhilePaused(20, PROBE_TIMEOUT_MS + 400), []);
    });

    it('waits for an expected answer as long as a busy machine needs: a listener kept off the CPU through both timed passes still counts', async function () {
        assert.deepStrictEqual(await unansweredWhilePaused(5, PROBE_TIMEOUT_MS + RETRY_TIMEOUT_MS + 5_000), []);
    });

    it('still counts a drop as a drop, however patiently it is awaited: a port nobody listens on never answers', async function () {
        const closed: Probe[] = [{ protocol: 'udp', port: 19999, source: '10.200.1.1', destination: '10.200.2.1' }, { protocol: 'tcp', port: 19999, source: '10.200.1.1', destination: '10.200.2.1' }];
        assert.deepStrictEqual(await runProbes(closed, p => topology.zones.get(zoneOf(p.source))!.namespace, () => true), [false, false]);
    });

    it('forgets every connection when the rules are cleared, so no case inherits an earlier one\'s', async function () {
        // A ruleset that tracks connections, as every firewall under test does.
        topology.loadNftables('table inet track {\n chain forward {\n  type filter hook forward priority 0; policy accept;\n  ct state established,related accept\n }\n}\n');
        const through: Probe[] = [{ protocol: 'udp', port: 20001, source: '10.200.1.1', destination: '10.200.2.1' }, { protocol: 'tcp', port: 20002, source: 'fd20:1::1', destination: 'fd20:2::1' }];
        assert.deepStrictEqual(await runProbes(through, p => topology.zones.get(zoneOf(p.source))!.namespace, () => true), [true, true]);
        assert.ok(topology.connections().some(c => /dport=20001\b/.test(c)), `the kernel tracked the probe: ${topology.connections().join('; ')}`);
        topology.clearRules();
        assert.deepStrictEqual(topology.connections(), []);
    });
});
