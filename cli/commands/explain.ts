import { explainFlows, explainText, type ExplainedFlow } from '../../language/analysis/explain-flows.js';
import type { Plan, PlanInstance } from '../../language/plan/plan-model.js';
import { loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

/** A component of the plan by name, or a usage error naming it. */
export function planComponent(plan: Plan, name: string): PlanInstance {
    const instance = plan.facts.instances.get(name);
    if (!instance) throw new UsageError(`The plan has no component '${name}'.`);
    return instance;
}

/** The flows as `segplan explain --json` prints them. */
export function explainJson(explained: readonly ExplainedFlow[]) {
    return explained.map(e => ({
        from: e.from, to: e.to, vendor: e.flow.vendorId, purpose: e.flow.purpose, protocol: e.flow.protocol, scope: e.flow.scope,
        applies: e.applies, why: e.why, citations: e.citations
    }));
}

/**
 * `segplan explain <plan> <component> <component> [--json]`: which catalog flows apply between two
 * components and why, and which were considered and excluded and why.
 */
export async function explainCommand(targets: string[], json: boolean): Promise<number> {
    if (targets.length !== 3) throw new UsageError('segplan explain needs a plan and two component names: segplan explain <plan> <from> <to>.');
    const [file, fromName, toName] = targets;
    const { services, documents } = await loadWorkspace([file]);
    const analyzer = services.analysis.PlanAnalyzer;
    const document = documents[0];
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${file} is not a plan: a plan file starts with plan "<name>".`);
    const analysis = analyzer.analysis(document);
    const plan = analysis.plan;
    const explained = explainFlows(analysis, analyzer.catalog(), planComponent(plan, fromName), planComponent(plan, toName));
    process.stdout.write(json ? JSON.stringify(explainJson(explained), null, 2) + '\n' : explainText(explained));
    return 0;
}
