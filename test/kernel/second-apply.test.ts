import * as assert from 'node:assert';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { inNs, Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { interestingPorts, representatives, type PlannedProbe, type Rep } from './kernel-plans.js';
import { assertKernelAgrees, betweenZones, fromZone, networkForSuite, portPairs } from './probed-network.js';

/**
 * The second apply, in a real kernel: a router holds configuration SegPlan did not write (an
 * nftables table of its own, a Docker-style iptables chain), version 1 of a plan's zone firewall
 * is loaded the way its header says, the plan changes — a zone added first (every numbered name
 * moves), a zone removed, rules removed, ports changed, components that contain each other — and
 * version 2 is loaded over it. Every probe must then pass exactly when version 2 allows it, and
 * the unrelated configuration must still be there.
 */

const V1 = `plan "Second apply"
zone mgmt   10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod   10.62.3.0/24, fd62:3::/64
zone old    10.62.4.0/24, fd62:4::/64
vbr    : veeam.BackupServer         in mgmt   at 10.62.1.10, fd62:1::10 os windows
repo   : veeam.HardenedRepository   in backup at 10.62.2.20, fd62:2::20
guests : infra.VmGuest              in prod   at 10.62.3.0/26, fd62:3::/120 os linux
db     : infra.PostgreSql           in prod   at 10.62.3.50, fd62:3::50
legacy : infra.SftpServer           in old    at 10.62.4.5, fd62:4::5
allow vbr -> repo tcp 6162, 2500-3300, 22
allow vbr -> guests tcp 22
allow vbr -> db tcp 5432
allow vbr -> legacy tcp 22
allow legacy -> repo udp 514
`;

const V2 = `plan "Second apply"
zone admin  10.62.0.0/24, fd62::/64
zone mgmt   10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod   10.62.3.0/24, fd62:3::/64
ws     : veeam.Console              in admin  at 10.62.0.20-10.62.0.25, fd62::20
vbr    : veeam.BackupServer         in mgmt   at 10.62.1.10, fd62:1::10 os windows
repo   : veeam.HardenedRepository   in backup at 10.62.2.20, fd62:2::20
guests : infra.VmGuest              in prod   at 10.62.3.0/26, fd62:3::/120 os linux
db     : infra.PostgreSql           in prod   at 10.62.3.50, fd62:3::50
allow ws -> vbr tcp 443
allow vbr -> repo tcp 6162
allow vbr -> db tcp 5432, 5433
`;

const UNRELATED_NFT = `table ip unrelated {
    chain keep {
        type filter hook forward priority 100; policy accept;
        ip saddr 192.0.2.1 counter accept
    }
}
`;

describe('kernel: the second apply of a zone firewall allows exactly version 2, and leaves other configuration alone', function () {
    this.timeout(300000);
    const topology = new Topology('again');
    let v1: LoadedPlan, v2: LoadedPlan;
    let probes: PlannedProbe[];
    const today = todayUtc();

    networkForSuite(topology, async () => {
        v1 = await loadPlanText('again.segplan', V1);
        v2 = await loadPlanText('again.segplan', V2);
        // Every zone of either version gets a namespace; each address stands for itself once.
        const reps = new Map<string, Rep[]>();
        for (const plan of [v1, v2]) {
            for (const [zone, list] of representatives(plan.analysis.plan)) {
                const known = reps.get(zone) ?? [];
                for (const r of list) if (!known.some(k => k.text === r.text)) known.push(r);
                reps.set(zone, known);
            }
        }
        const ports = {
            tcp: [...new Set([...interestingPorts(v1.analysis.plan, 'tcp'), ...interestingPorts(v2.analysis.plan, 'tcp')])],
            udp: [...new Set([...interestingPorts(v1.analysis.plan, 'udp'), ...interestingPorts(v2.analysis.plan, 'udp')])]
        };
        probes = betweenZones(reps, portPairs(ports), (from, to, protocol, port) => ({ expected: planAllows(v2.analysis.plan, from.family, from.value, to.value, protocol, port, today) }));
        return buildNetwork(topology, reps, probes);
    });

    it('the probes tell the versions apart: version 1 lets through what version 2 must drop, and the reverse', function () {
        const v1Allows = (p: PlannedProbe) => planAllows(v1.analysis.plan, p.family, p.from.value, p.to.value, p.protocol, p.port, today);
        assert.ok(probes.some(p => v1Allows(p) && !p.expected), 'no probe that only version 1 allows');
        assert.ok(probes.some(p => !v1Allows(p) && p.expected), 'no probe that only version 2 allows');
        assert.ok(probes.some(p => p.to.instance === 'guests' && p.to.text !== '10.62.3.50' && p.port === 5432), 'no probe of the database port on the other guests');
    });

    it('nftables: version 1 then version 2 with `nft -f`', async function () {
        topology.clearRules();
        topology.loadNftables(UNRELATED_NFT);
        topology.loadNftables(v1.emit('nftables', true));
        topology.loadNftables(v2.emit('nftables', true));
        await assertKernelAgrees(probes, fromZone(topology), 'version 2');
        assert.match(inNs(topology.router, 'nft', ['list', 'table', 'ip', 'unrelated']), /ip saddr 192\.0\.2\.1 counter packets \d+ bytes \d+ accept/);
    });

    it('iptables and ip6tables: version 1 then version 2 with `iptables-restore --noflush`', async function () {
        topology.clearRules();
        for (const tool of ['iptables', 'ip6tables']) {
            const source = tool === 'iptables' ? '192.0.2.1' : '2001:db8::1';
            inNs(topology.router, tool, ['-N', 'DOCKER-USER']);
            inNs(topology.router, tool, ['-A', 'DOCKER-USER', '-s', source, '-j', 'RETURN']);
            inNs(topology.router, tool, ['-A', 'FORWARD', '-j', 'DOCKER-USER']);
        }
        topology.loadIptables(v1.emit('iptables', true), v1.emit('ip6tables', true));
        topology.loadIptables(v2.emit('iptables', true), v2.emit('ip6tables', true));
        await assertKernelAgrees(probes, fromZone(topology), 'version 2');
        const saved = topology.saveIptables();
        for (const [family, text] of Object.entries(saved)) {
            assert.match(text, /^-A DOCKER-USER -s \S+ -j RETURN$/m, `${family}: the unrelated chain lost its rule`);
            assert.match(text, /^-A FORWARD -j DOCKER-USER$/m, `${family}: the jump to the unrelated chain is gone`);
            assert.equal(text.match(/^-A FORWARD -j SEGPLAN-FORWARD$/gm)?.length, 1, `${family}: not exactly one jump into SegPlan's chain`);
            assert.match(text, /^:FORWARD ACCEPT/m, `${family}: the FORWARD policy was changed`);
        }
    });
});
