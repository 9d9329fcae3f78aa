import type { PortRange } from '../network/ports.js';
import { cleanText, type CleanOptions } from './escape.js';
import {
    appendRuleNotes, COMMENT_TEXT_MAX, chunkedResult, cleanRuleSummary, cleanShortPurpose, concreteSide, noteLines, type ConcreteEndpoint, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { HOST_DENIES_HEADING, linuxHosts, nonLinuxHostNotes } from './nftables.js';
import type { RuleSet, RuleSetRule } from './rule-set.js';
import { JoinedLines } from './joined-lines.js';
import { piecesOf } from './line-bounds.js';
import { ipsetHostNameSet } from './host-name-sets.js';

/**
 * iptables-restore input for `--noflush`: one chain SegPlan owns (SEGPLAN-FORWARD on a router
 * between zones, SEGPLAN-INPUT on a host), which the file declares — so each load flushes and
 * refills it atomically — and which ends by dropping everything it has not accepted. Nothing
 * else is touched: the built-in chains keep their policies and rules (Docker's, fail2ban's, the
 * router's own protection). The one jump into the chain is put in place once per machine (the
 * header says how), so loading a new version never adds a second jump and never merges with the
 * previous one. IPv4 and IPv6 are separate files for iptables-restore and ip6tables-restore, so
 * each family is its own target. Address lists use iptables' comma syntax, which expands into
 * one kernel rule per address pair.
 */

// Inside iptables-restore's double-quoted --comment argument and `#` lines.
const CLEAN: CleanOptions = { extra: /[';$]/, max: COMMENT_TEXT_MAX };
const COMMENT: CleanOptions = { ...CLEAN, max: 200 };

type Family = 'v4' | 'v6';

/** The chain SegPlan owns on a router between zones, and on a host. */
export const SEGPLAN_CHAINS = { zone: { chain: 'SEGPLAN-FORWARD', from: 'FORWARD' }, host: { chain: 'SEGPLAN-INPUT', from: 'INPUT' } } as const;

/**
 * The commands that put the jump into SegPlan's chain in place, once per machine: the chain is
 * created and jumped to first thing from FORWARD (INPUT on a host). Safe to run again: the jump
 * is added only when it is missing.
 */
export function iptablesSetupCommands(family: Family, host: boolean): string[] {
    const tool = family === 'v4' ? 'iptables' : 'ip6tables';
    const { chain, from } = host ? SEGPLAN_CHAINS.host : SEGPLAN_CHAINS.zone;
    return [`${tool} -N ${chain} 2>/dev/null || true`, `${tool} -C ${from} -j ${chain} 2>/dev/null || ${tool} -I ${from} 1 -j ${chain}`];
}

/** A port or range as iptables writes it: `443`, `8000:8100`. */
function portText(r: PortRange): string {
    return r.from === r.to ? String(r.from) : `${r.from}:${r.to}`;
}

/** What comes before the ports of a match of one port and of several, by protocol: the same text for every rule. */
const ONE_PORT = { tcp: ' -p tcp -m tcp --dport ', udp: ' -p udp -m udp --dport ' } as const;
const MULTIPORT = { tcp: ' -p tcp -m multiport --dports ', udp: ' -p udp -m multiport --dports ' } as const;

/** multiport takes at most 15 ports, a range counting as two. */
const MULTIPORT_MAX = 15;

/**
 * A rule's statements, one per chunk of ports multiport can take, `head` and `tail` around the
 * port match, appended to `out`. Each chunk's port list is written as the ports are counted:
 * no list of chunks, no list per chunk.
 */
function appendStatements(rule: RuleSetRule, head: string, tail: string, out: JoinedLines): void {
    if (rule.protocol === 'any') { out.push(`${head}${tail}`); return; }
    if (rule.allPorts) { out.push(`${head} -p ${rule.protocol}${tail}`); return; }
    let list = '', count = 0, weight = 0;
    for (let i = 0; i < rule.ports.length; i++) {
        const r = rule.ports[i], w = r.from === r.to ? 1 : 2;
        if (weight + w > MULTIPORT_MAX) { out.push(chunkStatement(head, rule.protocol, list, count, tail)); list = ''; count = 0; weight = 0; }
        list = count === 0 ? portText(r) : `${list},${portText(r)}`;
        count++;
        weight += w;
    }
    if (count > 0) out.push(chunkStatement(head, rule.protocol, list, count, tail));
}

/** The statement of one chunk of `count` ports, `list` being their text. */
function chunkStatement(head: string, protocol: 'tcp' | 'udp', list: string, count: number, tail: string): string {
    return `${head}${count === 1 ? ONE_PORT[protocol] : MULTIPORT[protocol]}${list}${tail}`;
}

/** xt_time keeps dates in 32 bits: it cannot express anything after this moment (UTC). */
export const XT_TIME_LAST = '2038-01-19T03:14:07';

/** ` -m time --datestop …` (with its leading space), '' for a rule that does not expire. */
function expiryArgs(rule: RuleSetRule): string {
    if (!rule.until) return '';
    // xt_time compares in UTC unless told otherwise. A later date stops at xt_time's last moment:
    // earlier than the plan says, never later.
    const stop = `${rule.until}T23:59:59`;
    return ` -m time --datestop ${stop < XT_TIME_LAST ? stop : XT_TIME_LAST}`;
}

/**
 * iptables-restore reads a line into a buffer of 10,240 bytes and reads the rest of a longer line
 * as a line of its own, and refuses the whole file for one parameter of more than 1,023
 * characters ("Parameter too long!": a 1,024-byte buffer per word). Lines stay well below both:
 * comment text is cut at COMMENT_TEXT_MAX, and a side's address list is split into pieces of at
 * most ADDRESS_LIST_WIDTH characters, one statement per pair of pieces (iptables expands a list
 * into one rule per address pair anyway), for allow rules and denies alike.
 */
const MAX_LINE_LENGTH = 4096;
const ADDRESS_LIST_WIDTH = 1000;

/** What any address and no address of the family give. */
const ANY_ADDRESS: readonly string[] = [''];

/**
 * ` -s 10.0.0.1/32,10.0.1.0/24` (with its leading space), in pieces of at most
 * ADDRESS_LIST_WIDTH characters; [''] for any address, null when the side has no address of the
 * family.
 */
function addressArgs(flag: string, list: readonly ConcreteEndpoint[], family: Family, ipsets: Map<string, string>): readonly string[] | null {
    for (let i = 0; i < list.length; i++) if (list[i].any) return ANY_ADDRESS;
    // A host name is matched by an ipset of its own (host-name-sets.ts), a statement of its own.
    if (list.some(e => e.hostNames.length > 0)) {
        const direction = flag === ' -s ' ? 'src' : 'dst';
        const addresses = [...new Set(list.flatMap(e => e.endpoint[family]))];
        const pieces = addresses.length ? piecesOf(addresses, ',', ADDRESS_LIST_WIDTH).map(piece => `${flag}${piece}`) : [];
        const named = [...new Set(list.flatMap(e => e.hostNames))].map(h => {
            const name = ipsetHostNameSet(h, family);
            ipsets.set(name, h);
            return ` -m set --match-set ${name} ${direction}`;
        });
        return [...pieces, ...named];
    }
    // One endpoint with one prefix (most rules): nothing to gather or deduplicate.
    if (list.length === 1 && list[0].endpoint[family].length === 1) return [`${flag}${list[0].endpoint[family][0]}`];
    const all = list.flatMap(e => e.endpoint[family]);
    return all.length ? piecesOf([...new Set(all)], ',', ADDRESS_LIST_WIDTH).map(piece => `${flag}${piece}`) : null;
}

/**
 * A rule's comment lines and statements, appended to `out` (one list for the whole file, not one
 * per rule). Each optional argument carries its own leading space, so a statement is its pieces
 * put one after the other, with nothing to join.
 */
function ruleLines(rule: RuleSetRule, appendToChain: string, family: Family, warnings: string[], prefix: string, out: JoinedLines, ipsets: Map<string, string>, target: 'ACCEPT' | 'DROP' = 'ACCEPT'): void {
    const where = `${prefix}-${rule.id}`;
    const sources = concreteSide(rule.sources, true, warnings, where);
    const destinations = concreteSide(rule.destinations, true, warnings, where);
    out.push(`# ${cleanRuleSummary(rule, prefix, CLEAN)}`);
    appendRuleNotes(rule, CLEAN, '# ', out);
    if (rule.until && `${rule.until}T23:59:59` >= XT_TIME_LAST) out.push(`# iptables cannot express dates after ${XT_TIME_LAST} UTC: this rule expires then, earlier than the plan says.`);
    const s = addressArgs(' -s ', sources, family, ipsets), d = addressArgs(' -d ', destinations, family, ipsets);
    if (s !== null && d !== null && sources.length && destinations.length) {
        const tail = `${expiryArgs(rule)} -m comment --comment "${cleanShortPurpose(rule, COMMENT, where)}" -j ${target}`;
        for (let i = 0; i < s.length; i++) for (let j = 0; j < d.length; j++) appendStatements(rule, `${appendToChain}${s[i]}${d[j]}`, tail, out);
    } else {
        const why = sources.length === 0 || destinations.length === 0
            ? 'no source or destination with an IP address left' : `no ${family === 'v4' ? 'IPv4' : 'IPv6'} address on both sides (see the ${family === 'v4' ? 'ip6tables' : 'iptables'} target)`;
        warnings.push(skipNote(rule, why, prefix));
        out.push(`# NOT EMITTED: ${why}`);
    }
}

function emitTable(emitter: Emitter, ruleSet: RuleSet, options: EmitOptions | undefined, family: Family, host: boolean): EmitResult {
    const warnings: string[] = [];
    /** The ipsets the rules match host names by, each with its host name. */
    const ipsets = new Map<string, string>();
    const body = new JoinedLines();
    const { chain, from } = host ? SEGPLAN_CHAINS.host : SEGPLAN_CHAINS.zone;
    const appendToChain = `-A ${chain}`;
    if (host) {
        nonLinuxHostNotes(ruleSet, warnings);
        const hosts = linuxHosts(ruleSet);
        // Every host's denies before any host's allow rules: two components may share an address.
        if (hosts.some(h => h.denies.length)) {
            body.push('');
            body.push(`# ---- ${HOST_DENIES_HEADING}`);
        }
        for (const h of hosts) {
            if (h.denies.length) body.push(`# -- host ${cleanText(h.host, CLEAN)}`);
            for (const deny of h.denies) ruleLines(deny, appendToChain, family, warnings, `${h.host}.d`, body, ipsets, 'DROP');
        }
        for (const h of hosts) {
            body.push('');
            body.push(`# ---- host ${cleanText(h.host, CLEAN)} (zone ${cleanText(h.zone, CLEAN)}, ${h.os ?? 'OS not stated'})`);
            for (const rule of h.rules) ruleLines(rule, appendToChain, family, warnings, `${h.host}.h`, body, ipsets);
        }
    } else {
        if (ruleSet.denies.length) {
            body.push('');
            body.push('# ---- the plan\'s denies, before every allow rule: nothing below reopens them');
        }
        for (const deny of ruleSet.denies) ruleLines(deny, appendToChain, family, warnings, 'd', body, ipsets, 'DROP');
        let pair = '';
        for (let i = 0; i < ruleSet.rules.length; i++) {
            const rule = ruleSet.rules[i], previous = i > 0 ? ruleSet.rules[i - 1] : undefined;
            // Rules come grouped by zone pair: the pair's text is made only where the zones change.
            if (!previous || rule.sourceZone !== previous.sourceZone || rule.destinationZone !== previous.destinationZone) {
                const key = `${rule.sourceZone} to ${rule.destinationZone}`;
                if (key !== pair) {
                    body.push('');
                    body.push(`# ---- zone ${cleanText(key, CLEAN)}`);
                    pair = key;
                }
            }
            ruleLines(rule, appendToChain, family, warnings, 'r', body, ipsets);
        }
    }
    const tool = family === 'v4' ? 'iptables-restore' : 'ip6tables-restore';
    const preamble = host
        ? [`-A ${chain} -i lo -j ACCEPT`,
            `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`,
            ...(family === 'v6' ? [
                '# IPv6 cannot work without neighbour discovery; it never leaves the link.',
                ...['135', '136', '134'].map(t => `-A ${chain} -p ipv6-icmp -m icmp6 --icmpv6-type ${t} -m hl --hl-eq 255 -j ACCEPT`)
            ] : [])]
        : [`-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`];
    // The header needs the warnings the body gave, so it is made after it; the body is joined in, not spread.
    const head = [
        ...titleLines(ruleSet, emitter, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        `# Load with: ${tool} --noflush < FILE (check first with ${tool} --noflush --test < FILE).`,
        `# It replaces only the chain ${chain}, which SegPlan owns: the file flushes and refills it in one`,
        `# transaction, and the chain ends by dropping every packet it has not accepted. Built-in chains,`,
        `# their policies and every other chain stay as they are. Loading a newer version replaces the older.`,
        `# In place once per ${host ? 'host' : 'router'}, before the first load: the jump from ${from} into ${chain}, first in ${from}:`,
        ...iptablesSetupCommands(family, host).map(c => `#   ${c}`),
        `# Without the jump the chain decides nothing${host ? '' : ' (and the FORWARD policy decides instead)'}.`,
        ...ipsetLines(ipsets, family),
        '*filter',
        `:${chain} - [0:0]`,
        ...preamble
    ];
    const tail = ['', `# Everything the plan does not allow ${host ? 'to this host' : 'between zones'}.`, `-A ${chain} -j DROP`, 'COMMIT', ''];
    return chunkedResult(head.concat(body.chunked(), tail), [...ruleSet.notes, ...warnings]);
}

/**
 * The header lines that create the ipsets the rules match host names by: iptables-restore refuses
 * a rule whose set does not exist. Each is empty (nothing passes) until it holds the name's addresses.
 */
function ipsetLines(ipsets: ReadonlyMap<string, string>, family: Family): string[] {
    if (ipsets.size === 0) return [];
    const names = [...ipsets.keys()].sort();
    return [
        '# Host names: each is matched by an ipset of its own, which must exist before the first load:',
        ...names.map(name => `#   ipset -exist create ${name} hash:net family ${family === 'v4' ? 'inet' : 'inet6'}  # ${cleanText(ipsets.get(name)!, CLEAN)}`),
        '# Each set is empty until it holds its host name\'s addresses (ipset add NAME ADDRESS; docs/rule-sets.md):',
        '# an empty set allows nothing.'
    ];
}

function make(id: string, family: Family, host: boolean): Emitter {
    const v = family === 'v4' ? 'IPv4' : 'IPv6';
    return {
        id,
        label: `${family === 'v4' ? 'iptables' : 'ip6tables'} ${host ? 'host' : 'zone'} firewall (${v})`,
        detail: host
            ? `${family === 'v4' ? 'iptables' : 'ip6tables'}-restore --noflush, chain SEGPLAN-INPUT (jumped from INPUT) on each Linux host`
            : `${family === 'v4' ? 'iptables' : 'ip6tables'}-restore --noflush, chain SEGPLAN-FORWARD (jumped from FORWARD) of a router between zones`,
        languageId: 'iptables',
        fileSuffix: `${host ? 'host.' : ''}${family === 'v4' ? 'iptables' : 'ip6tables'}`,
        // iptables-restore's line buffer (see ADDRESS_LIST_WIDTH).
        maxLineLength: MAX_LINE_LENGTH,
        readBack: {
            importer: family === 'v4' ? 'iptables' : 'ip6tables',
            platformReader: family === 'v4' ? 'iptables-restore' : 'ip6tables-restore',
            hosts: host ? linuxHosts : undefined,
            otherFamily: `${family === 'v4' ? 'ip6tables' : 'iptables'}${host ? '-host' : ''}`,
            // xt_time stops in 2038: a later expiry ends then, as the rule's comment says.
            latestExpiry: Date.parse(`${XT_TIME_LAST}Z`)
        },
        emit(ruleSet, options) { return emitTable(this, ruleSet, options, family, host); }
    };
}

export const iptablesEmitter = make('iptables', 'v4', false);
export const ip6tablesEmitter = make('ip6tables', 'v6', false);
export const iptablesHostEmitter = make('iptables-host', 'v4', true);
export const ip6tablesHostEmitter = make('ip6tables-host', 'v6', true);
