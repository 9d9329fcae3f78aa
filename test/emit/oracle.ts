import { AddressSet } from '../../language/network/addresses.js';
import type { Plan, PlanRule } from '../../language/plan/plan-model.js';

/**
 * What the plan allows, asked directly of its allow rules — independent of the rule set and the
 * emitters, so tests compare the emitted rules with the plan and not with themselves.
 */

export type Family = 'ipv4' | 'ipv6';
export type Transport = 'tcp' | 'udp';

export function ipSet(kind: Family, value: bigint): AddressSet {
    return AddressSet.of([{ kind, interval: { from: value, to: value } }]);
}

/** Whether a rule is still in force on `today` (`YYYY-MM-DD`): `until` is the last day it applies. */
export function inForce(rule: PlanRule, today: string): boolean {
    return !rule.until || rule.until >= today;
}

export function ruleCarries(rule: PlanRule, protocol: Transport, port: number): boolean {
    if (rule.protocol !== 'any' && rule.protocol !== 'tcp/udp' && rule.protocol !== protocol) return false;
    return rule.ports.some(r => r.from <= port && port <= r.to);
}

/** Whether some allow rule in force lets `source → destination protocol port` through. */
export function planAllows(plan: Plan, kind: Family, source: bigint, destination: bigint, protocol: Transport, port: number, today: string): boolean {
    const s = ipSet(kind, source), d = ipSet(kind, destination);
    // A rule not read whole (an error on it) allows nothing.
    return plan.policy.rules.some(rule => rule.resolved && inForce(rule, today) && ruleCarries(rule, protocol, port)
        && rule.sourceAddresses.contains(s) && rule.destinationAddresses.contains(d));
}

export function todayUtc(): string {
    return new Date().toISOString().slice(0, 10);
}
