import type { FirewallPolicy, PolicyRule } from './firewall-policy.js';
import type { TrafficMatch } from './traffic-space.js';

/**
 * The first packets of connections a policy accepts, when it says so as a plain list: from its
 * base chain, through jumps that take every packet, nothing but accept rules (and rules for other
 * connection states) before a drop of every packet. Then a connection's first packet is accepted
 * exactly when it matches one of those rules, whatever their order: the accepted set is their
 * union. SegPlan's own outputs have this shape; a configuration of any other shape (a drop between
 * accepts, a condition not modeled, a jump that only some packets take) gives undefined, and its
 * traffic is evaluated piece by piece as the audit does.
 */

/** Jumps followed into user chains; deeper nesting is left to the piece-by-piece evaluation. */
const MOST_JUMPS = 8;

/** A rule that matches every packet (of the state it applies to). */
export function matchesAll(match: TrafficMatch): boolean {
    return Object.values(match).every(v => v === undefined);
}

/** Whether the reader knows all of what the rule does to the packets it matches. */
export function readWhole(rule: PolicyRule): boolean {
    return rule.unknown === undefined && rule.condition === undefined && rule.uncertain === undefined;
}

/** The matches of the accept rules new connections meet, or undefined when the policy is not such a list. */
export function acceptedFirstPackets(policy: FirewallPolicy): TrafficMatch[] | undefined {
    if (policy.entry.length !== 1) return undefined;
    const accepts: TrafficMatch[] = [];
    /** How a chain's walk ends: every packet dropped, or back to the caller (a user chain's end). */
    const walk = (name: string, depth: number): 'dropped' | 'returned' | undefined => {
        const chain = policy.chains.get(name);
        if (!chain || depth > MOST_JUMPS) return undefined;
        for (const rule of chain.rules) {
            if (rule.states && !rule.states.has('new')) continue;
            if (!readWhole(rule)) return undefined;
            const action = rule.action;
            if (action.kind === 'accept') { accepts.push(rule.match); continue; }
            if (!matchesAll(rule.match)) return undefined;
            if (action.kind === 'drop') return 'dropped';
            if (action.kind !== 'jump') return undefined;
            const ended = walk(action.chain, depth + 1);
            if (ended !== 'returned') return ended;
        }
        // A base chain ends in its policy; a user chain returns to the rule after the jump.
        if (depth === 0) return chain.policy?.verdict === 'drop' ? 'dropped' : undefined;
        return chain.policy ? undefined : 'returned';
    };
    return walk(policy.entry[0], 0) === 'dropped' ? accepts : undefined;
}
