import { chainReach, narrowed } from './chain-reach.js';
import { MatchIndex } from './match-index.js';
import { boxLine, covers, DIMENSIONS, type Line } from './traffic-lines.js';
import { partitionTraffic } from './traffic-partition.js';
import { splitBox, type TrafficBox, type TrafficMatch } from './traffic-space.js';

/**
 * A deployed rule base in one shape for every platform: chains of rules evaluated in order, first
 * match wins, jumps into user chains and back, a default policy at the end of a base chain. Each
 * importer (one file per platform, beside this one) produces this; the evaluator knows nothing of
 * platforms.
 */

/** Where a rule (or a policy) is written in the configuration file. */
export interface ConfigLocation {
    readonly file: string;
    /** 1-based; 0 when the format has no lines for it (a default the platform adds). */
    readonly line: number;
    readonly text: string;
}

/** Connection tracking state of the packets a rule is evaluated for. */
export type ConnectionState = 'new' | 'established';

export type RuleAction =
    | { readonly kind: 'accept' | 'drop' | 'return' | 'continue' }
    | { readonly kind: 'jump' | 'goto'; readonly chain: string };

export interface PolicyRule {
    readonly match: TrafficMatch;
    /** The connection states the rule applies to; undefined: every state. */
    readonly states?: ReadonlySet<ConnectionState>;
    /** Set when the rule has a condition the audit cannot evaluate: the packets it might match are "unknown". */
    readonly unknown?: string;
    /**
     * Set when the audit cannot tell whether a packet in `match` is one the rule matches (an App-ID
     * application, an interface the plan does not map): each such packet either meets the rule's
     * action (accept or drop) or goes on to the next rule. Where both give the same verdict, that
     * verdict holds; where they differ, the packet is "unknown", with this reason.
     */
    readonly uncertain?: string;
    readonly action: RuleAction;
    readonly location: ConfigLocation;
}

/** The first rule of a stateful platform's chain: replies of connections it let through pass (`why` says so in its words). */
export function repliesPass(file: string, why: string): PolicyRule {
    return { match: {}, states: new Set(['established']), action: { kind: 'accept' }, location: { file, line: 0, text: why } };
}

export interface PolicyChain {
    readonly name: string;
    readonly rules: readonly PolicyRule[];
    /** Base chains end in a policy; user chains return to their caller. */
    readonly policy?: { readonly verdict: 'accept' | 'drop'; readonly location: ConfigLocation };
}

export interface FirewallPolicy {
    readonly kind: string;
    readonly chains: ReadonlyMap<string, PolicyChain>;
    /**
     * The base chains a packet passes, in order (nftables: every base chain on the hook by
     * priority). A packet must be accepted by each; a drop anywhere is final.
     */
    readonly entry: readonly string[];
    /** The address families the configuration filters (an iptables-save file holds only IPv4). */
    readonly families: ReadonlySet<'ipv4' | 'ipv6'>;
    /** Lines the importer read but cannot evaluate. */
    readonly unevaluated: readonly { readonly line: number; readonly text: string; readonly why: string }[];
    /**
     * The configuration guards each host (a cloud security group), so it filters traffic between
     * two hosts of one zone too; a router between zones never sees that traffic.
     */
    readonly guardsHosts?: boolean;
}

export type Verdict = 'accept' | 'drop' | 'unknown';

/** A part of the traffic asked about, with what the policy does to it and the rule that decides. */
export interface DecidedPiece {
    readonly box: TrafficBox;
    readonly verdict: Verdict;
    readonly decidedBy: ConfigLocation;
    /** For "unknown": why it cannot be decided. */
    readonly why?: string;
}

interface Pending {
    box: TrafficBox;
    verdict: Verdict | 'return';
    decidedBy?: ConfigLocation;
    why?: string;
    /** For a part that returns to its caller: what it must come to there (it met a rule that may or may not match). */
    bound?: Bound;
}

const MAX_DEPTH = 64;
const TOO_MANY_PATHS = 'the chains jump into each other too many times to evaluate every path: SegPlan stops rather than guess, and the connections not yet decided here are unknown (check the jumps from this rule on by hand)';
/**
 * How many rule-by-box comparisons one evaluation may make. Each part of the traffic meets only
 * its own rules, but chains that jump into each other several times multiply the walks; past
 * this the rest is unknown, never a guess and never a hang.
 */
