import { ALL, ANY4, ANY6, holds, inPorts, netOf, Unsupported, type Net, type Outcome, type Ports, type Probe } from './probe.js';

/**
 * A reference FortiGate, written from Fortinet's FortiOS CLI reference and administration guide
 * (not from SegPlan's reader), for the configuration SegPlan writes and the ways the property
 * changes it: `config` tables of `edit` entries whose `set` replaces a setting, `append` adds to
 * it, `unset` removes it; `delete` and `move … before|after …` in the policy list; addresses
 * (subnet, ip6), address groups, custom services, one-time schedules (the FortiGate's clock in
 * UTC), and firewall policies checked in list order (not by id), first match, then the implicit
 * deny. A policy matches IPv4 by srcaddr/dstaddr and IPv6 by srcaddr6/dstaddr6.
 */

type Settings = Map<string, string[]>;

function words(line: string): string[] {
    const out: string[] = [];
    const re = /"([^"]*)"|(\S+)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
    return out;
}

export function fortigateReference(text: string, zones: ReadonlyMap<string, readonly Net[]>, now: Date): (p: Probe) => Outcome {
    const tables = new Map<string, { order: string[]; entries: Map<string, Settings> }>();
    let table: { order: string[]; entries: Map<string, Settings> } | undefined;
    let entry: Settings | undefined;
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        const w = words(line);
        switch (w[0]) {
            case 'config': {
                const path = w.slice(1).join(' ');
                table = tables.get(path) ?? { order: [], entries: new Map() };
                tables.set(path, table);
                break;
            }
            case 'edit':
                if (!table) throw new Unsupported(line);
                entry = table.entries.get(w[1]);
                if (!entry) { table.entries.set(w[1], entry = new Map()); table.order.push(w[1]); }
                break;
            case 'set': entry!.set(w[1], w.slice(2)); break;
            case 'append': entry!.set(w[1], [...entry!.get(w[1]) ?? [], ...w.slice(2)]); break;
            case 'unset': entry!.delete(w[1]); break;
            case 'next': entry = undefined; break;
            case 'end': table = undefined; entry = undefined; break;
            case 'delete': table!.entries.delete(w[1]); table!.order.splice(table!.order.indexOf(w[1]), 1); break;
            case 'move': {
                const order = table!.order;
                order.splice(order.indexOf(w[1]), 1);
                const at = order.indexOf(w[3]);
                order.splice(w[2] === 'before' ? at : at + 1, 0, w[1]);
                break;
            }
            default: throw new Unsupported(line);
        }
    }
    const of = (path: string) => tables.get(path)?.entries ?? new Map<string, Settings>();
    const one = (s: Settings, key: string) => s.get(key)?.[0];

    // What each name stands for (addresses, services), worked out once: the configuration is fixed, every probe asks again.
    const resolved = new Map<string, Net[]>();
    const resolve = (name: string, six: boolean): Net[] => {
        const key = `${six ? 6 : 4} ${name}`;
        let nets = resolved.get(key);
        if (!nets) resolved.set(key, nets = resolveOnce(name, six));
        return nets;
    };
    const resolveOnce = (name: string, six: boolean): Net[] => {
        if (name === 'all') return [six ? ANY6 : ANY4];
        const a = of(six ? 'firewall address6' : 'firewall address').get(name);
        if (a) {
            if (six) return [netOf(one(a, 'ip6')!)];
            if (one(a, 'type') === 'iprange') return [netOf(`${one(a, 'start-ip')}-${one(a, 'end-ip')}`)];
            const subnet = a.get('subnet');
            if (!subnet) throw new Unsupported(`address ${name}`);
            return [netOf(subnet[0], subnet[1])];
        }
        const g = of(six ? 'firewall addrgrp6' : 'firewall addrgrp').get(name);
        if (g) return (g.get('member') ?? []).flatMap(m => resolve(m, six));
        throw new Unsupported(`address ${name}`);
    };
    /** A policy's address list (one family's: srcaddr or srcaddr6 …) resolved once: every probe asks again. */
    const policyNets = new Map<readonly string[], Net[]>();
    const netsOf = (names: readonly string[], six: boolean): Net[] => {
        let nets = policyNets.get(names);
        if (!nets) policyNets.set(names, nets = names.flatMap(n => resolve(n, six)));
        return nets;
    };
    const servicePorts = new Map<string, Ports>();
    const ports = (name: string, protocol: string): Ports => {
        const key = `${protocol} ${name}`;
        let found = servicePorts.get(key);
        if (!found) servicePorts.set(key, found = portsOnce(name, protocol));
        return found;
    };
    const portsOnce = (name: string, protocol: string): Ports => {
        if (name === 'ALL') return ALL;
        if (name === 'ALL_TCP') return protocol === 'tcp' ? ALL : [];
        if (name === 'ALL_UDP') return protocol === 'udp' ? ALL : [];
        const s = of('firewall service custom').get(name);
        if (!s) {
            const g = of('firewall service group').get(name);
            if (g) return (g.get('member') ?? []).flatMap(m => ports(m, protocol));
            throw new Unsupported(`service ${name}`);
        }
        return (s.get(`${protocol}-portrange`) ?? []).map(r => {
            if (r.includes(':')) throw new Unsupported(`source ports ${r}`);
            const [a, b] = r.split('-').map(Number);
            return [a, b ?? a] as const;
        });
    };
    const active = (name: string): boolean => {
        if (name === 'always') return true;
        const s = of('firewall schedule onetime').get(name);
        if (!s) throw new Unsupported(`schedule ${name}`);
        const at = (v: string | undefined, shift: number) => {
            const m = /^(\d+):(\d+) (\d+)\/(\d+)\/(\d+)$/.exec(v ?? '');
            if (!m) throw new Unsupported(`time ${v}`);
            const [h, mi, y, mo, d] = m.slice(1).map(Number);
            return Date.UTC(y, mo - 1, d, h, mi) + shift;
        };
        return at(one(s, 'start'), 0) <= now.getTime() && now.getTime() < at(one(s, 'end'), 60_000);
    };

    return (p: Probe): Outcome => {
        const zoneOf = (ip: Probe['source']) => [...zones].find(([, nets]) => holds(nets, ip))?.[0];
        const from = zoneOf(p.source), to = zoneOf(p.destination);
        if (from === undefined || to === undefined) throw new Unsupported('an address in no zone');
        const six = p.source.family === 6;
        const policies = tables.get('firewall policy');
        for (const id of policies?.order ?? []) {
            const s = policies!.entries.get(id)!;
            if (one(s, 'status') === 'disable') continue;
            const intf = (key: string, zone: string) => (s.get(key) ?? []).some(n => n === 'any' || n === zone);
            if (!intf('srcintf', from) || !intf('dstintf', to)) continue;
            const side = (key: string, ip: Probe['source']) => {
                const names = s.get(six ? `${key}6` : key);
                if (!names || names.length === 0) return false;
                return holds(netsOf(names, six), ip) !== (one(s, `${six ? `${key}6` : key}-negate`) === 'enable');
            };
            if (!side('srcaddr', p.source) || !side('dstaddr', p.destination)) continue;
            const inService = (s.get('service') ?? []).some(n => inPorts(ports(n, p.protocol), p.port));
            if (inService === (one(s, 'service-negate') === 'enable')) continue;
            if (!active(one(s, 'schedule') ?? 'always')) continue;
            return one(s, 'action') === 'accept' ? 'accept' : 'drop';
        }
        return 'drop';
    };
}
