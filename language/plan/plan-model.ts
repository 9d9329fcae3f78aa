import type { LangiumDocument } from 'langium';
import type { PlanHeader, SegplanDocument } from '../generated/ast.js';
import { statementsOf } from './file-statements.js';
import { readFacts, type PlanFacts } from './plan-facts.js';
import { readPolicy, type PlanPolicy } from './plan-policy.js';
import { finishBuild, startBuild } from './plan-reuse.js';

export type { PlanFacts, PlanInstance, PlanPortOverride, PlanRelationStatement, PlanRequirement, PlanZone } from './plan-facts.js';
export { DEFAULT_SITE, instanceAtom, parsedBlocks } from './plan-facts.js';
export type { PlanDeny, PlanGuardrailSource, PlanPolicy, PlanRule, PlanRuleEndpoint, PlanTraffic, RuleNotRead } from './plan-policy.js';

/**
 * One plan as SegPlan reads it: its facts (plan-facts.ts: zones, sites, pairs, components,
 * features, port settings, relations as written, `require` lines), which the analysis derives the
 * required flows from, and its policy (plan-policy.ts: allow rules, denies, guardrails), which
 * covers them.
 */
export interface Plan {
    readonly name: string;
    readonly header?: PlanHeader;
    readonly documents: readonly LangiumDocument[];
    readonly facts: PlanFacts;
    readonly policy: PlanPolicy;
}

/**
 * Builds the plan a document describes, together with the files it imports. Elements whose names
 * clash keep their first definition (the file's own come first); validation reports the clash.
 *
 * Given the previous build of the same plan, what did not change keeps its object (plan-reuse.ts),
 * so that the incremental analysis can tell by identity what an edit touched.
 */
export function buildPlan(documents: readonly LangiumDocument[], previous?: Plan, options: BuildOptions = {}): Plan {
    if (options.forNextBuild === false) return buildPlanOnce(documents, undefined, false, false)!;
    return buildPlanOnce(documents, previous, true, true) ?? buildPlanOnce(documents, previous, false, true)!;
}

export interface BuildOptions {
    /**
     * Whether a next build of the plan may start from this one (default: yes). The CLI builds a
     * plan once: it keeps nothing for a next build — no key per zone, component and allow rule,
     * no record per statement of what it made.
     */
    readonly forNextBuild?: boolean;
}

/**
 * One build; with `reuse`, undefined when a file's kept components turn out to clash with a name
 * an earlier file now gives a component (the caller builds again without reuse).
 */
function buildPlanOnce(documents: readonly LangiumDocument[], previous: Plan | undefined, reuse: boolean, keep: boolean): Plan | undefined {
    const build = startBuild(previous, keep);
    const roots = documents.map(d => d.parseResult.value as SegplanDocument);
    const files = roots.map(statementsOf);
    const facts = readFacts(documents, files, previous?.facts, build, reuse);
    if (!facts) return undefined;
    const policy = readPolicy(documents, files, facts, previous?.policy, build);
    const header = roots[0]?.header;
    const plan: Plan = { name: header?.name ?? '', header, documents, facts, policy };
    finishBuild(plan, build);
    return plan;
}
