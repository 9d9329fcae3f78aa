import { chainReach, narrowed } from './chain-reach.js';
import { ChainResults } from './chain-results.js';
import { MatchIndex } from './match-index.js';
import { boxLine, covers, DIMENSIONS, type Line } from './traffic-lines.js';
import { partitionTraffic } from './traffic-partition.js';
import { matchOf, splitBox, type TrafficBox, type TrafficMatch } from './traffic-space.js';

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

/**
 * The packets of a connection a rule is evaluated for, by their connection tracking state (and,
 * for TCP, their flags): `new`, the first packet (a SYN); `answer`, the first reply of a TCP
 * connection (ESTABLISHED, a SYN-ACK); `established`, every later packet either way
 * (ESTABLISHED, an ACK without SYN). RELATED (ICMP errors, helper expectations) is none of them.
 */
export type ConnectionState = 'new' | 'answer' | 'established';

/** Every state, for a negated match. */
export const EVERY_STATE: readonly ConnectionState[] = ['new', 'answer', 'established'];

export type RuleAction =
    | { readonly kind: 'accept' | 'drop' | 'return' | 'continue' }
    | { readonly kind: 'jump' | 'goto'; readonly chain: string };

export interface PolicyRule {
    readonly match: TrafficMatch;
    /** The connection states the rule applies to; undefined: every state. */
    readonly states?: ReadonlySet<ConnectionState>;
    /** Set when what the rule does to the packets it matches is not known (a DNAT, a jump into a chain nft does not list): they are "unknown". */
    readonly unknown?: string;
    /**
     * A condition of the rule the reader does not model (a match module, an interface no zone is
     * mapped to …), with why: the rule matches some part of `match` that the file does not say.
     * Verdicts rest on bounds (see `evaluate`): given wherever the rule cannot change them.
     * `states`: the connection states the condition is not known in; in the others it holds.
     */
    readonly condition?: { readonly why: string; readonly states?: ReadonlySet<ConnectionState> };
    /**
     * A condition the reader cannot evaluate, in every connection state (an App-ID application, an
     * interface the plan does not map): the same as `condition` with this reason, for the readers
     * of devices that judge connections, not packets.
     */
    readonly uncertain?: string;
    readonly action: RuleAction;
    readonly location: ConfigLocation;
}

/** The first rule of a stateful platform's chain: replies of connections it let through pass (`why` says so in its words). */
export function repliesPass(file: string, why: string): PolicyRule {
    return { match: {}, states: new Set(['answer', 'established']), action: { kind: 'accept' }, location: { file, line: 0, text: why } };
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
    /**
     * The base chains a reply passes, in order, when they are not those of `entry`: a host's own
     * replies leave through its output hook (iptables OUTPUT), never through input.
     */
    readonly replyEntry?: readonly string[];
    /** The address families the configuration filters (an iptables-save file holds only IPv4). */
    readonly families: ReadonlySet<'ipv4' | 'ipv6'>;
    /** Lines the importer read but cannot evaluate. */
    readonly unevaluated: readonly { readonly line: number; readonly text: string; readonly why: string }[];
    /** Lines read as the platform reads them that the author may not have meant so (an address with host bits, masked). */
    readonly warnings?: readonly { readonly line: number; readonly text: string; readonly why: string }[];
    /**
     * The configuration guards each host (a cloud security group), so it filters traffic between
     * two hosts of one zone too; a router between zones never sees that traffic.
     */
    readonly guardsHosts?: boolean;
}

export type Verdict = 'accept' | 'drop' | 'unknown';

const replyViews = new WeakMap<FirewallPolicy, FirewallPolicy>();
const conditionViews = new WeakMap<FirewallPolicy, FirewallPolicy>();

