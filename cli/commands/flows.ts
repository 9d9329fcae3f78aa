import { AstUtils, type LangiumDocument } from 'langium';
import type { FlowResult } from '../../language/analysis/analyze-plan.js';
import { formatCitation } from '../../language/analysis/finding.js';
import { formatPorts } from '../../language/network/ports.js';
import { startLineOf } from '../../language/parser/node-position.js';
import type { PlanInstance } from '../../language/plan/plan-model.js';
import { importClosure } from '../../language/workspace/plan-imports.js';
import { findingLine, unreadParts } from '../diagnostics.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { printable } from '../terminal-text.js';
import { writeLines } from '../line-output.js';
import { UsageError } from '../usage-error.js';

function endpoint(instance: PlanInstance) {
    return { instance: instance.name, type: instance.typeId, zone: instance.zone.name, site: instance.zone.site || null, addresses: instance.addresses.format() };
}

/** A required flow as `segplan flows --json` prints it. */
export function flowJson(result: FlowResult) {
    const { flow } = result;
    const conditions = [...new Set(flow.catalogFlows.flatMap(f => [...f.conditions]))].sort();
    return {
        source: endpoint(flow.source),
        destination: endpoint(flow.destination),
        protocol: flow.protocols.length === 2 ? 'tcp/udp' : flow.protocols[0],
        ports: flow.portText.split(', '),
        purpose: flow.purpose,
        vendor: [...new Set(flow.catalogFlows.map(f => f.vendorId))].join(', '),
        conditions,
        features: [...new Set(flow.catalogFlows.flatMap(f => f.featureIds))].sort(),
        citations: flow.sources.map(formatCitation),
        // The relation that bound the pair (`manages`, declared in the plan or inferred), or null.
        relation: flow.relation ? { name: flow.relation.name, how: flow.relation.how } : null,
        status: result.status,
        rules: result.rules.map(rule => ({
            file: AstUtils.getDocument(rule.node).uri.fsPath,
            line: startLineOf(rule.node) + 1,
            text: rule.node.$cstNode?.text.replace(/\s+/g, ' ') ?? ''
        })),
        missing: (result.coverage?.gaps ?? []).map(g => ({
            protocol: g.protocol, ports: formatPorts(g.ports), sources: g.sources.format(), destinations: g.destinations.format()
        }))
    };
}

/** `segplan flows <plan>`: every required flow with its coverage. */
export async function flowsCommand(targets: string[], json: boolean): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan flows needs exactly one plan file.');
    const { services, documents } = await loadWorkspace(targets);
    const analyzer = services.analysis.PlanAnalyzer;
    const plans: LangiumDocument[] = documents.filter(d => analyzer.isPlan(d));
    if (plans.length === 0) throw new UsageError(`${targets[0]} is not a plan: a plan file starts with plan "<name>".`);
    // A CI job reads this list as the plan's truth: when part of the plan was not understood, the
    // list is incomplete — say what was not read, and exit 1 so that the job stops (as check does).
    const unread = plans.flatMap(plan => importClosure(plan, services.shared.workspace.LangiumDocuments)).flatMap(d => unreadParts(d, displayPath(d)));
    if (unread.length) {
        process.stderr.write(`segplan: ${printable(targets[0])} could not be read completely, so the list of flows is incomplete:\n`);
        for (const d of unread) process.stderr.write(`${findingLine(d)}\n`);
    }
    const output = plans.map(document => ({
        plan: analyzer.analysis(document).plan.name,
        file: displayPath(document),
        flows: analyzer.analysis(document).flows.map(flowJson)
    }));
    if (json) {
        process.stdout.write(JSON.stringify(output.length === 1 ? output[0] : output, null, 2) + '\n');
    } else {
        writeLines(process.stdout, flowsText(output));
    }
    return unread.length ? 1 : 0;
}

/** The text output: per plan, a line naming it and a line per required flow. */
function* flowsText(output: readonly { plan: string; file: string; flows: readonly ReturnType<typeof flowJson>[] }[]): Iterable<string> {
    for (const plan of output) {
        yield `plan "${printable(plan.plan)}" (${printable(plan.file)}): ${plan.flows.length} required flow(s)`;
        for (const f of plan.flows) yield printable(`  ${f.status.padEnd(12)} ${f.source.instance} -> ${f.destination.instance} ${f.protocol} ${f.ports.join(', ')}  ${f.purpose}`);
    }
}
