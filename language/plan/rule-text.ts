import { formatPorts } from '../network/ports.js';
import type { PlanRule } from './plan-model.js';

/**
 * An allow rule as one line of the plan's own language, without its description:
 * `allow vbr -> proxy tcp 2500-3300, 6160 until 2030-01-31`. Says what the rule is, not where it
 * stands, so a change request or a diff can point at it when lines move.
 */
export function allowRuleText(rule: PlanRule): string {
    const endpoints = `${rule.sources.map(s => s.label).join(', ')} -> ${rule.destinations.map(d => d.label).join(', ')}`;
    return `allow ${endpoints} ${rule.protocol}${rule.allPorts ? '' : ` ${formatPorts(rule.ports)}`}${rule.until ? ` until ${rule.until}` : ''}`;
}
