import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigError } from './importer.js';
import { LineIndex } from './line-index.js';
import { deviceGroupOf, emptyPanDevice, newPanRule, ruleChildNotModeled, ruleTargets, vsysOf, type PanConfig, type PanDevice, type PanRule } from './panos-config.js';

/**
 * The PAN-OS XML export (`show config running`, Device > Setup > Operations > Export), read with
 * fast-xml-parser: `<shared>` objects, Panorama's pre- and post-rulebases (shared and of each device
 * group), and each vsys's own zones, addresses, groups, services, service groups, schedules,
 * security rules in order and default-rule overrides.
 */

type Xml = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false,
    isArray: (name) => name === 'entry' || name === 'member'
});

const entries = (node: Xml): Xml[] => (Array.isArray(node?.entry) ? node.entry : []);
const members = (node: Xml): string[] => (Array.isArray(node?.member) ? node.member.map((m: Xml) => String(typeof m === 'object' ? m['#text'] ?? '' : m)) : []);
const text = (node: Xml): string | undefined => (node === undefined || node === null ? undefined : typeof node === 'object' ? node['#text'] : String(node));

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function readXmlExport(source: string, file: string): PanDevice {
    const valid = XMLValidator.validate(source);
    if (valid !== true) throw new ConfigError(`${file} line ${valid.err.line}: not well-formed XML (${valid.err.msg})`, valid.err.line);
    const root = parser.parse(source)?.config;
    if (!root) throw new ConfigError(`${file}: no <config> element: is it a PAN-OS configuration export?`, 1);
    const device = emptyPanDevice();
    const lines = new LineIndex(source);
    const lineAt = (offset: number) => lines.lineOf(offset);
    /** The line of `<entry name="…">` at or after `from` (the parser keeps no positions; names are unique per kind). */
    const entryLineOffset = (name: string, from: number): number => {
        const pattern = new RegExp(`<entry\\s+name\\s*=\\s*["']${escapeRegExp(name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'))}["']`, 'g');
        pattern.lastIndex = from;
        return pattern.exec(source)?.index ?? -1;
    };
    const entryLineFrom = (name: string, from: number): number => {
        const at = entryLineOffset(name, from);
        return at >= 0 ? lineAt(at) : 0;
    };
    const rulesAt = Math.max(0, source.indexOf('<rulebase>'));
    /** An entry's name; an entry without one is a ConfigError at the first nameless `<entry>` tag. */
    const nameOf = (e: Xml, under: string): string => {
        const name = typeof e === 'object' && e !== null ? e['@_name'] : undefined;
        if (typeof name === 'string' && name !== '') return name;
        const found = /<entry(?![^>]*\bname\s*=\s*["'][^"']+["'])[\s/>]/.exec(source);
        const line = found ? lineAt(found.index) : 0;
        throw new ConfigError(`${file}${line ? ` line ${line}` : ''}: an <entry> under <${under}> has no name attribute`, line || undefined);
    };
    /** A rule's list (`<from><member>…</member></from>`); text without `<member>` would silently mean any. */
    const listOf = (e: Xml, key: string, rule: string, line: number): string[] => {
        const node = e[key];
        const values = members(node);
        if (node !== undefined && values.length === 0 && !(typeof node === 'object' && node !== null && Object.keys(node).every(k => k.startsWith('@_')))) {
            throw new ConfigError(`${file} line ${line}: rule ${rule}: <${key}> holds no <member> elements`, line);
        }
        return values;
    };
    const readObjects = (scope: Xml, config: PanConfig, from = 0) => {
        const entryLine = (name: string) => entryLineFrom(name, from);
        for (const e of entries(scope?.zone)) config.zones.set(nameOf(e, 'zone'), { line: entryLine(nameOf(e, 'zone')) });
        for (const e of entries(scope?.address)) {
            const kind = ['ip-netmask', 'ip-range', 'fqdn', 'ip-wildcard'].find(k => e[k] !== undefined) ?? 'unknown';
            config.addresses.set(nameOf(e, 'address'), { line: entryLine(nameOf(e, 'address')), kind, value: text(e[kind]) ?? '' });
        }
        for (const e of entries(scope?.['address-group'])) {
            config.addressGroups.set(nameOf(e, 'address-group'), { line: entryLine(nameOf(e, 'address-group')), members: e.static !== undefined ? members(e.static) : undefined });
        }
        for (const e of entries(scope?.service)) {
            const protocol = e.protocol ?? {};
            const name = Object.keys(protocol).find(k => !k.startsWith('@_')) ?? '';
            config.services.set(nameOf(e, 'service'), { line: entryLine(nameOf(e, 'service')), protocol: name, port: text(protocol[name]?.port), sourcePort: text(protocol[name]?.['source-port']) });
        }
        for (const e of entries(scope?.['service-group'])) config.serviceGroups.set(nameOf(e, 'service-group'), { line: entryLine(nameOf(e, 'service-group')), members: members(e.members) });
        for (const e of entries(scope?.schedule)) {
            const type = e['schedule-type'] ?? {};
            config.schedules.set(nameOf(e, 'schedule'), { line: entryLine(nameOf(e, 'schedule')), nonRecurring: type['non-recurring'] !== undefined ? members(type['non-recurring']) : undefined });
        }
    };
    const readRules = (rulebase: Xml, from = rulesAt): PanRule[] => entries(rulebase?.security?.rules).map(e => {
        const name = nameOf(e, 'rules');
        const line = entryLineFrom(name, from);
        const rule = newPanRule(name, line, `security rule ${name}`);
        rule.from.push(...listOf(e, 'from', name, line));
        rule.to.push(...listOf(e, 'to', name, line));
        rule.source.push(...listOf(e, 'source', name, line));
        rule.destination.push(...listOf(e, 'destination', name, line));
        rule.service.push(...listOf(e, 'service', name, line));
        rule.application.push(...listOf(e, 'application', name, line));
        rule.sourceUser.push(...members(e['source-user']));
        rule.category.push(...members(e.category));
        rule.action = text(e.action);
        rule.disabled = text(e.disabled) === 'yes';
        rule.negateSource = text(e['negate-source']) === 'yes';
        rule.negateDestination = text(e['negate-destination']) === 'yes';
        rule.schedule = text(e.schedule);
        rule.ruleType = text(e['rule-type']);
        // Every other child is on PANOS_RULE_WORDS or makes the rule uncertain; attributes (`@_name`, `@_uuid`) are not conditions.
        for (const key of Object.keys(e).filter(k => !k.startsWith('@_') && k !== '#text')) ruleChildNotModeled(rule, key, members(e[key]));
        const targets = [...entries(e.target?.devices).map((d: Xml) => `devices ${String(d['@_name'] ?? '?')}`), ...members(e.target?.tags).map(t => `tags ${t}`)];
        if (targets.length) ruleTargets(rule, targets.join(', '));
        return rule;
    });
    const readDefaults = (rulebase: Xml, config: PanConfig, from = 0) => {
        for (const e of entries(rulebase?.['default-security-rules']?.rules)) {
            const name = nameOf(e, 'rules'), action = text(e.action);
            if ((name === 'intrazone-default' || name === 'interzone-default') && action) config.defaults.set(name, { action, line: entryLineFrom(name, from) });
        }
    };
    // PAN-OS order: Panorama's pre-rules (shared, then the device group's), each vsys's own, Panorama's post-rules.
    const preAt = Math.max(0, source.indexOf('<pre-rulebase>')), postAt = Math.max(0, source.indexOf('<post-rulebase>'));
    readObjects(root.shared, device.shared);
    device.pre.push(...readRules(root.shared?.['pre-rulebase'], preAt));
    device.post.push(...readRules(root.shared?.['post-rulebase'], postAt));
    const devices = entries(root.devices);
    const vsysAt = Math.max(0, source.indexOf('<vsys>'));
    for (const entry of devices) {
        for (const group of entries(entry['device-group'])) {
            const name = nameOf(group, 'device-group');
            const at = Math.max(0, entryLineOffset(name, 0));
            const into = deviceGroupOf(device, name, lineAt(at));
            readObjects(group, into.objects, at);
            into.pre.push(...readRules(group['pre-rulebase'], Math.max(at, source.indexOf('<pre-rulebase>', at))));
            into.post.push(...readRules(group['post-rulebase'], Math.max(at, source.indexOf('<post-rulebase>', at))));
            readDefaults(group['post-rulebase'], into.objects, at);
            const parent = text(group['parent-dg']);
            if (parent) into.parent = parent;
        }
        for (const vsys of entries(entry.vsys)) {
            const name = nameOf(vsys, 'vsys');
            // Names repeat across virtual systems: each vsys's lines are looked for from its own entry on.
            const at = Math.max(0, entryLineOffset(name, vsysAt));
            const config = vsysOf(device, name);
            readObjects(vsys, config, at);
            config.rules.push(...readRules(vsys.rulebase, Math.max(at, source.indexOf('<rulebase>', at))));
            readDefaults(vsys.rulebase, config, at);
        }
    }
    readDefaults(root.shared?.['post-rulebase'], device.shared, postAt);
    // Panorama keeps which device group inherits from which under <readonly>.
    for (const entry of entries(root.readonly?.devices)) {
        for (const group of entries(entry['device-group'])) {
            const parent = text(group['parent-dg']);
            if (parent) deviceGroupOf(device, nameOf(group, 'device-group'), 0).parent = parent;
        }
    }
    if (devices.length === 0 && !root.shared) throw new ConfigError(`${file}: no <devices> or <shared> section: is it a PAN-OS configuration export?`, 1);
    return device;
}
