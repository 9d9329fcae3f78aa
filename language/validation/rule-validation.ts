import type { ValidationAcceptor } from 'langium';
import type { AllowRule } from '../generated/ast.js';

export const INVALID_DATE = 'invalid-date';

export function checkRuleUntil(rule: AllowRule, accept: ValidationAcceptor): void {
    if (!rule.until) return;
    const [y, m, d] = rule.until.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
        accept('error', `${rule.until} is not a calendar date (YYYY-MM-DD).`, { node: rule, property: 'until', code: INVALID_DATE, data: { code: INVALID_DATE } });
    }
}
