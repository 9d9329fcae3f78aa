import { intersectSpaces, spaceOf, type Box, type Space } from './boxes.js';

/**
 * Small parsers for the subset of each target's syntax the emitters write, reading the output
 * back into boxes. They are strict: a line they do not understand fails the test, so output the
 * structural check cannot see does not slip through.
 */

function portRange(text: string): { from: number; to: number } {
    const [a, b = a] = text.split(/[-:]/).map(Number);
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Error(`bad port ${text}`);
    return { from: a, to: b };
}

export function cross(sources: Space[], destinations: Space[], protocol: Box['protocol'], ports: { from: number; to: number }[], until: string): Box[] {
    const boxes: Box[] = [];
    for (const source of sources) for (const destination of destinations) for (const p of ports) boxes.push({ source, destination, protocol, ports: p, until });
    return boxes;
}

export const ALL = [{ from: 1, to: 65535 }];

function dayBefore(date: string): string {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** PowerShell: `New-NetFirewallRule` per host block. Returns boxes by host. */
export function parseWindows(text: string): Map<string, Box[]> {
    const hosts = new Map<string, Box[]>();
    let host: string | undefined, until = '';
    const list = (s: string) => s === "'Any'" ? ['any'] : [...s.matchAll(/'([^']*)'/g)].map(m => m[1]);
    // A long list continues on the next lines after a comma.
    for (const raw of text.replace(/,\n\s+/g, ', ').split('\n')) {
        const line = raw.trim();
        let m: RegExpMatchArray | null;
        if (!line || line.startsWith('#')) continue;
        if ((m = line.match(/^if \(\$SegPlanHost -eq '([\w-]+)'\) \{$/))) { host = m[1]; hosts.set(host, []); continue; }
        if ((m = line.match(/^if \(\[datetime\]::UtcNow -lt \[datetime\]::new\((\d{4}), (\d{1,2}), (\d{1,2}), 0, 0, 0, \[DateTimeKind\]::Utc\)\) \{$/))) {
            until = dayBefore(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`);
            continue;
        }
        if (line === '}') { if (until) until = ''; else host = undefined; continue; }
        if (line.startsWith('New-NetFirewallRule ')) {
            if (!host) throw new Error(`rule outside a host block: ${line}`);
            const arg = (name: string) => line.match(new RegExp(`-${name} (@\\([^)]*\\)|'[^']*'|\\S+)`))?.[1];
            const protocol = arg('Protocol')!.toLowerCase() as Box['protocol'];
            const ports = arg('LocalPort') ? list(arg('LocalPort')!).map(portRange) : ALL;
            // A Block rule (a deny of the plan) is left out, as the other readers leave out denies: what is read is what the allow rules allow.
            if (arg('Direction') === 'Inbound' && arg('Action') === 'Block') continue;
            if (arg('Direction') !== 'Inbound' || arg('Action') !== 'Allow') throw new Error(`not an inbound allow rule: ${line}`);
            hosts.get(host)!.push(...cross(list(arg('RemoteAddress')!).flatMap(spaceOf), list(arg('LocalAddress')!).flatMap(spaceOf), protocol, ports, until));
            continue;
        }
        if (/^(param\(|\[Parameter|\[ValidateSet|\[string\]|\)$|\$ErrorActionPreference|\$Group =|Get-NetFirewallRule -All \| Where-Object \{ \$_\.Group -ceq \$Group \} \| Remove-NetFirewallRule$)/.test(line)) continue;
        throw new Error(`unexpected PowerShell line: ${line}`);
    }
    return hosts;
}

function maskBits(mask: string): number {
    return mask.split('.').map(Number).reduce((n, o) => n + o.toString(2).replace(/0/g, '').length, 0);
}

/** Cisco ASA: objects, object-groups, time-ranges and extended access lists. */
export function parseAsa(text: string): Box[] {
    const objects = new Map<string, Space[]>(), groups = new Map<string, Space[]>(), services = new Map<string, { protocol: string; ports: { from: number; to: number }[] }>();
    const timeRanges = new Map<string, string>();
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    const boxes: Box[] = [];
    let current: { kind: string; name: string } | undefined;
    for (const raw of text.split('\n')) {
        if (!raw.trim() || raw.startsWith('!')) continue;
        let m: RegExpMatchArray | null;
        if (raw.startsWith(' ')) {
            const line = raw.trim();
            if (!current) throw new Error(`indented line outside a block: ${raw}`);
            if (line.startsWith('description ')) continue;
            if (current.kind === 'object' && (m = line.match(/^fqdn (?:v[46] )?([\w.-]+)$/))) { objects.set(current.name, [{ kind: 'name', name: m[1] }]); continue; }
            if (current.kind === 'network') {
                const g = groups.get(current.name)!;
                if ((m = line.match(/^network-object host (\S+)$/))) { g.push(...spaceOf(m[1])); continue; }
                if ((m = line.match(/^network-object object (\S+)$/))) { g.push(...objects.get(m[1])!); continue; }
                if ((m = line.match(/^network-object (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)$/))) { g.push(...spaceOf(`${m[1]}/${maskBits(m[2])}`)); continue; }
                if ((m = line.match(/^network-object (\S+\/\d+)$/))) { g.push(...spaceOf(m[1])); continue; }
            }
            if (current.kind === 'service') {
                const s = services.get(current.name)!;
                if ((m = line.match(/^port-object eq (\d+)$/))) { s.ports.push(portRange(m[1])); continue; }
                if ((m = line.match(/^port-object range (\d+) (\d+)$/))) { s.ports.push({ from: Number(m[1]), to: Number(m[2]) }); continue; }
            }
            if (current.kind === 'time-range' && (m = line.match(/^absolute end 23:59 (\d+) (\w+) (\d{4})$/))) {
                timeRanges.set(current.name, `${m[3]}-${String(months.indexOf(m[2]) + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`);
                continue;
            }
            throw new Error(`unexpected ASA line in ${current.kind} ${current.name}: ${raw}`);
        }
        const line = raw.trim();
        if ((m = line.match(/^object network (\S+)$/))) { current = { kind: 'object', name: m[1] }; continue; }
        if ((m = line.match(/^object-group network (\S+)$/))) { current = { kind: 'network', name: m[1] }; groups.set(m[1], []); continue; }
        if ((m = line.match(/^object-group service (\S+) (tcp|udp)$/))) { current = { kind: 'service', name: m[1] }; services.set(m[1], { protocol: m[2], ports: [] }); continue; }
        if ((m = line.match(/^time-range (\S+)$/))) { current = { kind: 'time-range', name: m[1] }; continue; }
        current = undefined;
        if (/^clear configure access-list \S+$/.test(line) || /^access-list \S+ remark /.test(line) || /^access-group \S+ in interface \S+$/.test(line)) continue;
        // Each access list ends in a deny of everything else: the permits above it are what it allows.
        if (/^access-list \S+ extended deny ip any any$/.test(line)) continue;
        // The plan's denies stand above the permits; the permits never overlap them in a plan without
        // errors, so what the list allows is still its permits (the simulators check the order).
        if (/^access-list \S+ extended deny (ip|tcp|udp) /.test(line)) continue;
        if ((m = line.match(/^access-list \S+ extended permit (ip|tcp|udp) (any|object-group \S+) (any|object-group \S+)(?: object-group (\S+))?(?: time-range (\S+))?$/))) {
            const side = (t: string) => t === 'any' ? spaceOf('any') : groups.get(t.slice('object-group '.length))!;
            const protocol = m[1] === 'ip' ? 'any' : m[1] as Box['protocol'];
            const service = m[4] ? services.get(m[4])! : undefined;
            if (service && service.protocol !== protocol) throw new Error(`service ${m[4]} is ${service.protocol}, rule is ${protocol}`);
            boxes.push(...cross(side(m[2]), side(m[3]), protocol, service?.ports ?? ALL, m[5] ? timeRanges.get(m[5])! : ''));
            continue;
        }
        throw new Error(`unexpected ASA line: ${raw}`);
    }
    return boxes;
}

/** PAN-OS set commands. A further `set … rules NAME source|destination …` adds members to the rule, as on the device. */
export function parsePanos(text: string): Box[] {
    const addresses = new Map<string, Space[]>(), services = new Map<string, { protocol: Box['protocol']; ports: { from: number; to: number }[] }>();
    const schedules = new Map<string, string>();
    const rules = new Map<string, { source: string[]; destination: string[]; service: string[]; schedule?: string }>();
    const names = (t: string) => t.startsWith('[') ? t.slice(2, -2).split(' ') : [t];
    const denied = new Set<string>();
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        let m: RegExpMatchArray | null;
        if ((m = line.match(/^set address (\S+) (ip-netmask|fqdn) (\S+)$/))) { addresses.set(m[1], spaceOf(m[3])); continue; }
        if ((m = line.match(/^set service (\S+) protocol (tcp|udp) port (\S+)$/))) { services.set(m[1], { protocol: m[2] as Box['protocol'], ports: m[3].split(',').map(portRange) }); continue; }
        if ((m = line.match(/^set schedule (\S+) schedule-type non-recurring 2000\/01\/01@00:00-(\d{4})\/(\d{2})\/(\d{2})@23:59$/))) { schedules.set(m[1], `${m[2]}-${m[3]}-${m[4]}`); continue; }
        if ((m = line.match(/^set rulebase security rules (\S+) from (\S+) to (\S+) source (\[ [^\]]+ \]|\S+) destination (\[ [^\]]+ \]|\S+) application any service (\[ [^\]]+ \]|\S+) action allow(?: schedule (\S+))? description "[^"]*"$/))) {
            rules.set(m[1], { source: names(m[4]), destination: names(m[5]), service: names(m[6]), schedule: m[7] });
            continue;
        }
        // The plan's denies, moved above every rule: the allow rules never overlap them in a plan
        // without errors, so what the rulebase allows is still its allow rules (the simulator checks the order).
        if (/^set rulebase security rules SP-d-\S+ .* action deny description "[^"]*"$/.test(line) || /^move rulebase security rules \S+ top$/.test(line)) { denied.add(line.split(' ')[4]); continue; }
        if ((m = line.match(/^set rulebase security rules (\S+) (source|destination) (\[ [^\]]+ \]|\S+)$/)) && denied.has(m[1])) continue;
        if ((m = line.match(/^set rulebase security rules (\S+) (source|destination) (\[ [^\]]+ \]|\S+)$/)) && rules.has(m[1])) { rules.get(m[1])![m[2] as 'source' | 'destination'].push(...names(m[3])); continue; }
        throw new Error(`unexpected PAN-OS line: ${line}`);
    }
    const boxes: Box[] = [];
    for (const rule of rules.values()) {
        const side = (list: string[]) => list.flatMap(n => n === 'any' ? spaceOf('any') : addresses.get(n)!);
        for (const name of rule.service) {
            const service = name === 'any' ? { protocol: 'any' as const, ports: ALL } : services.get(name)!;
            boxes.push(...cross(side(rule.source), side(rule.destination), service.protocol, service.ports, rule.schedule ? schedules.get(rule.schedule)! : ''));
        }
    }
    return boxes;
}

