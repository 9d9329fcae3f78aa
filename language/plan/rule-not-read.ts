import type { PlanRule, RuleNotRead } from './plan-model.js';

const WHY: Record<RuleNotRead, string> = {
    'syntax-error': 'has a syntax error, so it was not read completely',
    endpoint: 'names something that is not a zone, component or address of the plan',
    'address-in-no-zone': 'names an address that lies in no zone, so no firewall can tell which side it is on',
    port: 'has a port that is not a number or a setting with a valid port',
    date: 'has an until date that is not a date a rule can end on',
    guardrail: 'names a guardrail that is not in the catalogs, or that SegPlan could not read whole'
};

/**
 * Why an allow rule was not read whole, as a phrase after "The allow rule …" (undefined for a rule
 * read whole): the same words in the rule sets' notes, the change request and the hovers.
 */
export function whyNotRead(rule: Pick<PlanRule, 'notRead'>): string | undefined {
    return rule.notRead === undefined ? undefined : WHY[rule.notRead];
}
