/**
 * A PAN-OS configuration as the audit reads it, whichever form it came in (the XML export or `set`
 * commands): objects by name and the security rules in order. panos.ts evaluates it.
 */

export interface PanLocated {
    /** 1-based line in the file. */
    readonly line: number;
}

export interface PanAddress extends PanLocated {
    readonly kind: 'ip-netmask' | 'ip-range' | 'fqdn' | 'ip-wildcard' | string;
    readonly value: string;
}

export interface PanAddressGroup extends PanLocated {
    /** Static members; undefined for a dynamic group (a tag filter). */
    readonly members?: readonly string[];
}

export interface PanService extends PanLocated {
    readonly protocol: string;
    readonly port?: string;
    readonly sourcePort?: string;
}

export interface PanServiceGroup extends PanLocated {
    readonly members: readonly string[];
}

export interface PanSchedule extends PanLocated {
    /** `2026/01/01@00:00-2026/12/31@23:59` ranges; undefined for a recurring schedule. */
    readonly nonRecurring?: readonly string[];
}

export interface PanRule extends PanLocated {
    readonly name: string;
    /** What the location shows: the rule's line (set) or its name (XML). */
    readonly text: string;
    from: string[];
    to: string[];
    source: string[];
    destination: string[];
    service: string[];
    application: string[];
    sourceUser: string[];
    category: string[];
    action?: string;
    disabled: boolean;
    negateSource: boolean;
    negateDestination: boolean;
    schedule?: string;
    ruleType?: string;
    /** Conditions the audit does not evaluate (source-hip, …), with their values. */
    readonly notEvaluated: string[];
}

export interface PanConfig {
    readonly zones: Map<string, PanLocated>;
    readonly addresses: Map<string, PanAddress>;
    readonly addressGroups: Map<string, PanAddressGroup>;
    readonly services: Map<string, PanService>;
    readonly serviceGroups: Map<string, PanServiceGroup>;
    readonly schedules: Map<string, PanSchedule>;
    /** In evaluation order: Panorama's pre-rules, the firewall's own, Panorama's post-rules. */
    readonly rules: PanRule[];
    /** The action of a default security rule the configuration overrides (`intrazone-default` → `deny`). */
    readonly defaults: Map<'intrazone-default' | 'interzone-default', { action: string; line: number }>;
    readonly unevaluated: { line: number; text: string; why: string }[];
}

/**
 * A whole PAN-OS configuration: what every virtual system sees (`shared` objects, Panorama's
 * pre- and post-rules and its default-rule overrides) and each vsys's own zones, objects, security
 * rules and default-rule overrides, by the vsys's name. A firewall without virtual systems has one,
 * `vsys1`.
 */
export interface PanDevice {
    readonly shared: PanConfig;
    readonly pre: PanRule[];
    readonly post: PanRule[];
    readonly vsys: Map<string, PanConfig>;
    /** Panorama's device groups: each pushes its objects and rules to its own firewalls. */
    readonly deviceGroups: Map<string, PanDeviceGroup>;
    readonly unevaluated: { line: number; text: string; why: string }[];
}

/** A Panorama device group: its objects, pre- and post-rules, and the group it inherits from. */
export interface PanDeviceGroup {
    readonly objects: PanConfig;
    readonly pre: PanRule[];
    readonly post: PanRule[];
    parent?: string;
    readonly line: number;
}

export function emptyPanConfig(): PanConfig {
    return {
        zones: new Map(), addresses: new Map(), addressGroups: new Map(), services: new Map(), serviceGroups: new Map(),
        schedules: new Map(), rules: [], unevaluated: [], defaults: new Map()
    };
}

export function emptyPanDevice(): PanDevice {
    return { shared: emptyPanConfig(), pre: [], post: [], vsys: new Map(), deviceGroups: new Map(), unevaluated: [] };
}

/** A device group of the device, created on first use. */
export function deviceGroupOf(device: PanDevice, name: string, line: number): PanDeviceGroup {
    let group = device.deviceGroups.get(name);
    if (!group) device.deviceGroups.set(name, group = { objects: emptyPanConfig(), pre: [], post: [], line });
    return group;
}

/**
 * What a firewall of device group `name` receives, as one device without device groups: shared
 * objects, then each ancestor's (the group's own last, hiding an ancestor's of the same name);
 * pre-rules shared first, then from the top ancestor down to the group; post-rules the group's
 * first, then up its ancestors, shared last (Panorama's documented rule order).
 */