/**
 * What a FortiGate does with one packet from interface `from` to `to`: the first enabled policy in
 * list order that matches it decides; nothing matching, the implicit deny.
 */
export function fortigateVerdict(tables: FortiTables, from: string, to: string, source: string, destination: string, protocol: 'tcp' | 'udp', port: number): 'accept' | 'deny' {
    const [a] = spaceOf(source), [b] = spaceOf(destination);
    const inside = (s: Space, x: Space) => s.kind === x.kind && s.kind !== 'name' && x.kind !== 'name' && s.interval.from <= x.interval.from && x.interval.to <= s.interval.to;
    for (const policy of tables.get('firewall policy')?.values() ?? []) {
        // A disabled policy matches nothing.
        if (policy.get('status')?.[0] === 'disable') continue;
        const intf = (key: string, name: string) => ['any', name].includes(policy.get(key)?.[0] ?? '');
        if (!intf('srcintf', from) || !intf('dstintf', to)) continue;
        const match = policyBoxes(tables, policy).some(box => inside(box.source, a) && inside(box.destination, b)
            && (box.protocol === 'any' || box.protocol === protocol) && box.ports.from <= port && port <= box.ports.to);
        if (match) return policy.get('action')?.[0] === 'deny' ? 'deny' : 'accept';
    }
    return 'deny';
}

