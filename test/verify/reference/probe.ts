/**
 * The probes a reference evaluator judges, and the address arithmetic it needs, written for the
 * reference alone (nothing of SegPlan's readers): one connection, and whether a network holds an
 * address.
 */

export type Family = 4 | 6;

export interface Ip { readonly family: Family; readonly value: bigint }

/** One new connection: protocol, source and destination address, destination port. */
export interface Probe {
    readonly protocol: 'tcp' | 'udp';
    readonly source: Ip;
    readonly destination: Ip;
    readonly port: number;
}

/** What a reference gives a probe: the platform's verdict, or both when a condition it cannot see decides. */
export type Outcome = 'accept' | 'drop' | 'either';

/** A construct the reference does not model: the property must never meet one. */
export class Unsupported extends Error {}

export function parseIp(text: string): Ip {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
        const parts = text.split('.').map(Number);
        if (parts.some(p => p > 255)) throw new Unsupported(`not an IPv4 address: ${text}`);
        return { family: 4, value: parts.reduce((v, p) => (v << 8n) | BigInt(p), 0n) };
    }
    if (text.includes(':')) {
        const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
        const words = (s: string | undefined) => (s ? s.split(':').filter(w => w !== '') : []);
        const left = words(head), right = words(tail);
        const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
        if (groups.length !== 8) throw new Unsupported(`not an IPv6 address: ${text}`);
        return { family: 6, value: groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
    }
    throw new Unsupported(`not an address: ${text}`);
}

export function formatIp(ip: Ip): string {
    if (ip.family === 4) return [24n, 16n, 8n, 0n].map(s => String((ip.value >> s) & 255n)).join('.');
    return Array.from({ length: 8 }, (_, i) => ((ip.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

/** A set of addresses: a list of first-last ranges of one family each. */
export interface Net { readonly family: Family; readonly from: bigint; readonly to: bigint }

export function prefixNet(address: string, length: number): Net {
    const ip = parseIp(address);
    const bits = ip.family === 4 ? 32 : 128;
    const host = (1n << BigInt(bits - length)) - 1n;
    return { family: ip.family, from: ip.value & ~host, to: (ip.value & ~host) | host };
}

/** `a.b.c.d/len`, `x::/len`, a bare address, or `a.b.c.d MASK` (mask given separately). */
export function netOf(text: string, mask?: string): Net {
    if (mask !== undefined) {
        const m = parseIp(mask).value;
        const length = m.toString(2).replace(/0+$/, '').length;
        return prefixNet(text, m === 0n ? 0 : length);
    }
    if (text.includes('/')) {
        const [a, l] = text.split('/');
        return prefixNet(a, Number(l));
    }
    if (text.includes('-')) {
        const [a, b] = text.split('-').map(parseIp);
        return { family: a.family, from: a.value, to: b.value };
    }
    const ip = parseIp(text);
    return { family: ip.family, from: ip.value, to: ip.value };
}

export const ANY4: Net = { family: 4, from: 0n, to: (1n << 32n) - 1n };
export const ANY6: Net = { family: 6, from: 0n, to: (1n << 128n) - 1n };

export function holds(nets: readonly Net[], ip: Ip): boolean {
    return nets.some(n => n.family === ip.family && n.from <= ip.value && ip.value <= n.to);
}

/** Port lists as `[from, to]` pairs. */
export type Ports = readonly (readonly [number, number])[];
export const ALL: Ports = [[1, 65535]];
export const inPorts = (ports: Ports, port: number) => ports.some(([a, b]) => a <= port && port <= b);
