import type { ValidationAcceptor } from 'langium';
import { isInstance, type AllowRule, type PortItem, type RuleEndpoint, type SegplanDocument } from '../generated/ast.js';
import { statementsOf } from '../plan/file-statements.js';
import { startLineOf } from '../parser/node-position.js';
import { untilDateProblem } from '../network/until-date.js';

export const INVALID_DATE = 'invalid-date';
export const EXPIRED_RULE = 'expired-rule';
/** An allow rule that says exactly what an earlier one says. */
export const REPEATED_RULE = 'repeated-rule';
/** `allow vbr -> vbr`: a component's traffic to itself never passes a firewall. */
export const RULE_TO_ITSELF = 'rule-to-itself';

function endpointText(e: RuleEndpoint): string {
    return e.any ? 'any' : e.address ? `address ${e.address.value ?? ''}` : e.target?.$refText ?? '';
}

function portText(p: PortItem): string {
    return p.setting ? p.setting.$refText : p.perType ? `${p.value} ${p.perCount} per ${p.perType.$refText}` : String(p.value);
}

/** A list's part of a rule's key: one item (most rules' endpoints and ports) is its own text; a set and a sort only for more. */
function listKey<T>(items: readonly T[], text: (item: T) => string): string {
    if (items.length === 1) return text(items[0]);
    if (items.length === 2) {
        const a = text(items[0]), b = text(items[1]);
        return a === b ? a : a < b ? `${a},${b}` : `${b},${a}`;
    }
    return [...new Set(items.map(text))].sort().join(',');
}

/** What a rule allows, independent of the order its endpoints and ports are written in. */
function ruleKey(rule: AllowRule): string {
    return `${listKey(rule.sources, endpointText)}|${listKey(rule.destinations, endpointText)}|${rule.protocol}|${listKey(rule.ports, portText)}|${rule.until ?? ''}`;
}

/** Two allow rules in a file that allow the same thing: one of them is a leftover. */
export function checkRepeatedRules(root: SegplanDocument, accept: ValidationAcceptor): void {
    const first = new Map<string, AllowRule>();
    const rules = statementsOf(root).rules;
    for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (rule.sources.length === 0 || rule.destinations.length === 0 || !rule.protocol) continue; // a syntax error
        const key = ruleKey(rule);
        const earlier = first.get(key);
        if (earlier) {
            const line = startLineOf(earlier) + 1;
            accept('warning', `This allow rule repeats the one on line ${line}; remove one of them.`, { node: rule, code: REPEATED_RULE, data: { code: REPEATED_RULE } });
        } else {
            first.set(key, rule);
        }
    }
}

export function checkRuleToItself(rule: AllowRule, accept: ValidationAcceptor): void {
    // The few destinations a rule names are compared directly: a set per rule cost more than the
    // comparisons. Indexed loops, no closures: this runs for every rule, mostly in cold code.
    const sources = rule.sources, destinations = rule.destinations;
    for (let index = 0; index < sources.length; index++) {
        const instance = sources[index].target?.ref;
        if (!isInstance(instance)) continue;
        for (let d = 0; d < destinations.length; d++) {
            if (destinations[d].target?.ref !== instance) continue;
            accept('warning', `${instance.name} is both source and destination: a component's traffic to itself never passes a firewall. Name the other end of the flow.`,
                { node: rule, property: 'sources', index, code: RULE_TO_ITSELF, data: { code: RULE_TO_ITSELF } });
            break;
        }
    }
}

/** Today as YYYY-MM-DD (UTC), the form `until` dates are written in. */
function today(): string {
    return new Date().toISOString().slice(0, 10);
}

export function checkRuleUntil(rule: AllowRule, accept: ValidationAcceptor): void {
    if (!rule.until) return;
    const problem = untilDateProblem(rule.until);
    if (problem) {
        // The rule is not read (plan-model): never emitted with a date rolled over or out of range.
        accept('error', problem, { node: rule, property: 'until', code: INVALID_DATE, data: { code: INVALID_DATE } });
    } else if (rule.until < today()) {
        // `until` includes its day. The analysis still counts the rule (a plan's meaning does not
        // change with the calendar); the emitted rule sets carry the date and stop allowing it.
        accept('warning', `This temporary rule expired at the end of ${rule.until}: firewalls that honour the date no longer allow it. Remove it, or set a later \`until\` if the work is not finished.`,
            { node: rule, property: 'until', code: EXPIRED_RULE, data: { code: EXPIRED_RULE } });
    }
}