export type FortiTables = Map<string, Map<string, Map<string, string[]>>>;

/**
 * FortiGate CLI applied to a configuration as the device does: `config …` opens a table (keeping
 * what it holds), `edit …` opens an entry (an existing one keeps every attribute not set again),
 * `set key values` replaces one attribute, `unset key` removes it, `delete …` removes an entry.
 */
export function applyFortigate(text: string, tables: FortiTables = new Map()): FortiTables {
    let table: Map<string, Map<string, string[]>> | undefined, entry: Map<string, string[]> | undefined;
    for (const raw of text.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        let m: RegExpMatchArray | null;
        if ((m = line.match(/^config (.+)$/))) { table = tables.get(m[1]) ?? new Map(); tables.set(m[1], table); continue; }
        if ((m = line.match(/^edit "?([^"]+)"?$/))) { entry = table!.get(m[1]) ?? new Map(); table!.set(m[1], entry); continue; }
        if ((m = line.match(/^set (\S+) (.+)$/))) { entry!.set(m[1], [...m[2].matchAll(/"([^"]*)"|(\S+)/g)].map(x => x[1] ?? x[2])); continue; }
        if ((m = line.match(/^append (\S+) (.+)$/))) { entry!.set(m[1], [...entry!.get(m[1]) ?? [], ...[...m[2].matchAll(/"([^"]*)"|(\S+)/g)].map(x => x[1] ?? x[2])]); continue; }
        if ((m = line.match(/^unset (\S+)$/))) { entry!.delete(m[1]); continue; }
        if ((m = line.match(/^delete "?([^"]+)"?$/))) { table!.delete(m[1]); continue; }
        // `move A before|after B` reorders the list; FortiOS checks policies in that order.
        if ((m = line.match(/^move (\S+) (before|after) (\S+)$/))) {
            const moved = table!.get(m[1]), rest = [...table!].filter(([k]) => k !== m![1]);
            if (!moved || !table!.has(m[3])) throw new Error(`FortiOS has no policy to move: ${line}`);
            const at = rest.findIndex(([k]) => k === m![3]) + (m[2] === 'after' ? 1 : 0);
            rest.splice(at, 0, [m[1], moved]);
            table!.clear();
            for (const [k, v] of rest) table!.set(k, v);
            continue;
        }
        if (line === 'next') { entry = undefined; continue; }
        if (line === 'end') { table = undefined; continue; }
        throw new Error(`unexpected FortiGate line: ${line}`);
    }
    return tables;
}

/** What one accepting policy of a configuration allows. */
export function fortigatePolicyBoxes(tables: FortiTables, e: Map<string, string[]>): Box[] {
    // The plan's denies: the accepts never overlap them in a plan without errors, so what the
    // configuration allows is its accepts (fortigateVerdict checks the order).
    if (e.get('action')?.[0] === 'deny' || e.get('status')?.[0] === 'disable') return [];
    if (e.get('action')?.[0] !== 'accept') throw new Error('policy that does not accept');
    return policyBoxes(tables, e);
}

/** What one policy matches, whatever its action. */
function policyBoxes(tables: FortiTables, e: Map<string, string[]>): Box[] {
    const address = (name: string): Space[] => {
        const v4 = tables.get('firewall address')?.get(name), v6 = tables.get('firewall address6')?.get(name);
        if (v4?.get('type')?.[0] === 'fqdn') return spaceOf(v4.get('fqdn')![0]);
        if (v4) { const [a, mask] = v4.get('subnet')!; return spaceOf(`${a}/${maskBits(mask)}`); }
        if (v6?.get('type')?.[0] === 'fqdn') return spaceOf(v6.get('fqdn')![0]);
        if (v6) return spaceOf(v6.get('ip6')![0]);
        throw new Error(`a policy uses the missing address ${name}`);
    };
    const service = e.get('service')![0];
    const custom = tables.get('firewall service custom')?.get(service);
    if (service !== 'ALL' && !custom) throw new Error(`a policy uses the missing service ${service}`);
    const protocol: Box['protocol'] = service === 'ALL' ? 'any' : custom!.has('tcp-portrange') ? 'tcp' : 'udp';
    const ports = protocol === 'any' ? ALL : custom!.get(`${protocol}-portrange`)!.map(portRange);
    const scheduleName = e.get('schedule')![0];
    const until = scheduleName === 'always' ? '' : tables.get('firewall schedule onetime')!.get(scheduleName)!.get('end')![0].split(' ')[1].replace(/\//g, '-');
    const side = (key: string) => (e.get(key) ?? []).flatMap(n => n === 'all' ? (key.endsWith('6') ? spaceOf('::/0') : spaceOf('0.0.0.0/0')) : address(n));
    return [...cross(side('srcaddr'), side('dstaddr'), protocol, ports, until), ...cross(side('srcaddr6'), side('dstaddr6'), protocol, ports, until)];
}

/** FortiGate CLI: `config …` / `edit …` / `set key values` / `next` / `end`. */
export function parseFortigate(text: string): Box[] {
    const tables = applyFortigate(text);
    return [...tables.get('firewall policy')?.values() ?? []].flatMap(e => fortigatePolicyBoxes(tables, e));
}

export interface HclBlock { type: string; labels: string[]; attributes: Map<string, string>; blocks: Map<string, Map<string, string>> }

/** The HCL subset the Terraform targets write: blocks with labels, `key = value`, one-line lists and nested maps. */
export function parseHcl(text: string): HclBlock[] {
    const blocks: HclBlock[] = [];
    let block: HclBlock | undefined, nested: Map<string, string> | undefined;
    // A long list continues on the next lines after a comma.
    for (const raw of text.replace(/,\n\s+/g, ', ').split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        let m: RegExpMatchArray | null;
        if (!block && (m = line.match(/^(resource|variable) ((?:"[^"]*" ?)+)\{$/))) {
            block = { type: m[1], labels: [...m[2].matchAll(/"([^"]*)"/g)].map(x => x[1]), attributes: new Map(), blocks: new Map() };
            continue;
        }
        if (block && !nested && (m = line.match(/^(\w+) = \{ (\w+) = ("[^"]*") \}$/))) { block.blocks.set(m[1], new Map([[m[2], m[3]]])); continue; }
        if (block && !nested && (m = line.match(/^(\w+) = \{$/))) { nested = new Map(); block.blocks.set(m[1], nested); continue; }
        if (block && (m = line.match(/^(\w+)\s*=\s*(.+)$/))) { (nested ?? block.attributes).set(m[1], m[2]); continue; }
        if (line === '}') { if (nested) nested = undefined; else { blocks.push(block!); block = undefined; } continue; }
        throw new Error(`unexpected HCL line: ${line}`);
    }
    if (block) throw new Error('unclosed HCL block');
    return blocks;
}

function hclString(value: string | undefined): string {
    const m = value?.match(/^"([^"$%]*)"$/);
    if (!m) throw new Error(`not a plain HCL string: ${value}`);
    return m[1];
}

function hclList(value: string): string[] {
    return [...value.matchAll(/"([^"]*)"/g)].map(x => x[1]);
}

/**
 * A temporary rule's expiry as the Terraform targets write it: the date in `expiry`, and a count
 * that makes the resource only while Terraform plans before the end of that day (UTC). Returns the
 * date ('' when permanent); a count that does not match the date fails.
 */
function terraformUntil(b: HclBlock, until: string): string {
    const count = b.attributes.get('count');
    if (!until) {
        if (count !== undefined) throw new Error(`${b.labels.join('.')}: a count without an expiry`);
        return '';
    }
    const [y, m, d] = until.split('-').map(Number);
    const end = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().replace('.000Z', 'Z');
    if (count !== `timecmp(plantimestamp(), "${end}") < 0 ? 1 : 0`) throw new Error(`${b.labels.join('.')}: until ${until} but count = ${count}`);
    return until;
}

/**
 * AWS: each ingress rule allows its prefix into the addresses of its security group (inbound),
 * each egress rule the addresses of its group out to its prefix (outbound).
 */
export function parseAws(text: string): { inbound: Box[]; outbound: Box[] } {
    const blocks = parseHcl(text);
    const groups = new Map<string, Space[]>();
    for (const b of blocks.filter(b => b.labels[0] === 'aws_security_group')) {
        const addresses = hclString(b.blocks.get('tags')!.get('SegPlanAddresses'));
        groups.set(b.labels[1], addresses ? addresses.split(' ').flatMap(spaceOf) : []);
    }
    const prefixLists = new Map(blocks.filter(b => b.labels[0] === 'aws_ec2_managed_prefix_list').map(b => [b.labels[1], b.blocks.get('tags')?.get('SegPlanHostName')]));
    const read = (type: string) => blocks.filter(b => b.labels[0] === type).flatMap(b => {
        const group = groups.get(b.attributes.get('security_group_id')!.match(/^aws_security_group\.(\w+)\.id$/)![1])!;
        const protocol = hclString(b.attributes.get('ip_protocol'));
        // A prefix list SegPlan writes per host name stands for that name (its SegPlanHostName tag).
        const list = b.attributes.get('prefix_list_id')?.match(/^aws_ec2_managed_prefix_list\.(\w+)\.id$/)?.[1];
        const peer = list !== undefined ? spaceOf(hclString(prefixLists.get(list)))
            : spaceOf(hclString(b.attributes.get('cidr_ipv4') ?? b.attributes.get('cidr_ipv6')));
        const ports = protocol === '-1' ? ALL : [{ from: Number(b.attributes.get('from_port')), to: Number(b.attributes.get('to_port')) }];
        const expiry = b.blocks.get('tags')?.get('ExpiresOn');
        const until = terraformUntil(b, expiry ? hclString(expiry) : '');
        const inbound = type.includes('ingress');
        return cross(inbound ? peer : group, inbound ? group : peer, protocol === '-1' ? 'any' : protocol as Box['protocol'], ports, until);
    });
    return { inbound: read('aws_vpc_security_group_ingress_rule'), outbound: read('aws_vpc_security_group_egress_rule') };
}

/**
 * Azure: the allow rules of each direction with their prefixes, on the NSG's side cut to the
 * addresses of the zone its SegPlanZone tag names (`zoneSpaces`; `*` there is that zone); the
 * expiry is in the description. `rules` are the allow rules, `denies` the Deny rules.
 */
export function parseAzure(text: string, zoneSpaces?: (zone: string) => Space[]): { inbound: Box[]; outbound: Box[]; rules: HclBlock[]; denies: HclBlock[] } {
    const blocks = parseHcl(text);
    const zoneOf = new Map(blocks.filter(b => b.labels[0] === 'azurerm_network_security_group').map(b => [`azurerm_network_security_group.${b.labels[1]}.name`, hclString(b.blocks.get('tags')!.get('SegPlanZone'))]));
    const all = blocks.filter(b => b.labels[0] === 'azurerm_network_security_rule');
    const denies = all.filter(b => hclString(b.attributes.get('access')) === 'Deny');
    const rules = all.filter(b => !denies.includes(b));
    const inbound: Box[] = [], outbound: Box[] = [];
    for (const b of rules) {
        if (hclString(b.attributes.get('access')) !== 'Allow') throw new Error('neither an allow nor a deny rule');
        const direction = hclString(b.attributes.get('direction'));
        if (direction !== 'Inbound' && direction !== 'Outbound') throw new Error(`direction ${direction}`);
        const own = zoneSpaces?.(zoneOf.get(b.attributes.get('network_security_group_name')!)!);
        const side = (single: string, plural: string, nsgSide: boolean) => {
            const spaces = b.attributes.has(plural) ? hclList(b.attributes.get(plural)!).flatMap(spaceOf) : spaceOf(hclString(b.attributes.get(single)));
            return nsgSide && own ? intersectSpaces(spaces, own) : spaces;
        };
        const protocol = hclString(b.attributes.get('protocol'));
        const ports = b.attributes.has('destination_port_ranges') ? hclList(b.attributes.get('destination_port_ranges')!).map(portRange) : ALL;
        const until = terraformUntil(b, hclString(b.attributes.get('description')).match(/^TEMPORARY until (\d{4}-\d{2}-\d{2})/)?.[1] ?? '');
        (direction === 'Inbound' ? inbound : outbound).push(...cross(side('source_address_prefix', 'source_address_prefixes', direction === 'Outbound'),
            side('destination_address_prefix', 'destination_address_prefixes', direction === 'Inbound'),
            protocol === '*' ? 'any' : protocol.toLowerCase() as Box['protocol'], ports, until));
    }
    return { inbound, outbound, rules, denies };
}

/** RFC 4180 CSV (quoted fields, CRLF), skipping `#` comment lines. */
export function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [], field = '', quoted = false, i = 0;
    const lines = text.split('\r\n').filter(l => !l.startsWith('#')).join('\r\n');
    for (; i < lines.length; i++) {
        const c = lines[i];
        if (quoted) {
            if (c === '"' && lines[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && lines[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    return rows;
}

export function parseMarkdownTable(text: string): string[][] {
    return text.split('\n').filter(l => l.startsWith('| ')).map(l =>
        l.slice(2, -2).split(/(?<!\\) \| /).map(c => c.replace(/\\([\\|*_[\]#])/g, '$1').trim()));
}

/** Change-request rows (header first) as boxes. */
export function changeRequestBoxes(rows: string[][]): Box[] {
    const [header, ...body] = rows;
    const col = (name: string) => header.indexOf(name);
    const boxes: Box[] = [];
    for (const r of body) {
        const side = (name: string) => r[col(name)].replace(/\([^)]*\)/g, ' ').split(' ').filter(Boolean).flatMap(spaceOf);
        const protocol = r[col('Protocol')] as Box['protocol'];
        const portsText = r[col('Ports')];
        const ports = portsText === 'all' || portsText === 'all ports' ? ALL : portsText.split(', ').map(portRange);
        boxes.push(...cross(side('Source addresses'), side('Destination addresses'), protocol, ports, r[col('Temporary until')]));
    }
    return boxes;
}
