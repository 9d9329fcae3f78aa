import { spaceOf, type Box, type Space } from '../boxes.js';
import { ALL, cross } from '../parsers.js';

/**
 * A Cisco ASA as configuration commands change it, for re-apply tests: `object-group` adds to an
 * existing group (it never replaces it), `access-list … extended` appends to a list, `clear
 * configure access-list` deletes one, `access-group` binds a list to an interface (replacing the
 * interface's previous binding) and `no access-group` unbinds it; `no object-group`, `no object
 * network` and `no time-range` remove one, refused (an error here) while an access list or group
 * uses it; removing what is not there changes nothing. What the device allows is read from the
 * bound lists in order, first match wins, implicit deny at the end.
 */
export class AsaDevice {
    readonly objects = new Map<string, Space[]>();
    readonly groups = new Map<string, Space[]>();
    readonly services = new Map<string, { protocol: string; ports: { from: number; to: number }[] }>();
    readonly acls = new Map<string, string[]>();
    readonly bindings = new Map<string, string>();
    /** Time range → its `absolute` line. */
    readonly timeRanges = new Map<string, string>();
    /** Group → the objects it names (`network-object object`), which the ASA will not remove under it. */
    private readonly groupObjects = new Map<string, Set<string>>();

    apply(text: string): void {
        let current: { kind: string; name: string } | undefined;
        for (const raw of text.split('\n')) {
            if (!raw.trim() || raw.startsWith('!')) continue;
            let m: RegExpMatchArray | null;
            if (raw.startsWith(' ')) {
                const line = raw.trim();
                if (current?.kind === 'time-range' && line.startsWith('absolute ')) { this.timeRanges.set(current.name, line); continue; }
                if (!current || line.startsWith('description ')) continue;
                if (current.kind === 'object' && (m = line.match(/^fqdn (\S+)$/))) this.objects.set(current.name, [{ kind: 'name', name: m[1] }]);
                else if (current.kind === 'network') {
                    const g = this.groups.get(current.name)!;
                    if ((m = line.match(/^network-object host (\S+)$/))) g.push(...spaceOf(m[1]));
                    else if ((m = line.match(/^network-object object (\S+)$/))) {
                        g.push(...(this.objects.get(m[1]) ?? []));
                        this.groupObjects.set(current.name, (this.groupObjects.get(current.name) ?? new Set()).add(m[1]));
                    } else if ((m = line.match(/^network-object (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)$/))) g.push(...spaceOf(`${m[1]}/${m[2].split('.').map(Number).reduce((n, o) => n + o.toString(2).replace(/0/g, '').length, 0)}`));
                    else if ((m = line.match(/^network-object (\S+\/\d+)$/))) g.push(...spaceOf(m[1]));
                } else if (current.kind === 'service') {
                    const s = this.services.get(current.name)!;
                    if ((m = line.match(/^port-object eq (\d+)$/))) s.ports.push({ from: Number(m[1]), to: Number(m[1]) });
                    else if ((m = line.match(/^port-object range (\d+) (\d+)$/))) s.ports.push({ from: Number(m[1]), to: Number(m[2]) });
                }
                continue;
            }
            const line = raw.trim();
            current = undefined;
            if ((m = line.match(/^object network (\S+)$/))) current = { kind: 'object', name: m[1] };
            // An existing group keeps its members: the command adds to it.
            else if ((m = line.match(/^object-group network (\S+)$/))) { current = { kind: 'network', name: m[1] }; if (!this.groups.has(m[1])) this.groups.set(m[1], []); } else if ((m = line.match(/^object-group service (\S+) (tcp|udp)$/))) { current = { kind: 'service', name: m[1] }; if (!this.services.has(m[1])) this.services.set(m[1], { protocol: m[2], ports: [] }); } else if ((m = line.match(/^time-range (\S+)$/))) { current = { kind: 'time-range', name: m[1] }; if (!this.timeRanges.has(m[1])) this.timeRanges.set(m[1], ''); } else if ((m = line.match(/^clear configure access-list (\S+)$/))) this.acls.delete(m[1]);
            else if ((m = line.match(/^access-list (\S+) remark /))) continue;
            else if ((m = line.match(/^access-list (\S+) (extended .*)$/))) this.acls.set(m[1], [...(this.acls.get(m[1]) ?? []), m[2]]);
            else if ((m = line.match(/^access-group (\S+) in interface (\S+)$/))) this.bindings.set(m[2], m[1]);
            else if ((m = line.match(/^access-group (\S+) global$/))) this.bindings.set('global', m[1]);
            else if ((m = line.match(/^no access-group (\S+) in interface (\S+)$/))) { if (this.bindings.get(m[2]) === m[1]) this.bindings.delete(m[2]); } else if ((m = line.match(/^no object-group (network|service) (\S+)$/))) this.remove(m[1] === 'network' ? this.groups : this.services, m[2], ` object-group ${m[2]}`);
            else if ((m = line.match(/^no object network (\S+)$/))) {
                for (const [group, names] of this.groupObjects) if (names.has(m[1]) && this.groups.has(group)) throw new Error(`the ASA refuses to remove object ${m[1]}: group ${group} uses it`);
                this.objects.delete(m[1]);
            } else if ((m = line.match(/^no time-range (\S+)$/))) this.remove(this.timeRanges, m[1], ` time-range ${m[1]}`);
            else throw new Error(`the simulator does not know: ${raw}`);
        }
    }

