import { configWords } from './config-words.js';
import { ConfigError } from './importer.js';
import { deviceGroupOf, emptyPanDevice, newPanRule, ruleChildNotModeled, ruleTargets, vsysOf, type PanConfig, type PanDevice, type PanRule } from './panos-config.js';

/**
 * PAN-OS configuration as `set` commands (`set cli config-output-format set` then `show`, or what
 * an administrator pastes in configure mode): one attribute per line or several on one line,
 * lists in `[ … ]`, `delete` and `move` of rules. `set vsys <name> …` is that virtual system's,
 * `set shared …` every vsys's; device settings, NAT and other rulebases are not the audit's.
 */

/** One value or a `[ … ]` list, from position `at`; returns the values and the position after them. */
function valueAt(words: readonly string[], at: number, line: number, file: string): { values: string[]; next: number } {
    if (words[at] === '[') {
        const end = words.indexOf(']', at);
        if (end < 0) throw new ConfigError(`${file} line ${line}: a list '[' is not closed with ']'`, line);
        return { values: words.slice(at + 1, end), next: end + 1 };
    }
    if (words[at] === undefined) throw new ConfigError(`${file} line ${line}: '${words[at - 1]}' has no value`, line);
    return { values: [words[at]], next: at + 1 };
}

/** Rule settings with nested words (`profile-setting group default`): the rest of the line is theirs. */
const NESTED = new Set(['profile-setting', 'option', 'qos', 'target']);

function readRuleAttributes(rule: PanRule, words: readonly string[], at: number, line: number, file: string): void {
    let i = at;
    while (i < words.length) {
        const key = words[i];
        if (NESTED.has(key)) {
            // `target devices <serial>` or `target tags [ … ]`: pushed to some firewalls only; `target negate` alone changes nothing.
            if (key === 'target' && (words[i + 1] === 'devices' || words[i + 1] === 'tags')) ruleTargets(rule, words.slice(i + 1).join(' '));
            return;
        }
        const { values, next } = valueAt(words, i + 1, line, file);
        i = next;
        switch (key) {
            case 'from': rule.from.push(...values); break;
            case 'to': rule.to.push(...values); break;
            case 'source': rule.source.push(...values); break;
            case 'destination': rule.destination.push(...values); break;
            case 'service': rule.service.push(...values); break;
            case 'application': rule.application.push(...values); break;
            case 'source-user': rule.sourceUser.push(...values); break;
            case 'category': rule.category.push(...values); break;
            case 'action': rule.action = values[0]; break;
            case 'disabled': rule.disabled = values[0] === 'yes'; break;
            case 'negate-source': rule.negateSource = values[0] === 'yes'; break;
            case 'negate-destination': rule.negateDestination = values[0] === 'yes'; break;
            case 'schedule': rule.schedule = values[0]; break;
            case 'rule-type': rule.ruleType = values[0]; break;
            default: ruleChildNotModeled(rule, key, values);
        }
    }
}

/** The lists of a rule, by the attribute that names them. */
const RULE_LISTS = { from: 'from', to: 'to', source: 'source', destination: 'destination', service: 'service', application: 'application', 'source-user': 'sourceUser', category: 'category' } as const;

/** `delete rulebase security rules R <key> [members]`: those members of a list, or the whole setting. */
function deleteRuleAttribute(rule: PanRule, key: string, members: readonly string[] | undefined): void {
    if (key in RULE_LISTS) {
        const list = rule[RULE_LISTS[key as keyof typeof RULE_LISTS]];
        const kept = members ? list.filter(m => !members.includes(m)) : [];
        list.splice(0, list.length, ...kept);
        return;
    }
    switch (key) {
        case 'action': rule.action = undefined; break;
        case 'disabled': rule.disabled = false; break;
        case 'negate-source': rule.negateSource = false; break;
        case 'negate-destination': rule.negateDestination = false; break;
        case 'schedule': rule.schedule = undefined; break;
        case 'rule-type': rule.ruleType = undefined; break;
        default: {
            // A condition the audit does not evaluate, deleted: it no longer narrows the rule.
            const kept = rule.notEvaluated.filter(c => !c.startsWith(`${key} `));
            rule.notEvaluated.splice(0, rule.notEvaluated.length, ...kept);
        }
    }
}

/**
 * Where a command's object path starts, after `set` and its scope: `vsys <name>` (that virtual
 * system), `shared` or Panorama's `device-group <name>` (seen by every vsys), or none (a firewall
 * without virtual systems: vsys1).
 */
function scoped(words: string[]): { scope: string | undefined; path: string[] } {
    if (words[1] === 'vsys' && words[2]) return { scope: words[2], path: words.slice(3) };
    if (words[1] === 'shared') return { scope: undefined, path: words.slice(2) };
    if (words[1] === 'device-group' && words[2]) return { scope: undefined, path: words.slice(3) };
    return { scope: 'vsys1', path: words.slice(1) };
}

