import { ALL, ANY4, ANY6, holds, inPorts, netOf, Unsupported, type Net, type Outcome, type Ports, type Probe } from './probe.js';

/**
 * A reference Cisco ASA, written from Cisco's ASA configuration guide and command reference (not
 * from SegPlan's reader), for the commands SegPlan writes and the ways the property changes them:
 * network and service object-groups, absolute time ranges (the ASA's clock in UTC), extended
 * access lists (each remark and entry has a line; `line N` inserts at line N; `no access-list`
 * removes the entry written; `clear configure access-list` empties the list), `access-group … in
 * interface`. A connection is judged by the access list bound in on the interface it enters (the
 * zone of its source), first matching entry, then the implicit deny. Anything else is Unsupported.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Entry { readonly words: readonly string[] }

function timeOf(words: readonly string[]): number {
    const [clock, day, month, year] = words;
    const [h, m] = clock.split(':').map(Number);
    const mo = MONTHS.indexOf(month.toLowerCase());
    if (mo < 0) throw new Unsupported(`time ${words.join(' ')}`);
    return Date.UTC(Number(year), mo, Number(day), h, m);
}

export function asaReference(text: string, zones: ReadonlyMap<string, readonly Net[]>, now: Date): (p: Probe) => Outcome {
    const networks = new Map<string, Net[]>();
    const portGroups = new Map<string, { protocols: string[]; ports: [number, number][] }>();
    const timeRanges = new Map<string, { start?: number; end?: number }>();
    const lists = new Map<string, Entry[]>();
    const bound = new Map<string, string>();
    let block: { kind: 'network' | 'service' | 'time'; name: string } | undefined;
    for (const raw of text.split('\n')) {
        if (raw.trim() === '' || raw.startsWith('!')) continue;
        const words = raw.trim().split(/\s+/);
        if (raw.startsWith(' ')) {
            if (!block) throw new Unsupported(raw);
            if (words[0] === 'description') continue;
            if (block.kind === 'network') {
                const list = networks.get(block.name)!;
                if (words[0] === 'network-object') list.push(words[1] === 'host' ? netOf(words[2]) : words[2] !== undefined ? netOf(words[1], words[2]) : netOf(words[1]));
                else if (words[0] === 'group-object') list.push(...networks.get(words[1]) ?? []);
                else throw new Unsupported(raw);
            } else if (block.kind === 'service') {
                const group = portGroups.get(block.name)!;
                if (words[0] !== 'port-object') throw new Unsupported(raw);
                group.ports.push(...portsOf(words.slice(1)));
            } else {
                if (words[0] !== 'absolute') throw new Unsupported(raw);
                const range = timeRanges.get(block.name)!;
                const start = words.indexOf('start'), end = words.indexOf('end');
                if (start >= 0) range.start = timeOf(words.slice(start + 1));
                if (end >= 0) range.end = timeOf(words.slice(end + 1)) + 60_000;
            }
            continue;
        }
        block = undefined;
        if (words[0] === 'object-group' && words[1] === 'network') { networks.set(words[2], []); block = { kind: 'network', name: words[2] }; continue; }
        if (words[0] === 'object-group' && words[1] === 'service') {
            portGroups.set(words[2], { protocols: words[3] === 'tcp-udp' ? ['tcp', 'udp'] : [words[3]], ports: [] });
            block = { kind: 'service', name: words[2] };
            continue;
        }
        if (words[0] === 'time-range') { timeRanges.set(words[1], {}); block = { kind: 'time', name: words[1] }; continue; }
        if (words[0] === 'clear' && words[1] === 'configure' && words[2] === 'access-list') { lists.delete(words[3]); continue; }
        if (words[0] === 'access-list') {
            const list = lists.get(words[1]) ?? [];
            lists.set(words[1], list);
            if (words[2] === 'line') {
                const at = Number(words[3]) - 1;
                if (at > list.length) throw new Unsupported(`line ${words[3]} past the end of ${words[1]}`);
                list.splice(at, 0, { words: words.slice(4) });
            } else list.push({ words: words.slice(2) });
            continue;
        }
        if (words[0] === 'no' && words[1] === 'access-list') {
            const list = lists.get(words[2]) ?? [];
            const body = (words[3] === 'line' ? words.slice(5) : words.slice(3)).join(' ');
            const at = list.findIndex(e => e.words.join(' ') === body);
            if (at >= 0) list.splice(at, 1);
            continue;
        }
        if (words[0] === 'access-group' && words[2] === 'in' && words[3] === 'interface') { bound.set(words[4], words[1]); continue; }
        if (words[0] === 'no' && words[1] === 'access-group' && words[3] === 'in' && words[4] === 'interface') { if (bound.get(words[5]) === words[2]) bound.delete(words[5]); continue; }
        throw new Unsupported(raw);
    }

    function portsOf(words: readonly string[]): [number, number][] {
        const n = (w: string) => { if (!/^\d+$/.test(w)) throw new Unsupported(`port ${w}`); return Number(w); };
        switch (words[0]) {
            case 'eq': return [[n(words[1]), n(words[1])]];
            case 'range': return [[n(words[1]), n(words[2])]];
            case 'lt': return [[1, n(words[1]) - 1]];
            case 'gt': return [[n(words[1]) + 1, 65535]];
            case 'neq': return [[1, n(words[1]) - 1], [n(words[1]) + 1, 65535]];
            default: throw new Unsupported(`port operator ${words[0]}`);
        }
    }

    /** An entry's parts: what it does and what it matches (ports: undefined for every port). */
    const parsed = new Map<Entry, { permit: boolean; protocols: string[]; src: Net[]; srcPorts: Ports; dst: Net[]; dstPorts: Ports; active: boolean } | 'remark'>();
    function parse(entry: Entry) {
        let got = parsed.get(entry);
        if (got) return got;
        const w = [...entry.words];
        if (w[0] === 'remark') { parsed.set(entry, 'remark'); return 'remark' as const; }
        if (w.shift() !== 'extended') throw new Unsupported(entry.words.join(' '));
        const verb = w.shift();
        const protocol = w.shift()!;
        const protocols = protocol === 'ip' ? ['tcp', 'udp'] : protocol === 'tcp' || protocol === 'udp' ? [protocol] : protocol === 'icmp' || protocol === 'icmp6' ? [] : undefined;
        if (!protocols) throw new Unsupported(`protocol ${protocol}`);
        const address = (): Net[] => {
            const a = w.shift()!;
            if (a === 'any') return [ANY4, ANY6];
            if (a === 'any4') return [ANY4];
            if (a === 'any6') return [ANY6];
            if (a === 'host') return [netOf(w.shift()!)];
            if (a === 'object-group') { const g = networks.get(w.shift()!); if (!g) throw new Unsupported('object-group'); return g; }
            if (a.includes('/')) return [netOf(a)];
            return [netOf(a, w.shift())];
        };
        const ports = (): Ports | undefined => {
            if (['eq', 'range', 'lt', 'gt', 'neq'].includes(w[0])) {
                const n = w[0] === 'range' ? 3 : 2;
                return portsOf(w.splice(0, n));
            }
            if (w[0] === 'object-group' && portGroups.has(w[1])) { w.shift(); return portGroups.get(w.shift()!)!.ports; }
            return undefined;
        };
        const src = address(), srcPorts = ports() ?? ALL, dst = address(), dstPorts = ports() ?? ALL;
        let active = true;
        while (w.length) {
            const word = w.shift()!;
            if (word === 'inactive') active = false;
            else if (word === 'log') { if (/^\d+$/.test(w[0] ?? '')) w.shift(); } else if (word === 'time-range') {
                const range = timeRanges.get(w.shift()!);
                if (!range) throw new Unsupported('time-range');
                const t = now.getTime();
                if ((range.start !== undefined && t < range.start) || (range.end !== undefined && t >= range.end)) active = false;
            } else throw new Unsupported(`entry word ${word}`);
        }
        got = { permit: verb === 'permit', protocols, src, srcPorts, dst, dstPorts, active };
        parsed.set(entry, got);
        return got;
    }

    return (p: Probe): Outcome => {
        const zoneOf = (ip: Probe['source']) => [...zones].find(([, nets]) => holds(nets, ip))?.[0];
        const from = zoneOf(p.source);
        const list = from === undefined ? undefined : bound.get(from);
        if (from === undefined || list === undefined) throw new Unsupported(`no access list in on ${from ?? 'an interface'}`);
        for (const entry of lists.get(list) ?? []) {
            const e = parse(entry);
            if (e === 'remark' || !e.active) continue;
            if (e.protocols.includes(p.protocol) && holds(e.src, p.source) && holds(e.dst, p.destination) && inPorts(e.dstPorts, p.port) && inPorts(e.srcPorts, 40000)) {
                return e.permit ? 'accept' : 'drop';
            }
        }
        return 'drop';
    };
}
