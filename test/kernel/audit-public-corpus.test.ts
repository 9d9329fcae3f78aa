import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { Topology, inNs, startInNs } from './netns.js';
import { LISTENER, listenerArgs, runProbes, type Probe } from './probe-scripts.js';

/**
 * Public configurations of the audit corpus (provenance in corpus/provenance.json) loaded into a
 * real kernel, as written, on a router between a client and the hosts they name. For every probe
 * the audit's verdict must be what the kernel did; where the audit says unknown, the test names
 * why it cannot say (a translated destination) and shows that "allowed" would have been wrong.
 */

interface CorpusProbe extends Probe { readonly audit: 'accept' | 'drop' | 'unknown' }

const CLIENT = '10.0.0.5';

const CASES: { file: string; servers: string[]; probes: CorpusProbe[] }[] = [{
    // nftables' own dnat test: `ip daddr 192.168.0.1 dnat ip to tcp dport map { 443 : 10.141.10.4 . 8443, 80 : 10.141.10.4 . 8080 }`.
    file: 'nftables/nftables-tests-py-ip-dnat.t-tcp-dport-map.nft',
    servers: ['192.168.0.1', '192.168.0.2'],
    probes: [
        // The packets of its keys go to 10.141.10.4, which is not on this network: they never reach 192.168.0.1.
        { protocol: 'tcp', source: CLIENT, destination: '192.168.0.1', port: 443, audit: 'unknown' },
        { protocol: 'tcp', source: CLIENT, destination: '192.168.0.1', port: 80, audit: 'unknown' },
        // Another port, UDP, another destination: untouched, and nothing filters.
        { protocol: 'tcp', source: CLIENT, destination: '192.168.0.1', port: 22, audit: 'accept' },
        { protocol: 'udp', source: CLIENT, destination: '192.168.0.1', port: 443, audit: 'accept' },
        { protocol: 'udp', source: CLIENT, destination: '192.168.0.1', port: 80, audit: 'accept' },
        { protocol: 'tcp', source: CLIENT, destination: '192.168.0.2', port: 443, audit: 'accept' }
    ]
}];

const corpus = (file: string) => readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'corpus', file), 'utf8');
const single = (text: string) => AddressSet.of([(parseAddress(text) as { block: never }).block]);

describe('kernel: the audit says what the kernel does with public configurations', function () {
    this.timeout(300000);
    const topology = new Topology('corpus');
    let listeners: ChildProcess[] = [];
    const probes = CASES.flatMap(c => c.probes);

    before(async () => {
        topology.createRouter();
        topology.addZone('client', [CLIENT], []);
        const servers = topology.addZone('servers', [...new Set(CASES.flatMap(c => c.servers))], []);
        listeners.push(await startInNs(servers.namespace, LISTENER, listenerArgs(probes, servers.addresses.v4)));
    });
    after(() => {
        for (const child of listeners) child.kill('SIGKILL');
        listeners = [];
        topology.destroy();
    });

    it('nftables/nftables-tests-shell-parsing-log.nft: the kernel masks an address with host bits as the audit warns it does', async () => {
        const file = 'nftables/nftables-tests-shell-parsing-log.nft';
        const text = corpus(file);
        topology.clearRules();
        topology.loadNftables(text);
        const listed = inNs(topology.router, 'nft', ['list', 'ruleset']);
        const policy = await nftablesImporter.import(text, { file, interfaces: new Map(), hook: 'forward', now: new Date() });
        const warned = (policy.warnings ?? []).map(w => /masks it to (\S+),/.exec(w.why)?.[1]);
        assert.deepStrictEqual(warned, ['127.0.0.0/8', '127.0.0.0/8']);
        // What the kernel holds: the masked network at each rule, the address as written nowhere.
        assert.strictEqual([...listed.matchAll(/ip daddr 127\.0\.0\.0\/8 /g)].length, warned.length, listed);
        assert.doesNotMatch(listed, /127\.0\.0\.1/);
    });

    for (const c of CASES) {
        it(c.file, async () => {
            const text = corpus(c.file);
            topology.clearRules();
            topology.loadNftables(text);
            const options: ImportOptions = { file: c.file, interfaces: new Map(), hook: 'forward', now: new Date() };
            const policy = [await nftablesImporter.import(text, options)];
            const said = c.probes.map(p => decideConnection(policy, p.protocol, single(p.source), single(p.destination), p.port));
            assert.deepStrictEqual(said, c.probes.map(p => p.audit), 'the audit\'s verdicts are the hand-checked ones');
            const through = await runProbes(c.probes, () => topology.zones.get('client')!.namespace, p => p.audit === 'accept');
            const wrong = c.probes.flatMap((p, i) => {
                const kernel = through[i] ? 'through' : 'dropped';
                if (said[i] === 'unknown') return through[i] ? [`${p.protocol} ${p.destination}:${p.port}: audit unknown, yet the kernel delivered it where it was sent`] : [];
                return (said[i] === 'accept') !== through[i] ? [`${p.protocol} ${p.destination}:${p.port}: audit ${said[i]}, kernel ${kernel}`] : [];
            });
            assert.deepStrictEqual(wrong, [], `the audit disagrees with the kernel:\n${wrong.join('\n')}`);
        });
    }
});