/** The rules of one rulebase in order, by name. */
interface Rulebase { readonly order: string[]; readonly byName: Map<string, PanRule> }
const newRulebase = (): Rulebase => ({ order: [], byName: new Map() });

export function readSetCommands(text: string, file: string): PanDevice {
    const device = emptyPanDevice();
    // Panorama's pre-rules come before each vsys's own, its post-rules after them (PAN-OS order).
    const panorama = { pre: newRulebase(), post: newRulebase() };
    const local = new Map<string, Rulebase>();
    const localOf = (vsys: string) => local.get(vsys) ?? (local.set(vsys, newRulebase()), local.get(vsys)!);
    // Each device group's pre- and post-rules, apart: a firewall gets those of its own group and its ancestors only.
    const groups = new Map<string, { pre: Rulebase; post: Rulebase }>();
    const groupRulebases = (name: string) => groups.get(name) ?? (groups.set(name, { pre: newRulebase(), post: newRulebase() }), groups.get(name)!);
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        const words = configWords(trimmed, line, file, true);
        const verb = words[0];
        if (verb !== 'set' && verb !== 'delete' && verb !== 'move') {
            device.unevaluated.push({ line, text: trimmed, why: `'${verb}' is not a configuration command (set, delete, move)` });
            return;
        }
        // Which device group inherits from which (`set device-group G parent-dg P`, or Panorama's `readonly` section).
        const parentAt = words[1] === 'readonly' ? words.indexOf('device-group') : words[1] === 'device-group' && words[3] === 'parent-dg' ? 1 : -1;
        if (parentAt > 0) {
            if (words[parentAt + 2] === 'parent-dg' && words[parentAt + 3]) deviceGroupOf(device, words[parentAt + 1], line).parent = words[parentAt + 3];
            return;
        }
        if (words[1] === 'readonly') return;
        let { scope, path } = scoped(words);
        // `set policy panorama pre-rulebase …` (pushed to a firewall) and `set device-group G pre-rulebase …` (Panorama).
        if (path[0] === 'policy' && path[1] === 'panorama') { path = path.slice(2); scope = undefined; }
        const part = path[0] === 'pre-rulebase' ? 'pre' : path[0] === 'post-rulebase' ? 'post' : 'local';
        if (part !== 'local') { path = ['rulebase', ...path.slice(1)]; scope = undefined; }
        const group = words[1] === 'device-group' && words[2] ? words[2] : undefined;
        const config = group ? deviceGroupOf(device, group, line).objects : scope === undefined ? device.shared : vsysOf(device, scope);
        const rulebase = part === 'local' ? localOf(scope ?? 'vsys1') : group ? groupRulebases(group)[part] : panorama[part];
        const [kind, name] = path;
        if (kind === 'rulebase' && path[1] === 'default-security-rules' && path[2] === 'rules' && (path[3] === 'intrazone-default' || path[3] === 'interzone-default')) {
            const action = path.indexOf('action');
            if (verb === 'set' && action > 0 && path[action + 1]) config.defaults.set(path[3], { action: path[action + 1], line });
            else if (verb === 'delete') config.defaults.delete(path[3]);
            return;
        }
        const order = rulebase.order;
        if (verb === 'move') {
            // `move rulebase security rules R top|bottom|before X|after X`
            if (kind !== 'rulebase' || path[1] !== 'security' || path[2] !== 'rules' || !path[3]) return;
            const moved = path[3], where = path[4], other = path[5];
            const from = order.indexOf(moved);
            if (from < 0) throw new ConfigError(`${file} line ${line}: move of rule ${moved}, which no line above defines`, line);
            order.splice(from, 1);
            const target = other ? order.indexOf(other) : -1;
            if ((where === 'before' || where === 'after') && target < 0) throw new ConfigError(`${file} line ${line}: move ${where} rule ${other ?? '?'}, which no line above defines`, line);
            const at = where === 'top' ? 0 : where === 'bottom' ? order.length : where === 'before' ? target : where === 'after' ? target + 1 : -1;
            if (at < 0) throw new ConfigError(`${file} line ${line}: 'move … ${where ?? ''}': top, bottom, before or after`, line);
            order.splice(at, 0, moved);
            return;
        }
        if (kind === 'rulebase') {
            if (path[1] !== 'security') return; // nat, decryption, …: not the security policy
            if (path[2] !== 'rules' || !path[3]) return;
            const ruleName = path[3];
            if (verb === 'delete' && path.length > 4) {
                // `delete … rules R source X` removes a member, `delete … rules R disabled` a setting: the rule stays.
                const rule = rulebase.byName.get(ruleName);
                if (rule) deleteRuleAttribute(rule, path[4], path.length > 5 ? valueAt(path, 5, line, file).values : undefined);
                return;
            }
            if (verb === 'delete') {
                rulebase.byName.delete(ruleName);
                const at = order.indexOf(ruleName);
                if (at >= 0) order.splice(at, 1);
                return;
            }
            let rule = rulebase.byName.get(ruleName);
            if (!rule) {
                // A vsys sees Panorama's rules beside its own: PAN-OS names each rule once among them.
                const others = group ? [groupRulebases(group).pre, groupRulebases(group).post].filter(r => r !== rulebase)
                    : part === 'local' ? [panorama.pre, panorama.post] : [panorama.pre, panorama.post, ...local.values()].filter(r => r !== rulebase);
                if (others.some(r => r.byName.has(ruleName))) throw new ConfigError(`${file} line ${line}: rule ${ruleName} is in Panorama's and the firewall's rulebase (PAN-OS names each rule once)`, line);
                rulebase.byName.set(ruleName, rule = newPanRule(ruleName, line, trimmed.length > 240 ? `${trimmed.slice(0, 240)}…` : trimmed));
                order.push(ruleName);
            }
            readRuleAttributes(rule, path, 4, line, file);
            return;
        }
        if (!name) return;
        const maps = { address: config.addresses, 'address-group': config.addressGroups, service: config.services, 'service-group': config.serviceGroups, schedule: config.schedules, zone: config.zones } as const;
        if (verb === 'delete') {
            if (kind in maps) maps[kind as keyof typeof maps].delete(name);
            return;
        }
        readObject(config, kind, name, path.slice(2), line, file);
    });
    device.pre.push(...panorama.pre.order.map(n => panorama.pre.byName.get(n)!));
    device.post.push(...panorama.post.order.map(n => panorama.post.byName.get(n)!));
    for (const [vsys, rulebase] of local) vsysOf(device, vsys).rules.push(...rulebase.order.map(n => rulebase.byName.get(n)!));
    for (const [name, { pre, post }] of groups) {
        const group = deviceGroupOf(device, name, 0);
        group.pre.push(...pre.order.map(n => pre.byName.get(n)!));
        group.post.push(...post.order.map(n => post.byName.get(n)!));
    }
    return device;
}