const MAX_STEPS = 2_000_000;

/**
 * One evaluation's state: the rules of each chain that can meet the part of the traffic being
 * walked, what each chain did to a box already (a chain reached again is not walked again) and
 * the work left.
 */
interface Walk {
    readonly policy: FirewallPolicy;
    readonly state: ConnectionState;
    rules: ReadonlyMap<string, readonly PolicyRule[]>;
    done: Map<string, Pending[]>;
    steps: number;
}

/**
 * Every rule of a policy that traffic can reach, chain by chain, indexed by what it can match:
 * its own match within what reaches its chain (chain-reach.ts). Made once per policy.
 */
interface IndexedRules {
    readonly policy: FirewallPolicy;
    readonly rules: readonly { readonly chain: string; readonly rule: PolicyRule; readonly match: TrafficMatch }[];
    readonly index: MatchIndex;
}

const indexed = new WeakMap<FirewallPolicy, IndexedRules>();

function indexOf(policy: FirewallPolicy): IndexedRules {
    let found = indexed.get(policy);
    if (!found) {
        const reach = chainReach(policy);
        const rules: { chain: string; rule: PolicyRule; match: TrafficMatch }[] = [];
        for (const [chain, c] of policy.chains) {
            const seen = reach.get(chain);
            if (!seen) continue;
            for (const rule of c.rules) {
                const match = narrowed(rule.match, seen);
                if (match) rules.push({ chain, rule, match });
            }
        }
        indexed.set(policy, found = { policy, rules, index: new MatchIndex(rules.map(r => r.match)) });
    }
    return found;
}

/** Whether no traffic a rule matches goes on to the next rule of its chain. */
function endsWalk(rule: PolicyRule): boolean {
    if (rule.unknown !== undefined) return true;
    if (uncertainAction(rule)) return false;
    return rule.action.kind === 'accept' || rule.action.kind === 'drop' || rule.action.kind === 'return' || rule.action.kind === 'goto';
}

/** The action of a rule that may or may not match (see PolicyRule.uncertain); undefined for every other rule. */
function uncertainAction(rule: PolicyRule): 'accept' | 'drop' | undefined {
    return rule.uncertain !== undefined && (rule.action.kind === 'accept' || rule.action.kind === 'drop') ? rule.action.kind : undefined;
}

/** What the part of the traffic that met a rule that may or may not match must come to: that rule's verdict, else it is unknown. */
interface Bound { readonly verdict: 'accept' | 'drop'; readonly why: string; readonly location: ConfigLocation }

/**
 * A verdict reached for traffic that met such a rule: kept where it is that rule's own, unknown
 * where it is not. Traffic that returns to the caller takes the bound along, to be settled there.
 */
function settled(piece: Pending, bound: Bound | undefined): Pending {
    if (!bound || piece.verdict === 'unknown') return piece;
    if (piece.verdict === 'return') {
        if (!piece.bound || piece.bound.verdict === bound.verdict) return { ...piece, bound: piece.bound ?? bound };
        return { box: piece.box, verdict: 'unknown', decidedBy: bound.location, why: bound.why };
    }
    if (piece.verdict === bound.verdict) return piece;
    return { box: piece.box, verdict: 'unknown', decidedBy: bound.location, why: bound.why };
}

/**
 * The rules among `items` that traffic of the box can reach: in each chain, none after a rule
 * that matches all of the box and ends the walk there; no rule of a user chain that none of
 * the rules left jumps to.
 */
