import type { ValidationAcceptor } from 'langium';
import type { AllowRule } from '../generated/ast.js';

export const INVALID_DATE = 'invalid-date';
export const EXPIRED_RULE = 'expired-rule';

/** Today as YYYY-MM-DD (UTC), the form `until` dates are written in. */
function today(): string {
    return new Date().toISOString().slice(0, 10);
}

export function checkRuleUntil(rule: AllowRule, accept: ValidationAcceptor): void {
    if (!rule.until) return;
    const [y, m, d] = rule.until.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
        accept('error', `${rule.until} is not a calendar date (YYYY-MM-DD).`, { node: rule, property: 'until', code: INVALID_DATE, data: { code: INVALID_DATE } });
    } else if (rule.until < today()) {
        // `until` includes its day. The analysis still counts the rule (a plan's meaning does not
        // change with the calendar); the emitted rule sets carry the date and stop allowing it.
        accept('warning', `This temporary rule expired at the end of ${rule.until}: firewalls that honour the date no longer allow it. Remove it, or set a later \`until\` if the work is not finished.`,
            { node: rule, property: 'until', code: EXPIRED_RULE, data: { code: EXPIRED_RULE } });
    }
}
