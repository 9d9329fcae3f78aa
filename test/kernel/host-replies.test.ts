import * as assert from 'node:assert';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { inNs, Topology } from './netns.js';
import { buildNetwork, runProbes } from './probe-scripts.js';
import type { PlannedProbe, Rep } from './kernel-plans.js';
import { fromZone, networkForSuite } from './probed-network.js';

/**
 * A host firewall in a kernel: the host's replies leave through OUTPUT (nftables: the output
 * hook). Host firewalls with no rule for established traffic in INPUT, with OUTPUT accepting, with
 * OUTPUT dropping and with OUTPUT letting the service's replies out by their source port are
 * loaded into a host's own namespace and probed from a client; `audit --host` (the importers with
 * the input hook) must give each connection the kernel's verdict.
 */

const CLIENT = '10.71.1.5', HOST = '10.71.2.7';
const PORTS = { tcp: [22, 23, 443], udp: [53, 54] };

function probes(): PlannedProbe[] {
    const from: Rep = { zone: 'client', family: 'ipv4', value: 0n, text: CLIENT }, to: Rep = { zone: 'host', family: 'ipv4', value: 0n, text: HOST };
    return (['tcp', 'udp'] as const).flatMap(protocol => PORTS[protocol].map(port => ({ protocol, port, family: 'ipv4' as const, from, to, source: CLIENT, destination: HOST, expected: false })));
}

/** The host's link in its namespace is the second zone's (vz2): the configurations name it. */
const LINK = 'vz2';

const IPTABLES = (output: string, outputRules: string[] = []) => [
    '*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', `:OUTPUT ${output} [0:0]`,
    `-A INPUT -i ${LINK} -p tcp -m tcp --dport 22 -j ACCEPT`, `-A INPUT -i ${LINK} -p udp -m udp --dport 53 -j ACCEPT`, ...outputRules, 'COMMIT', ''].join('\n');

const NFTABLES = (output: string, outputRules: string[] = []) => `table inet host {
\tchain input {
\t\ttype filter hook input priority 0; policy drop;
\t\tiifname "${LINK}" tcp dport 22 accept
\t\tiifname "${LINK}" udp dport 53 accept
\t}
\tchain output {
\t\ttype filter hook output priority 0; policy ${output};
${outputRules.map(r => `\t\t${r}\n`).join('')}\t}
}
`;

/** `through`: the probes the kernel lets through, read from the rules (tcp 22 and udp 53 are accepted in). */
const CASES: { name: string; kind: 'iptables' | 'nftables'; text: string; through: string[] }[] = [
    { name: 'iptables: INPUT without an ESTABLISHED rule, OUTPUT ACCEPT', kind: 'iptables', text: IPTABLES('ACCEPT'), through: ['tcp/22', 'udp/53'] },
    { name: 'iptables: OUTPUT DROP', kind: 'iptables', text: IPTABLES('DROP'), through: [] },
    { name: 'iptables: OUTPUT DROP, the ssh replies let out by source port', kind: 'iptables', text: IPTABLES('DROP', ['-A OUTPUT -p tcp -m tcp --sport 22 -j ACCEPT']), through: ['tcp/22'] },
    { name: 'nftables: input without ct state established, output policy accept', kind: 'nftables', text: NFTABLES('accept'), through: ['tcp/22', 'udp/53'] },
    { name: 'nftables: output policy drop', kind: 'nftables', text: NFTABLES('drop'), through: [] },
    { name: 'nftables: output policy drop, ct state established accepted there', kind: 'nftables', text: NFTABLES('drop', ['ct state established accept']), through: ['tcp/22', 'udp/53'] }
];

describe('kernel: a host\'s replies leave through OUTPUT, and audit --host says so', function () {
    this.timeout(300_000);
    const topology = new Topology('hostreply');
    const all = probes();

    networkForSuite(topology, async () => {
        const listeners = await buildNetwork(topology, new Map([['client', [all[0].from]], ['host', [all[0].to]]]), all);
        assert.strictEqual(topology.zones.get('host')!.link, LINK);
        return listeners;
    });

    for (const c of CASES) {
        it(c.name, async () => {
            const ns = topology.zones.get('host')!.namespace;
            topology.clearRules(ns);
            if (c.kind === 'nftables') topology.loadNftables(c.text, ns);
            else inNs(ns, 'iptables-restore', [], c.text);
            const options = { file: 'host', interfaces: new Map([[LINK, EVERY_ADDRESS]]), hook: 'input' as const, now: new Date(), formatGiven: true };
            const policy = await (c.kind === 'nftables' ? nftablesImporter : iptablesSaveImporter).import(c.text, options) as FirewallPolicy;
            const said = all.map(p => decideConnection([policy], p.protocol, addresses(p.source), addresses(p.destination), p.port));
            const kernel = await runProbes(all, fromZone(topology), p => c.through.includes(`${p.protocol}/${p.port}`));
            assert.deepStrictEqual(all.filter((_, i) => kernel[i]).map(p => `${p.protocol}/${p.port}`), c.through, 'the kernel lets through what the rules say');
            const wrong = all.flatMap((p, i) => (said[i] === 'accept') === kernel[i] && said[i] !== 'unknown' ? [] : [`${p.protocol}/${p.port}: audit ${said[i]}, kernel ${kernel[i] ? 'through' : 'dropped'}`]);
            assert.deepStrictEqual(wrong, []);
        });
    }
});
