import type { ChildProcess } from 'node:child_process';
import { askInNs, startInNs, type Topology } from './netns.js';
import { SERVE_LINES } from './line-program.js';
import type { Rep } from './kernel-plans.js';

/**
 * The programs that run inside the namespaces (`node -e`): listeners in destination zones and
 * probes from source zones. A probe counts as through only when the other side answers: a TCP
 * handshake that completes, or a UDP datagram echoed back. Dropped packets show as a timeout.
 */

/**
 * argv[1]: `{"tcp":[ports],"udp":[ports],"addresses":[addresses]}`. TCP listens on every address of
 * the namespace; UDP binds each address on its own, so an answer leaves from the address the probe
 * was sent to (a wildcard socket would answer from whichever address the kernel picks).
 */
export const LISTENER = `
const net = require('net'), dgram = require('dgram');
const { tcp, udp, addresses } = JSON.parse(process.argv[1]);
let pending = tcp.length + udp.length * addresses.length;
const ready = () => { if (--pending === 0) process.stdout.write('ready\\n'); };
if (pending === 0) process.stdout.write('ready\\n');
for (const port of tcp) {
    const server = net.createServer(socket => { socket.on('error', () => {}); socket.end(); });
    server.listen({ port, host: '::', ipv6Only: false }, ready);
}
for (const port of udp) {
    for (const address of addresses) {
        const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
        socket.on('message', (message, from) => socket.send(message, from.port, from.address));
        socket.bind(port, address, ready);
    }
}
`;

export interface Probe {
    readonly protocol: 'tcp' | 'udp';
    readonly source: string;
    readonly destination: string;
    readonly port: number;
}

/**
 * A program kept running in a source namespace (LineProgram): each request
 * `{"timeout":ms,"concurrency":n,"probes":[Probe]}` is answered with an array of booleans, one per probe.
 */
export const PROBER = `
const net = require('net'), dgram = require('dgram');
// A process kept off the CPU finds its timers due and its answers waiting at once; timers run
// first in Node's loop, so a timeout decided there would beat an answer that had arrived. The
// verdict waits for the loop to read what is waiting (setImmediate runs after the poll phase).
const late = decide => setImmediate(decide);
function tcp(p, timeout) {
    return new Promise(resolve => {
        const socket = net.connect({ host: p.destination, port: p.port, localAddress: p.source });
        let finished = false;
        const done = ok => { if (finished) return; finished = true; clearTimeout(timer); socket.destroy(); resolve(ok); };
        const timer = setTimeout(() => late(() => done(false)), timeout);
        socket.on('connect', () => done(true));
        socket.on('error', () => done(false));
    });
}
let sent = 0;
function udp(p, timeout) {
    const resendEvery = Math.max(50, Math.floor(timeout / 4));
    return new Promise(resolve => {
        const socket = dgram.createSocket(p.destination.includes(':') ? 'udp6' : 'udp4');
        let resend, finished = false;
        const done = ok => { if (finished) return; finished = true; clearTimeout(timer); clearInterval(resend); try { socket.close(); } catch {} resolve(ok); };
        const timer = setTimeout(() => late(() => done(false)), timeout);
        // Only this probe's answer counts: the socket is connected to the destination (the kernel
        // hands it datagrams from that address and port alone) and the echo must carry this
        // probe's own token — a late echo of another probe that reused the local port is not one.
        const token = 'probe ' + (++sent) + ' ' + Math.random().toString(36).slice(2);
        socket.on('message', message => { if (String(message) === token) done(true); });
        socket.on('error', () => done(false));
        // Sent again every few hundred ms, as UDP clients do, until answered: one datagram lost on
        // the way is not a drop, a firewall's drop loses every one.
        const send = () => { if (!finished) socket.send(token, () => {}); };
        socket.bind(0, p.source, () => {
            if (finished) return;
            socket.connect(p.port, p.destination, error => { if (error) return done(false); send(); resend = setInterval(send, resendEvery); });
        });
    });
}
async function serve({ timeout, concurrency, probes }) {
    const results = new Array(probes.length);
    let next = 0;
    async function worker() {
        while (next < probes.length) {
            const i = next++;
            results[i] = await (probes[i].protocol === 'tcp' ? tcp : udp)(probes[i], timeout);
        }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    return results;
}
${SERVE_LINES}`;

/** How long a probe waits for an answer before it counts as dropped. */
export const PROBE_TIMEOUT_MS = 600;

/**
 * How long a probe that went unanswered waits the second time. The first pass starts a prober
 * in every namespace at once on a machine of two cores, and a listener kept off the CPU that
 * long answers no UDP datagram (the kernel completes TCP handshakes without it): CI saw UDP
 * probes fail with no firewall loaded. A second pass, alone on a quiet machine, tells such a
 * late answer from a drop; a firewall's drop fails both.
 */
