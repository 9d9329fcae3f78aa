import type { Catalog, CatalogFlow } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance } from '../plan/plan-model.js';
import { formatCitations } from './finding.js';
import { endpointMismatch, flowApplies, scopeMismatch } from './required-flows.js';
import type { BindingHow, PlanRelations } from './relations.js';
import { ONE_OF_RELATIONS, RELATION_WORDS } from '../catalog/catalog-model.js';

/**
 * Why SegPlan requires, or does not require, each catalog flow between two components: the tool an
 * engineer uses when they doubt a requirement. Every catalog flow whose types could connect the two
 * (source type → destination type, either way round) is listed, applied or excluded, with the reason.
 */

export interface ExplainedFlow {
    readonly flow: CatalogFlow;
    readonly from: string;
    readonly to: string;
    readonly applies: boolean;
    /** Why it applies, or the first reason it does not. */
    readonly why: string;
    readonly citations: string;
}

function describe(flow: CatalogFlow): string {
    const ports = flow.ports.map(p => (p.kind === 'fixed' ? p.text : `${p.settingId} (${p.defaultPort})`)).join(', ');
    return `${flow.from.typeId} -> ${flow.to.typeId} ${flow.protocol} ${ports} "${flow.purpose}" [${flow.vendorId}, ${flow.relation ? `follows ${flow.relation.name}` : `scope ${flow.scope}`}]`;
}

/** Subject and object of a relation flow's pair: the component that states the relation, and the one it names. */
function roles(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance): [PlanInstance, PlanInstance] {
    return flow.relation!.subjectIsSource ? [source, destination] : [destination, source];
}

function relationMismatch(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance, relations: PlanRelations): string | undefined {
    if (relations.binding(flow, source, destination)) return undefined;
    const [subject, object] = roles(flow, source, destination);
    return `the flow follows \`${RELATION_WORDS[flow.relation!.kind]}\`, and ${subject.name} is not \`${RELATION_WORDS[flow.relation!.kind]} ${object.name}\` (declared or inferred)`;
}

/** How a relation bound a pair, in words: a one-of relation inferred has one candidate, a many-of one binds every candidate. */
export function bindingWords(flow: CatalogFlow, how: BindingHow): string {
    if (how === 'declared') return 'as the plan says';
    if (how === 'undecided') return 'undecided: one of several candidates, none named';
    return ONE_OF_RELATIONS.has(flow.relation!.kind) ? 'inferred: the only candidate' : 'inferred: none named, every candidate';
}

function relationHolds(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance, relations: PlanRelations): string {
    const how = relations.binding(flow, source, destination)!;
    const [subject, object] = roles(flow, source, destination);
    return `${subject.name} is \`${RELATION_WORDS[flow.relation!.kind]} ${object.name}\` (${bindingWords(flow, how)})`;
}

function explainOne(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance, { plan, relations }: Explained, catalog: Catalog): ExplainedFlow {
    const base = { flow, from: source.name, to: destination.name, citations: formatCitations(flow.sources) };
    const platforms = relations.platforms;
    const reason = endpointMismatch(source, flow.from, catalog, flow.vendorId, platforms) ?? endpointMismatch(destination, flow.to, catalog, flow.vendorId, platforms)
        ?? (flowApplies(flow, plan.facts) ? undefined : `the plan does not use ${flow.featureIds.filter(f => !plan.facts.features.has(f)).join(', ')} (add \`use ${flow.featureIds.filter(f => !plan.facts.features.has(f)).join('`, `use ')}\`)`)
        ?? (flow.relation ? relationMismatch(flow, source, destination, relations) : scopeMismatch(flow, source, destination, plan.facts, catalog));
    if (reason) return { ...base, applies: false, why: reason };
    const conditions = [...flow.conditions];
    return {
        ...base, applies: true,
        why: `${source.name} is ${flow.from.typeId}${flow.from.os ? ` (${flow.from.os})` : ''}, ${destination.name} is ${flow.to.typeId}${flow.to.os ? ` (${flow.to.os})` : ''}; ${flow.relation ? relationHolds(flow, source, destination, relations) : `scope ${flow.scope} holds`}`
            + (flow.featureIds.length ? `; feature ${flow.featureIds.join(', ')} in use` : '')
            + (conditions.length ? `; ${conditions.join(', ')}` : '')
    };
}

/** What an explanation reads of an analysis: the plan, and who works with whom in it. */
interface Explained {
    readonly plan: Plan;
    readonly relations: PlanRelations;
}

/** Every catalog flow between the two components (both directions) whose types could connect them. */
export function explainFlows(analysis: Explained, catalog: Catalog, a: PlanInstance, b: PlanInstance): ExplainedFlow[] {
    const ancestors = (i: PlanInstance) => catalog.ancestorsOf(i.typeId);
    const out: ExplainedFlow[] = [];
    for (const flow of catalog.flows) {
        if (ancestors(a).has(flow.from.typeId) && ancestors(b).has(flow.to.typeId)) out.push(explainOne(flow, a, b, analysis, catalog));
        if (a !== b && ancestors(b).has(flow.from.typeId) && ancestors(a).has(flow.to.typeId)) out.push(explainOne(flow, b, a, analysis, catalog));
    }
    return out;
}

export function explainText(explained: readonly ExplainedFlow[]): string {
    if (explained.length === 0) return 'No catalog flow connects the types of these two components.\n';
    const lines: string[] = [];
    for (const applies of [true, false]) {
        const part = explained.filter(e => e.applies === applies);
        if (!part.length) continue;
        lines.push(applies ? 'Required:' : 'Considered and not required:');
        for (const e of part) lines.push(`  ${e.from} -> ${e.to}: ${describe(e.flow)}`, `      ${applies ? 'because' : 'not required:'} ${e.why}`, `      source: ${e.citations}`);
    }
    return lines.join('\n') + '\n';
}