function reachedRules({ policy, rules, index }: IndexedRules, box: TrafficBox, items: readonly number[]): readonly number[] {
    let values: (Line | undefined)[] | undefined;
    // A chain's rules are numbered one after the other: skipped from the rule that ends its walk until the next chain.
    let ended: string | undefined;
    let jumps = false;
    const kept: number[] = [];
    for (const i of items) {
        const { chain, rule, match } = rules[i];
        if (chain === ended) continue;
        kept.push(i);
        if (rule.action.kind === 'jump' || rule.action.kind === 'goto') jumps = true;
        if (!endsWalk(rule) || (match.protocols && !match.protocols.has(box.protocol))) continue;
        values ??= DIMENSIONS.map(d => boxLine(box, d));
        if (DIMENSIONS.every((d, k) => covers(index.line(i, d), values![k]))) ended = chain;
    }
    if (!jumps) return kept.every(i => policy.entry.includes(rules[i].chain)) ? kept : kept.filter(i => policy.entry.includes(rules[i].chain));
    const targets = new Map<string, string[]>();
    for (const i of kept) {
        const { chain, rule } = rules[i];
        if (rule.action.kind !== 'jump' && rule.action.kind !== 'goto') continue;
        const list = targets.get(chain);
        if (list) list.push(rule.action.chain); else targets.set(chain, [rule.action.chain]);
    }
    const walked = new Set(policy.entry), todo = [...policy.entry];
    while (todo.length > 0) {
        for (const target of targets.get(todo.pop()!) ?? []) if (!walked.has(target)) { walked.add(target); todo.push(target); }
    }
    return kept.filter(i => walked.has(rules[i].chain));
}

/** The rules of each chain among `items` (rule numbers of the index, in order). */
function chainsOf(rules: IndexedRules['rules'], items: readonly number[]): Map<string, PolicyRule[]> {
    const chains = new Map<string, PolicyRule[]>();
    for (const i of items) {
        const { chain, rule } = rules[i];
        const list = chains.get(chain);
        if (list) list.push(rule); else chains.set(chain, [rule]);
    }
    return chains;
}

function boxKey(chainName: string, box: TrafficBox): string {
    const ports = (p: TrafficBox['sourcePorts']) => p.map(r => `${r.from}-${r.to}`).join(',');
    return `${chainName}|${box.protocol}|${box.sources.format()}|${box.destinations.format()}|${ports(box.sourcePorts)}|${ports(box.destinationPorts)}`;
}

/**
 * Evaluates one chain for a box of traffic in one connection state: every part of the box with
 * the verdict of the first rule that matches it. Parts that fall off the end of a user chain come
 * back as `return`.
 */
function evaluateChain(walk: Walk, chainName: string, box: TrafficBox, depth: number): Pending[] {
    const chain = walk.policy.chains.get(chainName);
    if (!chain) return [{ box, verdict: 'unknown', decidedBy: { file: '', line: 0, text: chainName }, why: `jump to chain '${chainName}', which the configuration does not define` }];
    if (depth > MAX_DEPTH) return [{ box, verdict: 'unknown', decidedBy: { file: '', line: 0, text: chainName }, why: 'jumps nest too deep (a loop?)' }];
    const key = depth > 0 ? boxKey(chainName, box) : undefined;
    const known = key === undefined ? undefined : walk.done.get(key);
    if (known) return known;
    const out: Pending[] = [];
    // Each part still walking, with what it must come to if it met a rule that may or may not match.
    let remaining: { box: TrafficBox; bound?: Bound }[] = [{ box }];
    for (const rule of walk.rules.get(chainName) ?? []) {
        if (remaining.length === 0) break;
        if (rule.states && !rule.states.has(walk.state)) continue;
        walk.steps += remaining.length;
        if (walk.steps > MAX_STEPS) {
            for (const { box: b } of remaining) out.push({ box: b, verdict: 'unknown', decidedBy: rule.location, why: TOO_MANY_PATHS });
            return out;
        }
        const next: typeof remaining = [];
        for (const { box: b, bound } of remaining) {
            const { inside, outside } = splitBox(b, rule.match);
            for (const o of outside) next.push({ box: o, bound });
            if (!inside) continue;
            const emit = (piece: Pending) => out.push(settled(piece, bound));
            if (rule.unknown) {
                emit({ box: inside, verdict: 'unknown', decidedBy: rule.location, why: rule.unknown });
                continue;
            }
            const maybe = uncertainAction(rule);
            if (maybe) {
                // Matched, it gets the rule's action; not matched, it walks on: the verdict holds where both agree.
                if (bound && bound.verdict !== maybe) emit({ box: inside, verdict: 'unknown', decidedBy: rule.location, why: rule.uncertain });
                else next.push({ box: inside, bound: bound ?? { verdict: maybe, why: rule.uncertain!, location: rule.location } });
                continue;
            }
            switch (rule.action.kind) {
                case 'accept':
                case 'drop':
                    emit({ box: inside, verdict: rule.action.kind, decidedBy: rule.location });
                    break;
                case 'continue':
                    next.push({ box: inside, bound });
                    break;
                case 'return':
                    emit({ box: inside, verdict: 'return', decidedBy: rule.location });
                    break;
                case 'jump':
                case 'goto': {
                    for (const piece of evaluateChain(walk, rule.action.chain, inside, depth + 1)) {
                        // A jump comes back to the next rule; a goto returns to the caller's caller.
                        if (piece.verdict === 'return' && rule.action.kind === 'jump') {
                            if (bound && piece.bound && bound.verdict !== piece.bound.verdict) emit({ box: piece.box, verdict: 'unknown', decidedBy: piece.bound.location, why: piece.bound.why });
                            else next.push({ box: piece.box, bound: bound ?? piece.bound });
                        } else emit(piece);
                    }
                    break;
                }
            }
        }
        remaining = next;
    }
    for (const { box: b, bound } of remaining) {
        if (chain.policy) out.push(settled({ box: b, verdict: chain.policy.verdict, decidedBy: chain.policy.location }, bound));
        else out.push(settled({ box: b, verdict: 'return' }, bound));
    }
    if (key !== undefined) walk.done.set(key, out);
    return out;
}