/** The policy with each rule's `uncertain` reason read as its `condition`: the one form the evaluation knows. */
function withConditions(policy: FirewallPolicy): FirewallPolicy {
    let view = conditionViews.get(policy);
    if (!view) {
        const uncertain = [...policy.chains.values()].some(c => c.rules.some(r => r.uncertain !== undefined && !r.condition));
        view = !uncertain ? policy : {
            ...policy,
            chains: new Map([...policy.chains].map(([name, c]) => [name, {
                ...c, rules: c.rules.map(r => r.uncertain !== undefined && !r.condition ? { ...r, condition: { why: r.uncertain } } : r)
            }]))
        };
        conditionViews.set(policy, view);
    }
    return view;
}

/** The policy as the replies of the connections it is asked about meet it: through `replyEntry` where it has one. */
export function asMetByReplies(policy: FirewallPolicy): FirewallPolicy {
    if (!policy.replyEntry) return policy;
    let view = replyViews.get(policy);
    if (!view) replyViews.set(policy, view = { ...policy, entry: policy.replyEntry, replyEntry: undefined });
    return view;
}

/** A part of the traffic asked about, with what the policy does to it and the rule that decides. */
export interface DecidedPiece {
    readonly box: TrafficBox;
    readonly verdict: Verdict;
    readonly decidedBy: ConfigLocation;
    /** For "unknown": why it cannot be decided. */
    readonly why?: string;
}

/**
 * `assumed`: the first rule with a condition the reader does not model whose assumed outcome (see
 * `evaluate`) this part's path rests on: the rule an unknown verdict names.
 */
interface Pending { box: TrafficBox; verdict: Verdict | 'return'; decidedBy?: ConfigLocation; why?: string; assumed?: PolicyRule }

/**
 * How an evaluation treats a condition the reader does not model. `exact`: a policy without such
 * conditions. `upper`: each is assumed to let the packet through where it can (it holds on the
 * rules that accept, not on those that drop): what may pass. `lower`: the reverse: what surely
 * passes. (The bounds of Diekmann et al.'s verified iptables analysis, "Verified iptables Firewall
 * Analysis", IFIP Networking 2016.)
 */
type Mode = 'exact' | 'upper' | 'lower';

/** A box on its way down a chain; `flagged`: behind a condition not modeled that the rest of the chain depends on (see evaluateChain). */
interface Walking { box: TrafficBox; flagged?: PolicyRule; assumed?: PolicyRule }

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
    readonly mode: Mode;
    rules: ReadonlyMap<string, readonly PolicyRule[]>;
    done: ChainResults<Pending[]>;
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
    /** Chains a part may walk behind a condition not modeled (entered by a jump or goto that has one, or from such a chain): their rules end no walk. */
    readonly flaggable: ReadonlySet<string>;
}

const indexed = new WeakMap<FirewallPolicy, IndexedRules>();

/** The chains a walk may enter behind a condition not modeled (see evaluateChain). */
function flaggableChains(policy: FirewallPolicy): Set<string> {
    const out = new Set<string>();
    const todo: string[] = [];
    const add = (chain: string) => { if (!out.has(chain)) { out.add(chain); todo.push(chain); } };
    for (const c of policy.chains.values()) for (const r of c.rules) if (r.condition && (r.action.kind === 'jump' || r.action.kind === 'goto')) add(r.action.chain);
    while (todo.length > 0) for (const r of policy.chains.get(todo.pop()!)?.rules ?? []) if (r.action.kind === 'jump' || r.action.kind === 'goto') add(r.action.chain);
    return out;
}

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
        indexed.set(policy, found = { policy, rules, index: new MatchIndex(rules.map(r => r.match)), flaggable: flaggableChains(policy) });
    }
    return found;
}

/** Whether no traffic a rule matches goes on to the next rule of its chain. */
function endsWalk(rule: PolicyRule): boolean {
    // A rule with a condition not modeled may let the traffic go on.
    if (rule.condition) return false;
    return rule.unknown !== undefined || rule.action.kind === 'accept' || rule.action.kind === 'drop' || rule.action.kind === 'return' || rule.action.kind === 'goto';
}