/** An object's attributes (`address A ip-netmask 10.0.0.0/8`, `service S protocol tcp port 443`, …). */
function readObject(config: PanConfig, kind: string, name: string, rest: string[], line: number, file: string): void {
    switch (kind) {
        case 'zone': config.zones.set(name, { line }); break;
        case 'address': {
            const [type] = rest;
            // `set address A` alone creates the object in configure mode; a later line gives its value.
            if (type === undefined || type === 'description' || type === 'tag') break;
            const { values } = valueAt(rest, 1, line, file);
            config.addresses.set(name, { line, kind: type ?? '', value: values[0] });
            break;
        }
        case 'address-group': {
            if (rest[0] === 'static') config.addressGroups.set(name, { line, members: [...config.addressGroups.get(name)?.members ?? [], ...valueAt(rest, 1, line, file).values] });
            else if (rest[0] === 'dynamic') config.addressGroups.set(name, { line });
            break;
        }
        case 'service': {
            // `protocol tcp port 443`, `protocol tcp source-port 1024-65535`, possibly on separate lines
            if (rest[0] !== 'protocol' || !rest[1]) break;
            const known = config.services.get(name);
            const service = { line: known?.line ?? line, protocol: rest[1], port: known?.port, sourcePort: known?.sourcePort };
            for (let i = 2; i < rest.length; i += 2) {
                if ((rest[i] === 'port' || rest[i] === 'source-port') && !rest[i + 1]) throw new ConfigError(`${file} line ${line}: service ${name}: '${rest[i]}' has no value`, line);
                if (rest[i] === 'port') service.port = rest[i + 1];
                else if (rest[i] === 'source-port') service.sourcePort = rest[i + 1];
                else if (rest[i] === 'override') break;
            }
            config.services.set(name, service);
            break;
        }
        case 'service-group':
            if (rest[0] === 'members') config.serviceGroups.set(name, { line, members: [...config.serviceGroups.get(name)?.members ?? [], ...valueAt(rest, 1, line, file).values] });
            break;
        case 'schedule':
            if (rest[0] === 'schedule-type' && rest[1] === 'non-recurring') config.schedules.set(name, { line, nonRecurring: valueAt(rest, 2, line, file).values });
            else if (rest[0] === 'schedule-type' && rest[1] === 'recurring') config.schedules.set(name, { line });
            break;
    }
}
