import { compareBoxes, spaceOf, type Box, type Space } from '../boxes.js';
import { ALL, cross } from '../parsers.js';

const LISTS = new Set(['from', 'to', 'source', 'destination', 'application', 'service', 'tag']);

interface SecurityRule { readonly lists: Map<string, Set<string>>; readonly values: Map<string, string> }

/**
 * A PAN-OS candidate configuration as configure-mode commands change it, for re-apply tests:
 * `set` on a list attribute of a security rule (from, to, source, destination, application,
 * service) adds members to what is there; `set` of a value (an address's ip-netmask, a service's
 * port, a rule's action) replaces it; `delete` removes a node, and refuses to delete an object a
 * rule still uses. Rules keep the order they were created in; what the device allows is read from
 * them in order, first match wins, interzone traffic nothing allows is denied.
 */
export class PanosDevice {
    readonly addresses = new Map<string, string>();
    readonly services = new Map<string, { protocol: 'tcp' | 'udp'; ports: string }>();
    readonly schedules = new Map<string, string>();
    readonly rules = new Map<string, SecurityRule>();

    apply(text: string): void {
        for (const raw of text.split('\n')) {
            const line = raw.trim();
            if (!line || line.startsWith('#')) continue;
            let m: RegExpMatchArray | null;
            if ((m = line.match(/^set address (\S+) (?:ip-netmask|fqdn) (\S+)$/))) this.addresses.set(m[1], m[2]);
            else if ((m = line.match(/^set service (\S+) protocol (tcp|udp) port (\S+)$/))) this.services.set(m[1], { protocol: m[2] as 'tcp' | 'udp', ports: m[3] });
            else if ((m = line.match(/^set schedule (\S+) schedule-type non-recurring (\S+)$/))) this.schedules.set(m[1], m[2]);
            else if ((m = line.match(/^set rulebase security rules (\S+) (.*)$/))) this.setRule(m[1], m[2]);
            else if ((m = line.match(/^delete rulebase security rules (\S+)$/))) this.rules.delete(m[1]);
            else if ((m = line.match(/^move rulebase security rules (\S+) top$/))) this.moveTop(m[1]);
            else if ((m = line.match(/^delete (address|service|schedule) (\S+)$/))) this.deleteObject(m[1], m[2]);
            else throw new Error(`the simulator does not know: ${line}`);
        }
    }

    /** `move … top`: the rule first; PAN-OS refuses to move a rule it does not have. */
    private moveTop(name: string): void {
        const rule = this.rules.get(name);
        if (!rule) throw new Error(`PAN-OS has no rule ${name} to move`);
        const rest = [...this.rules].filter(([n]) => n !== name);
        this.rules.clear();
        for (const [n, r] of [[name, rule] as const, ...rest]) this.rules.set(n, r);
    }

    /** What the rulebase does with one packet: the first rule that matches it decides; nothing matching, denied. */
    verdict(from: string, to: string, source: string, destination: string, protocol: 'tcp' | 'udp', port: number): 'allow' | 'deny' {
        const within = (address: string, names: Set<string> | undefined) => {
            const [a] = spaceOf(address);
            return [...names ?? []].some(n => (n === 'any' ? spaceOf('any') : spaceOf(this.addresses.get(n) ?? 'missing-object'))
                .some(s => s.kind === a.kind && s.kind !== 'name' && a.kind !== 'name' && s.interval.from <= a.interval.from && a.interval.to <= s.interval.to));
        };
        for (const rule of this.rules.values()) {
            const zone = (key: string, z: string) => rule.lists.get(key)?.has('any') || rule.lists.get(key)?.has(z);
            if (!zone('from', from) || !zone('to', to) || !within(source, rule.lists.get('source')) || !within(destination, rule.lists.get('destination'))) continue;
            const service = [...rule.lists.get('service') ?? []].some(s => {
                if (s === 'any') return true;
                const o = this.services.get(s);
                return o?.protocol === protocol && o.ports.split(',').some(p => { const [a, b = a] = p.split('-').map(Number); return a <= port && port <= b; });
            });
            if (service) return rule.values.get('action') === 'allow' ? 'allow' : 'deny';
        }
        return 'deny';
    }

    private setRule(name: string, rest: string): void {
        const rule = this.rules.get(name) ?? { lists: new Map(), values: new Map() };
        this.rules.set(name, rule);
        const tokens = rest.match(/"[^"]*"|\[ [^\]]* \]|\S+/g) ?? [];
        for (let i = 0; i + 1 < tokens.length; i += 2) {
            const [key, value] = [tokens[i], tokens[i + 1]];
            if (LISTS.has(key)) {
                const members = value.startsWith('[') ? value.slice(2, -2).split(' ') : [value];
                const list = rule.lists.get(key) ?? new Set<string>();
                for (const member of members) list.add(member);
                rule.lists.set(key, list);
            } else {
                rule.values.set(key, value);
            }
        }
    }

    private deleteObject(kind: string, name: string): void {
        const key = kind === 'address' ? ['source', 'destination'] : kind === 'service' ? ['service'] : [];
        for (const [ruleName, rule] of this.rules) {
            const used = key.some(k => rule.lists.get(k)?.has(name)) || (kind === 'schedule' && rule.values.get('schedule') === name);
            if (used) throw new Error(`PAN-OS refuses to delete ${kind} ${name}: rule ${ruleName} uses it`);
        }
        (kind === 'address' ? this.addresses : kind === 'service' ? this.services : this.schedules).delete(name);
    }

    /** What the rulebase allows, as `from zone|to zone` → boxes. */
    allowed(): Map<string, Box[]> {
        const out = new Map<string, Box[]>();
        for (const rule of this.rules.values()) {
            if (rule.values.get('action') !== 'allow') continue;
            const side = (key: string): Space[] => [...rule.lists.get(key) ?? []].flatMap(n => (n === 'any' ? spaceOf('any') : spaceOf(this.addresses.get(n) ?? 'missing-object')));
            const services = [...rule.lists.get('service') ?? []];
            const boxes = services.flatMap(s => {
                if (s === 'any') return cross(side('source'), side('destination'), 'any', ALL, rule.values.get('schedule') ?? '');
                const service = this.services.get(s);
                if (!service) throw new Error(`rule uses the missing service ${s}`);
                return cross(side('source'), side('destination'), service.protocol, service.ports.split(',').map(p => { const [a, b = a] = p.split('-').map(Number); return { from: a, to: b }; }), rule.values.get('schedule') ?? '');
            });
            for (const from of rule.lists.get('from') ?? []) for (const to of rule.lists.get('to') ?? []) {
                const key = `${from}|${to}`;
                out.set(key, [...out.get(key) ?? [], ...boxes]);
            }
        }
        return out;
    }

    /** The differences between what this device and another allow, zone pair by zone pair. */
    differencesFrom(other: PanosDevice): string[] {
        const mine = this.allowed(), theirs = other.allowed();
        const out: string[] = [];
        for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
            const { missing, extra } = compareBoxes(theirs.get(key) ?? [], mine.get(key) ?? []);
            if (missing.length || extra.length) out.push(`${key}: missing ${missing.join(', ')}; extra ${extra.join(', ')}`);
        }
        return out;
    }
}
