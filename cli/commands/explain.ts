import { explainFlows, explainText } from '../../language/analysis/explain-flows.js';
import { loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

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
    const find = (name: string) => {
        const instance = plan.facts.instances.get(name);
        if (!instance) throw new UsageError(`The plan has no component '${name}'.`);
        return instance;
    };
    const explained = explainFlows(analysis, analyzer.catalog(), find(fromName), find(toName));
    if (json) {
        process.stdout.write(JSON.stringify(explained.map(e => ({
            from: e.from, to: e.to, vendor: e.flow.vendorId, purpose: e.flow.purpose, protocol: e.flow.protocol, scope: e.flow.scope,
            applies: e.applies, why: e.why, citations: e.citations
        })), null, 2) + '\n');
    } else {
        process.stdout.write(explainText(explained));
    }
    return 0;
}