export const RETRY_TIMEOUT_MS = 2_000;

/**
 * Probes in flight per namespace: the first pass keeps the machine's load down; the second
 * mostly waits on drops, so it runs wider (each probe holds one socket, well under a default
 * limit of 1,024 open files); the patient pass is for the few a busy machine kept waiting.
 */
const CONCURRENCY = { first: 200, retry: 800, patient: 100 } as const;

/** LISTENER's argument: every port the probes aim at the given addresses of one namespace. */
export function listenerArgs(probes: readonly Probe[], addresses: readonly string[]): string {
    const mine = probes.filter(p => addresses.includes(p.destination));
    const ports = (protocol: Probe['protocol']) => [...new Set(mine.filter(p => p.protocol === protocol).map(p => p.port))];
    return JSON.stringify({ tcp: ports('tcp'), udp: ports('udp'), addresses });
}

/**
 * Builds the test network: the router, one namespace per group of representative addresses, and
 * in each a listener on every port the probes aim at it. On failure the topology is torn down.
 * Returns the listeners, for the caller to stop after the tests.
 */
export async function buildNetwork(topology: Topology, groups: ReadonlyMap<string, readonly Rep[]>, probes: readonly Probe[]): Promise<ChildProcess[]> {
    const listeners: ChildProcess[] = [];
    try {
        topology.createRouter();
        for (const [name, reps] of groups) {
            topology.addZone(name, reps.filter(r => r.family === 'ipv4').map(r => r.text), reps.filter(r => r.family === 'ipv6').map(r => r.text));
        }
        for (const ns of topology.zones.values()) {
            listeners.push(await startInNs(ns.namespace, LISTENER, listenerArgs(probes, [...ns.addresses.v4, ...ns.addresses.v6])));
        }
    } catch (error) {
        for (const child of listeners) child.kill('SIGKILL');
        topology.destroy();
        throw error;
    }
    return listeners;
}

/**
 * How long a probe the caller expects through waits in the last pass. A timeout is the only sign
 * of a drop, and on a machine busy enough (many processes on two cores) a listener or prober can
 * be kept off the CPU for seconds: only the probes whose drop would fail the test wait this long,
 * so a real drop still fails it and the thousands of expected drops cost no extra time.
 */
export const PATIENT_TIMEOUT_MS = 20_000;

/**
 * Runs the probes, each from the namespace `namespaceOf` names (all namespaces at once), the
 * unanswered ones once more with a longer wait, and those of them the caller expects through
 * (`expectedThrough`: where a drop would fail the test) a last time, patiently; one outcome per
 * probe, through when any pass got an answer. An answer is never spurious, so only drops are retried.
 */
export async function runProbes<P extends Probe>(probes: readonly P[], namespaceOf: (p: P) => string, expectedThrough: (p: P) => boolean): Promise<boolean[]> {
    const results = await probeOnce(probes, probes.map((_, i) => i), namespaceOf, PROBE_TIMEOUT_MS, CONCURRENCY.first);
    const unanswered = probes.map((_, i) => i).filter(i => !results[i]);
    const again = await probeOnce(probes, unanswered, namespaceOf, RETRY_TIMEOUT_MS, CONCURRENCY.retry);
    for (const i of unanswered) results[i] = again[i];
    const awaited = unanswered.filter(i => !results[i] && expectedThrough(probes[i]));
    const last = await probeOnce(probes, awaited, namespaceOf, PATIENT_TIMEOUT_MS, CONCURRENCY.patient);
    for (const i of awaited) results[i] = last[i];
    return results;
}

/** One pass over the probes at `indexes`: the prober of each namespace, all at once. */
async function probeOnce<P extends Probe>(probes: readonly P[], indexes: readonly number[], namespaceOf: (p: P) => string, timeout: number, concurrency: number): Promise<boolean[]> {
    const byNamespace = new Map<string, number[]>();
    for (const i of indexes) { const ns = namespaceOf(probes[i]); const list = byNamespace.get(ns) ?? []; list.push(i); byNamespace.set(ns, list); }
    const results = new Array<boolean>(probes.length);
    await Promise.all([...byNamespace].map(async ([ns, mine]) => {
        const batch = mine.map(i => ({ protocol: probes[i].protocol, source: probes[i].source, destination: probes[i].destination, port: probes[i].port }));
        // The probes' own waits, in rounds of `concurrency`, and room to spare for a busy machine.
        const limit = 120_000 + 2 * timeout * Math.ceil(batch.length / concurrency);
        const out = await askInNs(ns, PROBER, { timeout, concurrency, probes: batch }, limit) as boolean[];
        mine.forEach((i, k) => { results[i] = out[k]; });
    }));
    return results;
}