export function pushedTo(device: PanDevice, name: string): PanDevice {
    const chain: PanDeviceGroup[] = [];
    for (let at: string | undefined = name; at !== undefined && !chain.includes(device.deviceGroups.get(at)!);) {
        const group = device.deviceGroups.get(at);
        if (!group) break;
        chain.unshift(group);
        at = group.parent;
    }
    const shared = emptyPanConfig();
    for (const config of [device.shared, ...chain.map(g => g.objects)]) {
        for (const key of ['zones', 'addresses', 'addressGroups', 'services', 'serviceGroups', 'schedules'] as const) {
            for (const [k, v] of config[key] as Map<string, unknown>) (shared[key] as Map<string, unknown>).set(k, v);
        }
        for (const [k, v] of config.defaults) shared.defaults.set(k, v);
    }
    return {
        shared, vsys: device.vsys, deviceGroups: new Map(), unevaluated: device.unevaluated,
        pre: [...device.pre, ...chain.flatMap(g => g.pre)],
        post: [...[...chain].reverse().flatMap(g => g.post), ...device.post]
    };
}

/** A vsys's part of the device, created on first use. */
export function vsysOf(device: PanDevice, name: string): PanConfig {
    let config = device.vsys.get(name);
    if (!config) device.vsys.set(name, config = emptyPanConfig());
    return config;
}

/**
 * What one virtual system enforces: its objects over the shared ones (a vsys object hides a shared
 * one of the same name), Panorama's pre-rules, its own rules, Panorama's post-rules, and the default
 * rules as Panorama or the vsys overrides them (Panorama's override is pushed over the firewall's).
 */
export function vsysConfig(device: PanDevice, name: string): PanConfig {
    const own = device.vsys.get(name) ?? emptyPanConfig();
    const merged = <T>(shared: Map<string, T>, local: Map<string, T>) => new Map([...shared, ...local]);
    return {
        zones: merged(device.shared.zones, own.zones), addresses: merged(device.shared.addresses, own.addresses),
        addressGroups: merged(device.shared.addressGroups, own.addressGroups), services: merged(device.shared.services, own.services),
        serviceGroups: merged(device.shared.serviceGroups, own.serviceGroups), schedules: merged(device.shared.schedules, own.schedules),
        rules: [...device.pre, ...own.rules, ...device.post],
        defaults: new Map([...own.defaults, ...device.shared.defaults]),
        unevaluated: []
    };
}

/**
 * Every child of a security rule the audit reads, on one list for the XML and `set` readers:
 * modeled (its meaning is in the verdict), no effect on what passes (descriptions, logging,
 * security profiles, QoS), or a condition the audit does not evaluate (the rule may or may not
 * match). A child on no list makes the rule uncertain at its line: never skipped.
 */
export const PANOS_RULE_WORDS = {
    modeled: [
        'from', 'to', 'source', 'destination', 'service', 'application', 'source-user', 'category', 'action', 'disabled',
        'negate-source', 'negate-destination', 'schedule', 'rule-type', 'target'
    ],
    noEffect: [
        'description', 'tag', 'group-tag', 'log-start', 'log-end', 'log-setting', 'uuid', 'icmp-unreachable', 'disable-server-response-inspection',
        'option', 'profile-setting', 'qos', 'audit-comment'
    ],
    notEvaluated: ['source-hip', 'destination-hip', 'source-imei', 'source-imsi', 'source-nw-slice', 'hip-profiles', 'source-device', 'destination-device']
} as const;
const RULE_NO_EFFECT = new Set<string>(PANOS_RULE_WORDS.noEffect), RULE_NOT_EVALUATED = new Set<string>(PANOS_RULE_WORDS.notEvaluated);
const RULE_MODELED = new Set<string>(PANOS_RULE_WORDS.modeled);

/**
 * A rule child the reader does not model itself: nothing for one that changes nothing (or a
 * condition given as `any`), else what the rule's verdict must carry as a condition it cannot evaluate.
 */
export function ruleChildNotModeled(rule: PanRule, key: string, values: readonly string[]): void {
    if (RULE_MODELED.has(key) || RULE_NO_EFFECT.has(key)) return;
    if (RULE_NOT_EVALUATED.has(key) && values.every(v => v === 'any')) return;
    rule.notEvaluated.push(RULE_NOT_EVALUATED.has(key) ? `${key} ${values.join(' ')}` : `${key}${values.length ? ` ${values.join(' ')}` : ''} (not a rule setting the audit knows)`);
}

/**
 * Panorama's `target`: a rule with devices or tags there is pushed only to those firewalls of the
 * device group (or, negated, to all but them). Which firewall the file is audited for is not in it.
 */
export function ruleTargets(rule: PanRule, what: string): void {
    rule.notEvaluated.push(`target ${what} (the rule is pushed only to some firewalls of its device group, and which one is audited is not in the file)`);
}

export function newPanRule(name: string, line: number, text: string): PanRule {
    return {
        name, line, text, from: [], to: [], source: [], destination: [], service: [], application: [], sourceUser: [], category: [],
        disabled: false, negateSource: false, negateDestination: false, notEvaluated: []
    };
}