/**
 * The rules among `items` that traffic of the box can reach: in each chain, none after a rule
 * that matches all of the box and ends the walk there; no rule of a user chain that none of
 * the rules left jumps to.
 */
function reachedRules({ policy, rules, index, flaggable }: IndexedRules, box: TrafficBox, items: readonly number[]): readonly number[] {
    let values: (Line | undefined)[] | undefined;
    // A chain's rules are numbered one after the other: skipped from the rule that ends its walk until the next chain.
    let ended: string | undefined;
    // The chain whose rest a return or goto with a condition not modeled may make a part walk behind it.
    let doubtful: string | undefined;
    let jumps = false;
    const kept: number[] = [];
    for (const i of items) {
        const { chain, rule, match } = rules[i];
        if (chain === ended) continue;
        kept.push(i);
        if (rule.action.kind === 'jump' || rule.action.kind === 'goto') jumps = true;
        if (rule.condition && (rule.action.kind === 'return' || rule.action.kind === 'goto')) doubtful = chain;
        if (chain === doubtful || flaggable.has(chain)) continue;
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

/** Whether a rule's condition not modeled is in question for packets of this state. */
function inQuestion(rule: PolicyRule, state: ConnectionState): boolean {
    return rule.condition !== undefined && (!rule.condition.states || rule.condition.states.has(state));
}

/**
 * Evaluates one chain for a box of traffic in one connection state: every part of the box with
 * the verdict of the first rule that matches it. Parts that fall off the end of a user chain come
 * back as `return`.
 *
 * A rule whose condition the reader does not model (`upper` and `lower` modes) matches what the
 * bound assumes: in `upper`, an accept matches and a drop does not; in `lower` the reverse. Its
 * jump, goto or return makes the rest of the path depend on the condition: a box that takes it
 * walks on `flagged` — the callee (and, after a goto or return, the rest of this chain) — where
 * every rule is as uncertain as the condition (in `upper` drops do not match and returns are not
 * taken, in `lower` accepts). This is the first-match list the chains unfold into, with each
 * condition not modeled replaced by the bound's assumption.
 */
function evaluateChain(walk: Walk, chainName: string, entering: Walking, depth: number): Pending[] {
    const chain = walk.policy.chains.get(chainName);
    const { box } = entering;
    if (!chain) return [{ box, verdict: 'unknown', decidedBy: { file: '', line: 0, text: chainName }, why: `jump to chain '${chainName}', which the configuration does not define`, assumed: entering.assumed }];
    if (depth > MAX_DEPTH) return [{ box, verdict: 'unknown', decidedBy: { file: '', line: 0, text: chainName }, why: 'jumps nest too deep (a loop?)', assumed: entering.assumed }];
    const keyOf = () => `${entering.flagged ? 'f' : ''}${boxKey(chainName, box)}`;
    const { known, key } = depth > 0 ? walk.done.enter(chainName, keyOf) : {};
    if (known) return known;
    const out: Pending[] = [];
    const favoured = walk.mode === 'upper' ? 'accept' : 'drop';
    let remaining: Walking[] = [entering];
    for (const rule of walk.rules.get(chainName) ?? []) {
        if (remaining.length === 0) break;
        if (rule.states && !rule.states.has(walk.state)) continue;
        walk.steps += remaining.length;
        if (walk.steps > MAX_STEPS) {
            for (const w of remaining) out.push({ box: w.box, verdict: 'unknown', decidedBy: rule.location, why: TOO_MANY_PATHS, assumed: w.assumed });
            return out;
        }
        const bounded = walk.mode !== 'exact' && inQuestion(rule, walk.state);
        const next: Walking[] = [];
        for (const w of remaining) {
            const { inside, outside } = splitBox(w.box, rule.match);
            for (const o of outside) next.push({ ...w, box: o });
            if (!inside) continue;
            const here: Walking = { ...w, box: inside };
            if (rule.unknown) {
                out.push({ box: inside, verdict: 'unknown', decidedBy: rule.location, why: rule.unknown, assumed: w.assumed });
                continue;
            }
            const uncertain = bounded || w.flagged !== undefined;
            // The rule the bound's assumption about this part rests on from here.
            const assumed = w.assumed ?? (uncertain ? w.flagged ?? rule : undefined);
            const kind = rule.action.kind;
            if (!uncertain) {
                switch (rule.action.kind) {
                    case 'accept':
                    case 'drop':
                        out.push({ box: inside, verdict: rule.action.kind, decidedBy: rule.location, assumed: w.assumed });
                        break;
                    case 'continue':
                        next.push(here);
                        break;
                    case 'return':
                        out.push({ box: inside, verdict: 'return', decidedBy: rule.location, assumed: w.assumed });
                        break;
                    case 'jump':
                    case 'goto':
                        for (const piece of evaluateChain(walk, rule.action.chain, { box: inside, assumed: w.assumed }, depth + 1)) {
                            // A jump comes back to the next rule; a goto returns to the caller's caller.
                            if (piece.verdict === 'return' && rule.action.kind === 'jump') next.push({ ...w, box: piece.box, assumed: piece.assumed });
                            else out.push(piece);
                        }
                        break;
                }
                continue;
            }
            if (kind === favoured) out.push({ box: inside, verdict: favoured, decidedBy: rule.location, assumed });
            else if (kind === 'accept' || kind === 'drop' || kind === 'continue') next.push({ ...here, assumed });
            else if (kind === 'return' && !bounded) out.push({ box: inside, verdict: 'return', decidedBy: rule.location, assumed });
            else if (kind === 'return') {
                // Taken or not, the part ends up back in the caller; until then the rest of this chain depends on the condition.
                next.push({ box: inside, flagged: w.flagged ?? rule, assumed });
            } else if (rule.action.kind === 'jump' || rule.action.kind === 'goto') {
                const flagged = w.flagged ?? rule;
                for (const piece of evaluateChain(walk, rule.action.chain, { box: inside, flagged, assumed }, depth + 1)) {
                    // Back from the callee: after a jump the chain goes on as before. After a goto whose own
                    // condition is not modeled the rest of this chain depends on it; after any other goto the
                    // part returns to the caller's caller.
                    if (piece.verdict !== 'return') out.push(piece);
                    else if (kind === 'jump') next.push({ box: piece.box, flagged: w.flagged, assumed: piece.assumed ?? assumed });
                    else if (bounded) next.push({ box: piece.box, flagged, assumed: piece.assumed ?? assumed });
                    else out.push(piece);
                }
            }
        }
        remaining = next;
    }
    for (const w of remaining) {
        if (chain.policy) out.push({ box: w.box, verdict: chain.policy.verdict, decidedBy: chain.policy.location, assumed: w.assumed });
        else out.push({ box: w.box, verdict: 'return', assumed: w.assumed });
    }
    if (depth > 0) walk.done.finished(chainName, key, keyOf, out);
    return out;
}

/**
 * What the whole policy does to a box of traffic in one connection state. The box is cut into
 * parts that each meet a few rules (traffic-partition.ts), and each part walks the chains with
 * those rules only: a rule that cannot meet a part changes nothing for it.
 */
export function evaluate(given: FirewallPolicy, box: TrafficBox, state: ConnectionState): DecidedPiece[] {
    const policy = withConditions(given);
    const indexedRules = indexOf(policy), { rules, index } = indexedRules;
    const meeting = index.meeting(box).filter(i => !rules[i].rule.states || rules[i].rule.states!.has(state));
    const bounded = meeting.some(i => inQuestion(rules[i].rule, state));
    const once = (mode: Mode) => {
        const walk: Walk = { policy, state, mode, rules: new Map(), done: new ChainResults(), steps: 0 };
        const out: Pending[] = [];
        for (const cell of partitionTraffic(box, meeting, index, (part, items) => reachedRules(indexedRules, part, items))) {
            walk.rules = chainsOf(rules, cell.items);
            walk.done = new ChainResults();
            out.push(...evaluateEntries(walk, cell.box));
        }
        return out;
    };
    return bounded ? withinBounds(once('upper'), once('lower')) : once('exact').map(decided);
}

/**
 * The same evaluation without cutting: the whole box walks every rule of every chain. What
 * `evaluate` must give, connection for connection (the reference the tests compare it with).
 */
export function evaluateUncut(given: FirewallPolicy, box: TrafficBox, state: ConnectionState): DecidedPiece[] {
    const policy = withConditions(given);
    const rules = new Map([...policy.chains].map(([name, chain]) => [name, chain.rules]));
    const once = (mode: Mode) => evaluateEntries({ policy, state, mode, rules, done: new ChainResults(), steps: 0 }, box);
    const bounded = [...policy.chains.values()].some(c => c.rules.some(r => inQuestion(r, state)));
    return bounded ? withinBounds(once('upper'), once('lower')) : once('exact').map(decided);
}

function decided(p: Pending): DecidedPiece {
    return { box: p.box, verdict: p.verdict as Verdict, decidedBy: p.decidedBy!, why: p.why };
}

/** Why a part is unknown when the bounds disagree: the condition not modeled its verdict rests on, and where it is. */
function dependsOn(rule: PolicyRule | undefined): string {
    if (!rule?.condition) return 'a condition SegPlan does not model decides it';
    const where = rule.location.line > 0 ? `line ${rule.location.line}` : rule.location.text;
    return `${rule.condition.why} (${where}): whether these packets match it decides their verdict`;
}

/**
 * Each part of the traffic by both bounds: surely accepted where even the lower bound accepts,
 * surely dropped where even the upper bound drops; unknown where they disagree (naming the
 * condition not modeled it rests on) or where either cannot tell.
 */
function withinBounds(upper: readonly Pending[], lower: readonly Pending[]): DecidedPiece[] {
    const index = new MatchIndex(lower.map(p => matchOf(p.box)));
    const out: DecidedPiece[] = [];
    for (const u of upper) {
        for (const i of index.meeting(u.box)) {
            const l = lower[i];
            const box = splitBox(u.box, matchOf(l.box)).inside;
            if (!box) continue;
            if (u.verdict === 'unknown') out.push({ ...decided(u), box });
            else if (l.verdict === 'unknown') out.push({ ...decided(l), box });
            else if (u.verdict === l.verdict) out.push({ ...decided(u.verdict === 'accept' ? l : u), box });
            else {
                const assumed = u.assumed ?? l.assumed;
                out.push({ box, verdict: 'unknown', decidedBy: assumed?.location ?? u.decidedBy!, why: dependsOn(assumed) });
            }
        }
    }
    return out;
}

/** The base chains in turn, for one part of the traffic. */
function evaluateEntries(walk: Walk, box: TrafficBox): Pending[] {
    const policy = walk.policy;
    let pending: Pending[] = [{ box, verdict: 'accept', decidedBy: { file: '', line: 0, text: 'no base chain' } }];
    for (const chainName of policy.entry) {
        const next: Pending[] = [];
        for (const p of pending) {
            if (p.verdict !== 'accept') { next.push(p); continue; }
            const chainPolicy = policy.chains.get(chainName)?.policy;
            next.push(...evaluateChain(walk, chainName, { box: p.box, assumed: p.assumed }, 0).map(x => {
                // A base chain has no caller: a return there ends in its policy.
                const y = x.verdict === 'return' ? { ...x, verdict: chainPolicy?.verdict ?? 'accept', decidedBy: chainPolicy?.location ?? x.decidedBy } : x;
                // Passed by a later chain's default: the rule of an earlier chain that accepted it decides.
                const byDefault = y.verdict === 'accept' && (y.decidedBy === chainPolicy?.location || x.verdict === 'return');
                return byDefault && p.decidedBy && p.decidedBy.text !== 'no base chain' ? { ...y, decidedBy: p.decidedBy } : y;
            }));
        }
        pending = next;
    }
    return pending;
}
