import type { DenyRule, UseGuardrail } from '../generated/ast.js';
import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { GUARDRAIL_VIOLATED, REQUIRED_FLOW_DENIED } from '../analysis/guardrail-findings.js';
import { formatCitation } from '../analysis/finding.js';
import { formatPorts } from '../network/ports.js';
import { guardrailOf } from '../plan/plan-denies.js';
import { whyNotRead } from '../plan/rule-not-read.js';

// Hovers of what must never pass: a deny statement (what it forbids, what conflicts with it) and a
// `use guardrail` line (the vendor's guardrail, its denies and the words it quotes).

/** What a deny statement forbids, and how many allow rules and required flows conflict with it. */
export function denyHover(analysis: PlanAnalysis, catalog: Catalog, node: DenyRule): string | undefined {
    const deny = analysis.denies.denies.find(d => d.node === node);
    if (!deny) return undefined;
    const head = `**deny** ${deny.sources.map(e => e.label).join(', ')} → ${deny.destinations.map(e => e.label).join(', ')} ${deny.protocol} ${deny.allPorts ? 'all ports' : formatPorts(deny.ports)}`;
    if (!deny.resolved) return `${head}\n\n⚠ Not read: ${whyNotRead(deny)}. It forbids nothing until it is fixed.`;
    return `${head}\n\nNever passes, whatever the allow rules say: from ${deny.sourceAddresses.format()} to ${deny.destinationAddresses.format()}.\n\n${conflicts(analysis, node)}`;
}

/** The guardrail a `use guardrail` line switches on. */
export function guardrailHover(analysis: PlanAnalysis | undefined, catalog: Catalog, node: UseGuardrail): string | undefined {
    const guardrail = guardrailOf(node, catalog);
    if (!guardrail) return undefined;
    const denies = guardrail.denies.map(d => {
        const side = (e: typeof d.from) => `${e.any ? 'any' : e.typeIds.join(', ')}${e.excludedTypeIds.length ? ` except ${e.excludedTypeIds.join(', ')}` : ''}`;
        return `- deny ${side(d.from)} ${d.bidirectional ? '↔' : '→'} ${side(d.to)} ${d.protocol} ${d.allPorts ? 'all ports' : formatPorts(d.ports)}`;
    });
    const sources = guardrail.sources.map(c => `- ${formatCitation(c)}${c.quote ? `: “${c.quote}”` : ''}`);
    return [`**${guardrail.displayName}** (guardrail ${guardrail.id})`, denies.join('\n'), `Source:\n\n${sources.join('\n')}`, analysis ? conflicts(analysis, node) : '']
        .filter(Boolean).join('\n\n');
}

function conflicts(analysis: PlanAnalysis, node: DenyRule | UseGuardrail): string {
    const rules = new Set(analysis.findings.filter(f => f.code === GUARDRAIL_VIOLATED && f.related?.some(r => r.node === node)).map(f => f.node));
    const flows = analysis.findings.filter(f => f.code === REQUIRED_FLOW_DENIED && f.node === node).length;
    if (rules.size === 0 && flows === 0) return 'No allow rule lets any of it through, and no required flow needs it.';
    return `⚠ ${rules.size} allow rule${rules.size === 1 ? '' : 's'} let${rules.size === 1 ? 's' : ''} some of it through; ${flows} required flow${flows === 1 ? '' : 's'} fall${flows === 1 ? 's' : ''} inside it.`;
}