    /** Removes `name` from `table` unless an access list entry names it (`reference`, as the entry writes it). */
    private remove(table: Map<string, unknown>, name: string, reference: string): void {
        for (const [acl, entries] of this.acls) {
            if (entries.some(e => `${e} `.includes(`${reference} `))) throw new Error(`the ASA refuses to remove${reference}: access list ${acl} uses it`);
        }
        table.delete(name);
        this.groupObjects.delete(name);
    }

    /** What traffic entering `iface` may do: the permits of its bound list before the first deny-all. */
    allowed(iface: string): Box[] {
        const name = this.bindings.get(iface);
        return this.permits([...(name ? this.acls.get(name) ?? [] : []), ...(this.bindings.has('global') ? this.acls.get(this.bindings.get('global')!) ?? [] : [])]);
    }

    /** What one access list permits, bound or not. */
    listAllows(name: string): Box[] {
        return this.permits(this.acls.get(name) ?? []);
    }

    /**
     * What the ASA does with one packet entering `iface`: the first entry of its bound list that
     * matches it decides (then the global list, then the implicit deny).
     */
    verdict(iface: string, source: string, destination: string, protocol: 'tcp' | 'udp', port: number): 'permit' | 'deny' {
        const name = this.bindings.get(iface);
        const entries = [...(name ? this.acls.get(name) ?? [] : []), ...(this.bindings.has('global') ? this.acls.get(this.bindings.get('global')!) ?? [] : [])];
        const within = (address: string, t: string) => {
            const [a] = spaceOf(address);
            const spaces = t === 'any' ? spaceOf('any') : this.groups.get(t.slice('object-group '.length)) ?? [];
            return spaces.some(s => s.kind === a.kind && s.kind !== 'name' && a.kind !== 'name' && s.interval.from <= a.interval.from && a.interval.to <= s.interval.to);
        };
        for (const ace of entries) {
            const m = ace.match(/^extended (permit|deny) (ip|tcp|udp) (any|object-group \S+) (any|object-group \S+)(?: object-group (\S+))?(?: time-range (\S+))?$/);
            if (!m) throw new Error(`the simulator does not know the entry: ${ace}`);
            if (m[2] !== 'ip' && m[2] !== protocol) continue;
            if (!within(source, m[3]) || !within(destination, m[4])) continue;
            const service = m[5] ? this.services.get(m[5]) : undefined;
            if (service && !service.ports.some(r => r.from <= port && port <= r.to)) continue;
            return m[1] as 'permit' | 'deny';
        }
        return 'deny';
    }

    /** Inserts an entry into an access list just above its last entry (a hand-made permit added to a SegPlan list). */
    insertBeforeLast(acl: string, entry: string): void {
        const entries = this.acls.get(acl) ?? [];
        this.acls.set(acl, [...entries.slice(0, -1), entry, ...entries.slice(-1)]);
    }

    private permits(entries: readonly string[]): Box[] {
        const boxes: Box[] = [];
        for (const ace of entries) {
            if (ace === 'extended deny ip any any') break;
            // The plan's denies: the plan's permits never overlap them (the plan checks it), so
            // what the list permits is its permits.
            if (ace.startsWith('extended deny ')) continue;
            const m = ace.match(/^extended permit (ip|tcp|udp) (any|object-group \S+) (any|object-group \S+)(?: object-group (\S+))?(?: time-range (\S+))?$/);
            if (!m) throw new Error(`the simulator does not know the entry: ${ace}`);
            const side = (t: string) => (t === 'any' ? spaceOf('any') : this.groups.get(t.slice('object-group '.length)) ?? []);
            const service = m[4] ? this.services.get(m[4]) : undefined;
            boxes.push(...cross(side(m[2]), side(m[3]), m[1] === 'ip' ? 'any' : m[1] as Box['protocol'], service?.ports ?? ALL, m[5] ? 'temporary' : ''));
        }
        return boxes;
    }
}
