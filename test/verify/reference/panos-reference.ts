import { ALL, ANY4, ANY6, holds, inPorts, netOf, Unsupported, type Net, type Outcome, type Ports, type Probe } from './probe.js';

/**
 * A reference PAN-OS firewall, written from Palo Alto's PAN-OS CLI and administrator's guides (not
 * from SegPlan's reader), for the `set` commands SegPlan writes and the ways the property changes
 * them: addresses, address groups, services, non-recurring schedules (the firewall's clock in
 * UTC), security rules (`set` adds to a rule's lists, `delete` removes a rule or a member, `move`
 * puts it top, bottom, before or after another), the default rules and their overrides. The
 * rulebase is read top down, first match; then intrazone-default (allow) or interzone-default
 * (deny). A rule for an application other than any may or may not match: both are followed.
 */

interface Rule {
    readonly name: string;
    readonly lists: Map<string, string[]>;
    readonly values: Map<string, string>;
}

const LISTS = new Set(['from', 'to', 'source', 'destination', 'service', 'application', 'source-user', 'category', 'tag']);
const IGNORED = new Set(['description', 'tag', 'log-start', 'log-end', 'log-setting']);

function words(line: string): string[] {
    const out: string[] = [];
    const re = /"([^"]*)"|(\S+)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
    return out;
}

