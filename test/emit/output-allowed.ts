import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import { formatIp, parseAddress, type AddressSet } from '../../language/network/addresses.js';
import { compareBoxes, type Box } from './boxes.js';
import { deployedIptables } from './iptables-deployed.js';
import { ipSet, type Family } from './oracle.js';
import { changeRequestBoxes, parseAsa, parseAws, parseAzure, parseCsv, parseFortigate, parseMarkdownTable, parsePanos, parseWindows } from './parsers.js';
import type { LoadedPlan } from './plan-fixture.js';

/**
 * What every target's output of a plan allows, read back from the text: the object, cloud, table
 * and Windows targets by a parser for their syntax (as boxes), the nftables and iptables zone and
 * host firewalls by the audit's importers, judged at probe connections. Used to compare what two
 * plans' outputs allow (`widerThan`), independently of the rule set that made them.
 */

export type ReadBack = { readonly kind: 'boxes'; readonly boxes: Box[] } | { readonly kind: 'accepted'; readonly connections: Set<string> };

export interface Probe {
    readonly family: Family;
    readonly value: bigint;
}

/** The connections a firewall output is judged at: every probe address to every other, TCP and UDP, on every probe port. */
export interface Probes {
    readonly addresses: readonly Probe[];
    readonly ports: readonly number[];
}

const BOX_READERS: Record<string, (text: string) => Box[]> = {
    'cisco-asa': parseAsa,
    panos: parsePanos,
    fortigate: parseFortigate,
    // What a cloud group lets in and out, as one set: an output that lets more in or more out is wider.
    'aws-terraform': text => Object.values(parseAws(text)).flat(),
    'azure-terraform': text => { const { inbound, outbound } = parseAzure(text); return [...inbound, ...outbound]; },
    csv: text => changeRequestBoxes(parseCsv(text)),
    markdown: text => changeRequestBoxes(parseMarkdownTable(text)),
    'windows-firewall': text => [...parseWindows(text).values()].flat()
};

const FIREWALLS: Record<string, { hook: 'forward' | 'input'; read: (text: string, options: Parameters<typeof nftablesImporter.import>[1]) => FirewallPolicy | Promise<FirewallPolicy> }> = {
    nftables: { hook: 'forward', read: (text, options) => nftablesImporter.import(text, options) },
    'nftables-host': { hook: 'input', read: (text, options) => nftablesImporter.import(text, options) },
    iptables: { hook: 'forward', read: (text, options) => iptablesSaveImporter.import(deployedIptables(text), options) },
    ip6tables: { hook: 'forward', read: (text, options) => iptablesSaveImporter.import(deployedIptables(text), options) },
    'iptables-host': { hook: 'input', read: (text, options) => iptablesSaveImporter.import(deployedIptables(text), options) },
    'ip6tables-host': { hook: 'input', read: (text, options) => iptablesSaveImporter.import(deployedIptables(text), options) }
};

/** Every target these read-backs cover: a test asserts it is every target SegPlan has. */
export const READ_BACK_TARGETS: readonly string[] = [...Object.keys(FIREWALLS), ...Object.keys(BOX_READERS)];

/** What one target's output allows; `force` as `generate --force`. */
export async function readBack(plan: LoadedPlan, target: string, probes: Probes, now: Date, force = true): Promise<ReadBack> {
    const text = plan.emit(target, force);
    const reader = BOX_READERS[target];
    if (reader) return { kind: 'boxes', boxes: reader(text) };
    const firewall = FIREWALLS[target];
    if (!firewall) throw new Error(`no read-back for target ${target}`);
    const policy = await firewall.read(text, { file: 'rules', interfaces: new Map(), hook: firewall.hook, now });
    const connections = new Set<string>();
    for (const s of probes.addresses) {
        if (!policy.families.has(s.family)) continue;
        for (const d of probes.addresses) {
            if (d.family !== s.family) continue;
            for (const protocol of ['tcp', 'udp'] as const) {
                // One box of every probe port, read port by port: the pieces that hold a port are
                // what evaluating that port alone gives, and asking once per port was most of the work.
                const pieces = evaluate(policy, boxOf(protocol, ipSet(s.family, s.value), ipSet(d.family, d.value), probes.ports.map(port => ({ from: port, to: port }))), 'new');
                // An evaluation that gave up on the larger box would count as let through on both sides of a comparison.
                const gaveUp = pieces.find(p => p.verdict === 'unknown' && /too many times to evaluate every path/.test(p.why ?? ''));
                if (gaveUp) throw new Error(`${target}: the evaluation gave up: ${gaveUp.why}`);
                for (const port of probes.ports) {
                    const holding = pieces.filter(p => p.box.destinationPorts.some(r => r.from <= port && port <= r.to));
                    // What cannot be judged counts as let through: a comparison must never pass by not knowing.
                    if (holding.some(p => p.verdict === 'accept' || p.verdict === 'unknown')) {
                        connections.add(`${formatIp(s.family, s.value)} -> ${formatIp(d.family, d.value)} ${protocol}/${port}`);
                    }
                }
            }
        }
    }
    return { kind: 'accepted', connections };
}

/** What `output` allows that `reference` does not (empty when it allows no more), at most `limit` items. */
export function widerThan(output: ReadBack, reference: ReadBack, limit = 10): string[] {
    if (output.kind === 'boxes' && reference.kind === 'boxes') return compareBoxes(reference.boxes, output.boxes, limit).extra;
    if (output.kind === 'accepted' && reference.kind === 'accepted') return [...output.connections].filter(c => !reference.connections.has(c)).slice(0, limit);
    throw new Error('read-backs of different kinds');
}

/**
 * Probes for comparing plans: each component's, zone's and rule endpoint's first, middle and last
 * address in every plan given, an address outside every zone of each family (what an `any`
 * lets through), and every port a rule or required flow names, with its neighbours.
 */
export function probesOf(plans: readonly LoadedPlan[]): Probes {
    const addresses = new Map<string, Probe>();
    const add = (set: AddressSet) => {
        for (const [family, key] of [['ipv4', 'v4'], ['ipv6', 'v6']] as const) {
            for (const r of set[key]) for (const value of [r.from, r.to, (r.from + r.to) / 2n]) addresses.set(`${family}${value}`, { family, value });
        }
    };
    for (const outside of ['192.0.2.77', '2001:db8::77']) {
        const parsed = parseAddress(outside);
        if ('block' in parsed && parsed.block.kind !== 'host') addresses.set(outside, { family: parsed.block.kind, value: parsed.block.interval.from });
    }
    const ports = new Set<number>([1, 9, 65535]);
    const addPorts = (set: readonly { from: number; to: number }[]) => {
        for (const p of set) for (const n of [p.from - 1, p.from, p.to, p.to + 1]) if (n >= 1 && n <= 65535) ports.add(n);
    };
    for (const plan of plans) {
        const model = plan.analysis.plan;
        for (const i of model.facts.instances.values()) add(i.addresses);
        for (const z of model.facts.zones.values()) if (!z.internet) add(z.networks);
        for (const r of model.policy.rules) {
            add(r.sourceAddresses);
            add(r.destinationAddresses);
            addPorts(r.ports);
        }
        for (const f of plan.analysis.groupFlows) addPorts(f.flow.ports);
    }
    return { addresses: [...addresses.values()], ports: [...ports].sort((a, b) => a - b) };
}
