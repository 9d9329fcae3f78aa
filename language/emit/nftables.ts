import { AddressSet, toCidrs } from '../network/addresses.js';
import { formatPortRange } from '../network/ports.js';
import { cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, expiryInstant, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type ConcreteEndpoint, type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import type { HostRules, RuleSet, RuleSetEndpoint, RuleSetRule } from './rule-set.js';
import { compareText } from '../utils/compare-text.js';
import { piecesOf } from './line-bounds.js';
import { nftHostNameSet } from './host-name-sets.js';

/**
 * nftables: one `inet` table with a named set per zone or component and address family and per
 * list of ports, and a base chain with policy drop. The zone variant filters `forward` on a router
 * between zones; the host variant filters `input` on each Linux host, every rule matching that
 * host's own addresses so one file serves all of them.
 */

// Inside nft's double-quoted strings and `#` comments: no `"`, `\`, newline or non-ASCII; a `$`
// only where no variable can start (`ADMIN$ share`): nft reads a quoted comment as it is.
const CLEAN: CleanOptions = { extra: /[';?$]/, max: COMMENT_TEXT_MAX };

/**
 * nft reads lines of any length, but a file people read and diff keeps its lines short: a set's
 * elements and a rule's port list run over several lines (nft takes a newline after any comma
 * inside braces) of at most LIST_WIDTH characters each.
 */
const MAX_LINE_LENGTH = 4096;
const LIST_WIDTH = 1500;

/** `{ a, b, c }`, over several lines when long, each continued line indented by `indent`. */
function braced(items: readonly string[], indent: string): string {
    return `{ ${piecesOf(items, ', ', LIST_WIDTH).join(`,\n${indent}`)} }`;
}
const RULE_COMMENT: CleanOptions = { ...CLEAN, max: 120 };

type Family = 'v4' | 'v6';
const FAMILIES: Family[] = ['v4', 'v6'];

/** The longest set name SegPlan writes (nft allows longer; these stay readable). */
const SET_NAME_MAX = 60;

/** A port or range as a word in a set's name: `443-445` is `443to445`. */
function portWord(port: string): string {
    return port.replace('-', 'to');
}

class SetRegistry {
    private readonly names = new NameAllocator(SET_NAME_MAX);
    readonly sets = new Map<string, { name: string; family: Family; elements: readonly string[]; comment: string }>();
    /** The port lists of more than one port, each a set of its own, by the list. */
    readonly portSets = new Map<string, { name: string; elements: readonly string[] }>();
    /** The host names given a set, each empty: filled with the name's addresses where the rules are loaded. */
    readonly hostNameSets = new Map<string, { name: string; family: Family; hostName: string }>();

    /** `inside`: the prefixes of the plan's zones that are not internet zones, by family. */
    constructor(private readonly inside: Readonly<Record<Family, readonly string[]>>) { }

    /**
     * The set of the plan's own zones (every zone but the internet ones) of one family, which an
     * internet zone is everything outside of (`ip daddr != @…`); undefined when the plan has no
     * zone of that family, and the internet zone is then every address of it.
     */
    insideFor(family: Family): string | undefined {
        const elements = this.inside[family];
        if (elements.length === 0) return undefined;
        const key = `inside|${family}`;
        const existing = this.sets.get(key);
        if (existing) return existing.name;
        const name = this.names.name(key, `plan_zones_${family}`);
        this.sets.set(key, { name, family, elements, comment: 'the plan\'s zones: an internet zone is every address outside them' });
        return name;
    }

    /** The set holding one endpoint's addresses of one family. */
    setFor(endpoint: RuleSetEndpoint, family: Family): string {
        const key = `${endpoint.key}|${family}|${endpoint[family].join(',')}`;
        const existing = this.sets.get(key);
        if (existing) return existing.name;
        const prefix = endpoint.kind === 'zone' ? 'zone' : 'host';
        const name = this.names.name(key, `${prefix}_${endpoint.name}_${family}`);
        this.sets.set(key, { name, family, elements: endpoint[family], comment: `${endpoint.kind} ${endpoint.name}` });
        return name;
    }

    /**
     * The set holding a list of ports (of either protocol: a port set has no protocol). Written
     * inline (`tcp dport { 443, 8443 }`), every such list is a set of its own in the kernel, and the
     * kernel names, finds and binds each new set by walking all the others: loading thousands of
     * rules took seconds. One named set per distinct list keeps that to the few lists a plan has.
     */
    portSetFor(ports: readonly string[]): string {
        const key = ports.join(',');
        const existing = this.portSets.get(key);
        if (existing) return existing.name;
        // Named by its ports while they fit; a longer list by how many and where it starts (the
        // set's comment lists them all), so no name looks like a shorter list than it is.
        const full = `ports_${ports.map(portWord).join('_')}`;
        const name = this.names.name(`ports|${key}`, full.length <= SET_NAME_MAX ? full : `ports_${ports.length}_from_${portWord(ports[0])}`);
        this.portSets.set(key, { name, elements: ports });
        return name;
    }

    /** The set standing for one host name's addresses of one family (host-name-sets.ts). */
    hostNameSet(hostName: string, family: Family): string {
        const name = nftHostNameSet(hostName, family);
        this.hostNameSets.set(name, { name, family, hostName });
        return name;
    }
}

function portMatch(rule: RuleSetRule, sets: SetRegistry): string | undefined {
    if (rule.protocol === 'any') return undefined;
    if (rule.allPorts) return `meta l4proto ${rule.protocol}`;
    const ports = rule.ports.map(formatPortRange);
    return `${rule.protocol} dport ${ports.length === 1 ? ports[0] : `@${sets.portSetFor(ports)}`}`;
}

function expiryMatch(rule: RuleSetRule): string | undefined {
    if (!rule.until) return undefined;
    // Seconds since 1970, not a date string: nft reads a date string in the local time zone of the
    // process that loads the rules, so the same file would expire at different instants on
    // different routers. The comment above the rule says the instant in UTC.
    return `meta time < ${expiryInstant(rule.until)}`;
}

/** A host name may resolve to addresses of either family: its sets are there for both. */
function hasFamily(e: ConcreteEndpoint, family: Family): boolean {
    return e.any || e.endpoint[family].length > 0 || e.hostNames.length > 0;
}

/** The matches of one endpoint in one family, each a statement of its own: its addresses, and a set per host name. */
function addressMatches(sets: SetRegistry, side: 'saddr' | 'daddr', e: ConcreteEndpoint, family: Family): (string | undefined)[] {
    if (e.any) return [undefined];
    const ip = family === 'v4' ? 'ip' : 'ip6';
    const out: string[] = [];
    if (e.endpoint.internet) {
        // An internet zone is every address outside the plan's other zones: said with negation.
        const inside = sets.insideFor(family);
        out.push(inside === undefined ? `meta nfproto ${family === 'v4' ? 'ipv4' : 'ipv6'}` : `${ip} ${side} != @${inside}`);
    } else if (e.endpoint[family].length > 0) out.push(`${ip} ${side} @${sets.setFor(e.endpoint, family)}`);
    for (const hostName of e.hostNames) out.push(`${ip} ${side} @${sets.hostNameSet(hostName, family)}`);
    return out;
}

/** The nft statements of one rule: one per source, destination and address family they share. */
function ruleLines(rule: RuleSetRule, sets: SetRegistry, warnings: string[], prefix: string, verdict: 'accept' | 'drop' = 'accept'): string[] {
    const where = `${prefix}-${rule.id}`;
    // Host names are matched by sets of their own (host-name-sets.ts).
    const sources = concreteSide(rule.sources, true, warnings, where);
    const destinations = concreteSide(rule.destinations, true, warnings, where);
    const lines = [`# ${cleanText(ruleSummary(rule, prefix), CLEAN)}`, ...ruleNotes(rule, CLEAN).map(l => `# ${l}`)];
    const tail = [portMatch(rule, sets), expiryMatch(rule), verdict, `comment "${cleanText(`${where} ${shortPurpose(rule)}`, RULE_COMMENT)}"`]
        .filter((x): x is string => !!x).join(' ');
    const statements: string[] = [];
    for (const s of sources) {
        for (const d of destinations) {
            if (s.any && d.any) { statements.push(tail); continue; }
            for (const family of FAMILIES) {
                if (!hasFamily(s, family) || !hasFamily(d, family)) continue;
                // `any` on one side still has to stay within the family of the other side.
                for (const sm of addressMatches(sets, 'saddr', s, family)) {
                    for (const dm of addressMatches(sets, 'daddr', d, family)) statements.push([sm, dm, tail].filter(x => !!x).join(' '));
                }
            }
        }
    }
    if (statements.length === 0) {
        const why = sources.length === 0 || destinations.length === 0
            ? 'no source or destination with an IP address left' : 'sources and destinations share no address family';
        warnings.push(skipNote(rule, why, prefix));
        lines.push(`# NOT EMITTED: ${why}`);
    }
    return [...lines, ...statements];
}

/** One set's block; a set without elements is filled where the rules are loaded. */
function setBlock(name: string, type: string, comment: string, elements?: readonly string[]): string[] {
    return [`\tset ${name} {`,
        `\t\ttype ${type}`,
        '\t\tflags interval',
        `\t\tcomment "${cleanText(comment, RULE_COMMENT)}"`,
        ...(elements ? [`\t\telements = ${braced(elements, '\t\t\t')}`] : []),
        '\t}'];
}

const ADDRESS_TYPE: Record<Family, string> = { v4: 'ipv4_addr', v6: 'ipv6_addr' };

function setLines(sets: SetRegistry): string[] {
    const byName = <T extends { name: string }>(values: Iterable<T>): T[] => [...values].sort((a, b) => compareText(a.name, b.name));
    return [
        ...byName(sets.sets.values()).flatMap(set => setBlock(set.name, ADDRESS_TYPE[set.family], set.comment, set.elements)),
        ...byName(sets.portSets.values()).flatMap(set => setBlock(set.name, 'inet_service', `ports ${set.elements.join(', ')}`, set.elements)),
        // Empty: nothing passes until the set holds the name's addresses (docs/rule-sets.md, host names).
        ...byName(sets.hostNameSets.values()).flatMap(set => setBlock(set.name, ADDRESS_TYPE[set.family], `host name ${set.hostName}: fill with its addresses`))
    ];
}

function document(ruleSet: RuleSet, emitter: Emitter, options: EmitOptions | undefined, warnings: string[], table: string, chain: string[]): string {
    return [
        '#!/usr/sbin/nft -f',
        ...titleLines(ruleSet, emitter, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '',
        `# Replaces only SegPlan's own table; other tables stay as they are.`,
        `add table inet ${table}`,
        `delete table inet ${table}`,
        '',
        ...chain,
        ''
    ].join('\n');
}

/** The prefixes of the plan's zones that are not internet zones, by family: what an internet zone lies outside of. */
function insidePrefixes(ruleSet: RuleSet): Record<Family, readonly string[]> {
    const inside = AddressSet.unionOf(ruleSet.zoneEndpoints.map(z => z.addresses));
    return { v4: inside.v4.flatMap(r => toCidrs('ipv4', r)), v6: inside.v6.flatMap(r => toCidrs('ipv6', r)) };
}

function zoneFirewall(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const sets = new SetRegistry(insidePrefixes(ruleSet));
    const warnings: string[] = [];
    const body: string[] = [];
    if (ruleSet.denies.length) body.push('', '\t\t# ---- the plan\'s denies, before every allow rule: nothing below reopens them');
    for (const deny of ruleSet.denies) body.push(...ruleLines(deny, sets, warnings, 'd', 'drop').map(l => `\t\t${l}`));
    let pair = '';
    for (const rule of ruleSet.rules) {
        const key = `${rule.sourceZone} to ${rule.destinationZone}`;
        if (key !== pair) { body.push('', `\t\t# ---- zone ${cleanText(key, CLEAN)}`); pair = key; }
        body.push(...ruleLines(rule, sets, warnings, 'r').map(l => `\t\t${l}`));
    }
    const chain = [
        'table inet segplan {',
        ...setLines(sets),
        '',
        '\tchain forward {',
        '\t\ttype filter hook forward priority filter; policy drop;',
        '\t\tct state established,related accept',
        ...body,
        '\t}',
        '}'
    ];
    return { text: document(ruleSet, this, options, warnings, 'segplan', chain), warnings: [...ruleSet.notes, ...warnings] };
}

/**
 * What the host targets say above the denies: they come after the host's own traffic (loopback),
 * replies of established connections and IPv6 neighbour discovery, and before every allow rule.
 */
export const HOST_DENIES_HEADING = 'the plan\'s denies to each host, before every allow rule: nothing below reopens them';

/** Linux hosts, and hosts whose OS the plan leaves open; not Windows, ESXi or appliances. */
export function linuxHosts(ruleSet: RuleSet): HostRules[] {
    return ruleSet.hosts.filter(h => h.os === 'linux' || h.os === undefined);
}

/** The notes for hosts that take inbound traffic but run no Linux firewall. */
export function nonLinuxHostNotes(ruleSet: RuleSet, warnings: string[]): void {
    for (const h of ruleSet.hosts) {
        if (h.os === 'esxi' || h.os === 'appliance') warnings.push(`Host ${h.host} runs ${h.os === 'esxi' ? 'ESXi' : 'an appliance'}, which has no nftables or iptables to load: left out (configure its own firewall).`);
    }
}

function hostFirewall(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const sets = new SetRegistry(insidePrefixes(ruleSet));
    const warnings: string[] = [];
    const body: string[] = [];
    nonLinuxHostNotes(ruleSet, warnings);
    const hosts = linuxHosts(ruleSet);
    // Every host's denies before any host's allow rules: two components may share an address.
    if (hosts.some(h => h.denies.length)) body.push('', `\t\t# ---- ${HOST_DENIES_HEADING}`);
    for (const host of hosts) {
        if (host.denies.length) body.push(`\t\t# -- host ${cleanText(host.host, CLEAN)}`);
        for (const deny of host.denies) body.push(...ruleLines(deny, sets, warnings, `${host.host}.d`, 'drop').map(l => `\t\t${l}`));
    }
    for (const host of hosts) {
        body.push('', `\t\t# ---- host ${cleanText(host.host, CLEAN)} (zone ${cleanText(host.zone, CLEAN)}, ${host.os ?? 'OS not stated'})`);
        for (const rule of host.rules) body.push(...ruleLines(rule, sets, warnings, `${host.host}.h`).map(l => `\t\t${l}`));
    }
    const chain = [
        'table inet segplan_host {',
        ...setLines(sets),
        '',
        '\tchain input {',
        '\t\ttype filter hook input priority filter; policy drop;',
        '\t\tiif lo accept',
        '\t\tct state established,related accept',
        '\t\t# IPv6 cannot work without neighbour discovery; it never leaves the link.',
        '\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } ip6 hoplimit 255 accept',
        ...body,
        '\t}',
        '}'
    ];
    return { text: document(ruleSet, this, options, warnings, 'segplan_host', chain), warnings: [...ruleSet.notes, ...warnings] };
}

/** nft reads nftables text back only by loading it, as root, so the proof runs only when asked. */
const NFT_NOT_BY_DEFAULT = 'off by default, since nft reads it back in a network namespace of its own, as root: give --verify';

export const nftablesEmitter: Emitter = {
    id: 'nftables',
    label: 'nftables zone firewall',
    detail: 'Linux router between zones: inet table, named sets per zone, component and port list, forward chain with policy drop',
    languageId: 'nftables',
    fileSuffix: 'nft',
    maxLineLength: MAX_LINE_LENGTH,
    readBack: { importer: 'nftables', platformReader: 'nft', notByDefault: NFT_NOT_BY_DEFAULT },
    emit: zoneFirewall
};

export const nftablesHostEmitter: Emitter = {
    id: 'nftables-host',
    label: 'nftables host firewall',
    detail: 'Linux hosts (such as hardened repositories): input chain with policy drop, each host\'s inbound flows',
    languageId: 'nftables',
    fileSuffix: 'host.nft',
    maxLineLength: MAX_LINE_LENGTH,
    readBack: { importer: 'nftables', platformReader: 'nft', hosts: linuxHosts, notByDefault: NFT_NOT_BY_DEFAULT },
    emit: hostFirewall
};