export function panosReference(text: string, zones: ReadonlyMap<string, readonly Net[]>, now: Date): (p: Probe) => Outcome {
    const addresses = new Map<string, Net[]>();
    const groups = new Map<string, string[]>();
    const services = new Map<string, { protocol: string; ports: Ports }>();
    const schedules = new Map<string, { from: number; to: number }[]>();
    const order: string[] = [];
    const rules = new Map<string, Rule>();
    const defaults = new Map<string, string>();
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        const w = words(line);
        const [verb] = w;
        if (verb === 'set' && w[1] === 'address') { addresses.set(w[2], [netOf(w[4])]); if (w[3] !== 'ip-netmask' && w[3] !== 'ip-range') throw new Unsupported(line); continue; }
        if (verb === 'set' && w[1] === 'address-group' && w[3] === 'static') { groups.set(w[2], [...groups.get(w[2]) ?? [], ...listAt(w, 4)]); continue; }
        if (verb === 'set' && w[1] === 'service' && w[3] === 'protocol') {
            if (w[5] !== 'port' || w.length !== 7) throw new Unsupported(line);
            services.set(w[2], { protocol: w[4], ports: w[6].split(',').map(r => { const [a, b] = r.split('-').map(Number); return [a, b ?? a] as const; }) });
            continue;
        }
        if (verb === 'set' && w[1] === 'schedule' && w[3] === 'schedule-type' && w[4] === 'non-recurring') {
            schedules.set(w[2], listAt(w, 5).map(r => {
                const m = /^(\d+)\/(\d+)\/(\d+)@(\d+):(\d+)-(\d+)\/(\d+)\/(\d+)@(\d+):(\d+)$/.exec(r);
                if (!m) throw new Unsupported(r);
                const n = m.slice(1).map(Number);
                return { from: Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4]), to: Date.UTC(n[5], n[6] - 1, n[7], n[8], n[9]) + 60_000 };
            }));
            continue;
        }
        if (w[1] === 'rulebase' && w[2] === 'default-security-rules' && w[3] === 'rules' && w[5] === 'action') { if (verb === 'set') defaults.set(w[4], w[6]); continue; }
        if (w[1] === 'rulebase' && w[2] === 'security' && w[3] === 'rules') {
            const name = w[4];
            if (verb === 'move') {
                const at = order.indexOf(name);
                if (at < 0) throw new Unsupported(line);
                order.splice(at, 1);
                const where = w[5], other = order.indexOf(w[6]);
                order.splice(where === 'top' ? 0 : where === 'bottom' ? order.length : where === 'before' ? other : other + 1, 0, name);
                continue;
            }
            if (verb === 'delete') {
                if (w.length === 5) { rules.delete(name); order.splice(order.indexOf(name), 1); continue; }
                // `delete … rules R <list> <member>`: that member only.
                const list = rules.get(name)?.lists.get(w[5]);
                if (!list || w.length !== 7) throw new Unsupported(line);
                const at = list.indexOf(w[6]);
                if (at >= 0) list.splice(at, 1);
                continue;
            }
            if (verb !== 'set') throw new Unsupported(line);
            let rule = rules.get(name);
            if (!rule) { rules.set(name, rule = { name, lists: new Map(), values: new Map() }); order.push(name); }
            for (let i = 5; i < w.length;) {
                const key = w[i];
                const values = w[i + 1] === '[' ? listAt(w, i + 1) : [w[i + 1]];
                i += w[i + 1] === '[' ? values.length + 3 : 2;
                if (LISTS.has(key)) rule.lists.set(key, [...rule.lists.get(key) ?? [], ...values]);
                else if (IGNORED.has(key)) continue;
                else rule.values.set(key, values[0]);
            }
            continue;
        }
        throw new Unsupported(line);
    }

    function listAt(w: readonly string[], at: number): string[] {
        if (w[at] !== '[') return [w[at]];
        return w.slice(at + 1, w.indexOf(']', at));
    }
    const resolve = (name: string): Net[] => {
        if (name === 'any') return [ANY4, ANY6];
        if (addresses.has(name)) return addresses.get(name)!;
        if (groups.has(name)) return groups.get(name)!.flatMap(resolve);
        throw new Unsupported(`address ${name}`);
    };
    const servicePorts = (name: string, protocol: string): Ports => {
        if (name === 'any') return ALL;
        const s = services.get(name);
        if (!s) throw new Unsupported(`service ${name}`);
        return s.protocol === protocol ? s.ports : [];
    };

    /** A rule's source or destination list resolved, once: the rules are read, every probe asks again. */
    const resolvedLists = new Map<string, Net[]>();
    const netsOf = (r: Rule, k: string): Net[] => {
        const key = `${r.name}\n${k}`;
        let nets = resolvedLists.get(key);
        if (!nets) resolvedLists.set(key, nets = (r.lists.get(k) ?? []).flatMap(resolve));
        return nets;
    };
    /** The first rule that matches, `appIdMatches` saying whether a rule for another application than any does. */
    const walk = (p: Probe, from: string, to: string, appIdMatches: boolean): 'accept' | 'drop' => {
        for (const name of order) {
            const r = rules.get(name)!;
            const list = (k: string) => r.lists.get(k) ?? [];
            if (r.values.get('disabled') === 'yes') continue;
            const type = r.values.get('rule-type') ?? 'universal';
            if ((type === 'intrazone' && from !== to) || (type === 'interzone' && from === to)) continue;
            if (!list('from').includes('any') && !list('from').includes(from)) continue;
            if (!list('to').includes('any') && !list('to').includes(to)) continue;
            const side = (k: string, negate: string, ip: Probe['source']) => holds(netsOf(r, k), ip) !== (r.values.get(negate) === 'yes');
            if (!side('source', 'negate-source', p.source) || !side('destination', 'negate-destination', p.destination)) continue;
            if (!list('service').some(s => inPorts(servicePorts(s, p.protocol), p.port))) continue;
            // ping and icmp are ICMP (Palo Alto's Applipedia): never a TCP or UDP connection.
            const applications = list('application').filter(a => !['ping', 'icmp', 'ipv6-icmp'].includes(a));
            if (applications.length === 0) continue;
            if (!applications.includes('any') && !appIdMatches) continue;
            const schedule = r.values.get('schedule');
            if (schedule !== undefined) {
                const ranges = schedules.get(schedule);
                if (!ranges) throw new Unsupported(`schedule ${schedule}`);
                if (!ranges.some(x => x.from <= now.getTime() && now.getTime() < x.to)) continue;
            }
            const action = r.values.get('action');
            if (action === 'allow') return 'accept';
            if (action && ['deny', 'drop', 'reset-client', 'reset-server', 'reset-both'].includes(action)) return 'drop';
            throw new Unsupported(`action ${action}`);
        }
        const fallback = from === to ? defaults.get('intrazone-default') ?? 'allow' : defaults.get('interzone-default') ?? 'deny';
        return fallback === 'allow' ? 'accept' : 'drop';
    };
    return (p: Probe): Outcome => {
        const zoneOf = (ip: Probe['source']) => [...zones].find(([, nets]) => holds(nets, ip))?.[0];
        const from = zoneOf(p.source), to = zoneOf(p.destination);
        if (from === undefined || to === undefined) throw new Unsupported('an address in no zone');
        const a = walk(p, from, to, true), b = walk(p, from, to, false);
        return a === b ? a : 'either';
    };
}