/**
 * What the whole policy does to a box of traffic in one connection state. The box is cut into
 * parts that each meet a few rules (traffic-partition.ts), and each part walks the chains with
 * those rules only: a rule that cannot meet a part changes nothing for it.
 */
export function evaluate(policy: FirewallPolicy, box: TrafficBox, state: ConnectionState): DecidedPiece[] {
    const indexedRules = indexOf(policy), { rules, index } = indexedRules;
    const meeting = index.meeting(box).filter(i => !rules[i].rule.states || rules[i].rule.states!.has(state));
    const walk: Walk = { policy, state, rules: new Map(), done: new Map(), steps: 0 };
    const out: DecidedPiece[] = [];
    for (const cell of partitionTraffic(box, meeting, index, (part, items) => reachedRules(indexedRules, part, items))) {
        walk.rules = chainsOf(rules, cell.items);
        walk.done = new Map();
        out.push(...evaluateEntries(walk, cell.box));
    }
    return out;
}

/**
 * The same evaluation without cutting: the whole box walks every rule of every chain. What
 * `evaluate` must give, connection for connection (the reference the tests compare it with).
 */
export function evaluateUncut(policy: FirewallPolicy, box: TrafficBox, state: ConnectionState): DecidedPiece[] {
    const rules = new Map([...policy.chains].map(([name, chain]) => [name, chain.rules]));
    return evaluateEntries({ policy, state, rules, done: new Map(), steps: 0 }, box);
}

/** The base chains in turn, for one part of the traffic. */
function evaluateEntries(walk: Walk, box: TrafficBox): DecidedPiece[] {
    const policy = walk.policy;
    let pending: Pending[] = [{ box, verdict: 'accept', decidedBy: { file: '', line: 0, text: 'no base chain' } }];
    for (const chainName of policy.entry) {
        const next: Pending[] = [];
        for (const p of pending) {
            if (p.verdict !== 'accept') { next.push(p); continue; }
            const chainPolicy = policy.chains.get(chainName)?.policy;
            next.push(...evaluateChain(walk, chainName, p.box, 0).map(x => {
                // A base chain has no caller: a return there ends in its policy.
                const y = x.verdict === 'return' ? settled({ box: x.box, verdict: chainPolicy?.verdict ?? 'accept', decidedBy: chainPolicy?.location ?? x.decidedBy }, x.bound) : x;
                // Passed by a later chain's default: the rule of an earlier chain that accepted it decides.
                const byDefault = y.verdict === 'accept' && (y.decidedBy === chainPolicy?.location || x.verdict === 'return');
                return byDefault && p.decidedBy && p.decidedBy.text !== 'no base chain' ? { ...y, decidedBy: p.decidedBy } : y;
            }));
        }
        pending = next;
    }
    return pending.map(p => ({ box: p.box, verdict: p.verdict as Verdict, decidedBy: p.decidedBy!, why: p.why }));
}
