import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan } from './services.js';

/** A plan's required flows as `source -> destination protocols ports`, and its relation findings as `code: message`. */
export interface RelationSummary { required: string[]; findings: string[] }

export async function analyse(services: SegplanServices, text: string): Promise<RelationSummary> {
    const document = await buildPlan(services, text);
    const analysis = services.analysis.PlanAnalyzer.analysis(document);
    const required = analysis.flows.filter(r => r.flow.required)
        .map(r => `${r.flow.source.name} -> ${r.flow.destination.name} ${r.flow.protocols.join('/')} ${r.flow.portText}`);
    const findings = analysis.findings.filter(f => f.code.startsWith('relation-')).map(f => `${f.code}: ${f.message}`);
    return { required, findings };
}

/**
 * A plan with a head office and a branch, each a site of one zone (mgmt 10.10.0.0/24 and br
 * 10.20.0.0/24), and the components given, one line each: the setting of the relation tests, where
 * who manages whom is decided across sites.
 */
export function headOfficeAndBranchPlan(name: string, ...components: string[]): string {
    return [
        `plan "${name}"`,
        'zone mgmt 10.10.0.0/24',
        'zone br   10.20.0.0/24',
        'site hq zones mgmt',
        'site branch zones br',
        ...components
    ].join('\n') + '\n';
}
