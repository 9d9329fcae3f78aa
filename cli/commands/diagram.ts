import { writeFileAtomically } from '../atomic-write.js';
import { writeJoined } from '../text-writer.js';
import { DIAGRAM_FORMATS, exportDiagram, type DiagramFormat } from '../../language/diagram/plan-diagram.js';
import { planErrors } from '../../language/emit/generate.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

export interface DiagramCommandOptions {
    readonly format?: string;
    readonly zone?: string;
    readonly level?: string;
    readonly theme?: string;
    readonly output?: string;
}

/**
 * `segplan diagram <plan> [--format svg|mermaid|dot] [--zone z] [--level zone|component]
 * [--theme light|dark] [-o file]`: the plan's picture. Exit 0 when written, 2 for usage or I/O
 * errors. A plan with errors is still drawn (the picture shows what is missing), with a warning.
 */
export async function diagramCommand(targets: string[], options: DiagramCommandOptions): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan diagram needs exactly one plan file.');
    const format = (options.format ?? 'svg') as DiagramFormat;
    if (!DIAGRAM_FORMATS.includes(format)) throw new UsageError(`--format must be ${DIAGRAM_FORMATS.join(', ')}, not '${options.format}'.`);
    if (options.level !== undefined && options.level !== 'zone' && options.level !== 'component') throw new UsageError(`--level must be zone or component, not '${options.level}'.`);
    if (options.theme !== undefined && options.theme !== 'light' && options.theme !== 'dark') throw new UsageError(`--theme must be light or dark, not '${options.theme}'.`);
    const { services, documents } = await loadWorkspace(targets);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${targets[0]} is not a plan: a plan file starts with plan "<name>".`);
    const analysis = analyzer.analysis(document);
    if (options.zone !== undefined && !analysis.plan.facts.zones.has(options.zone)) {
        throw new UsageError(`The plan has no zone '${options.zone}'. Zones: ${[...analysis.plan.facts.zones.keys()].sort().join(', ')}.`);
    }
    const errors = planErrors(services, document);
    if (errors.length > 0) process.stderr.write(`segplan: warning: ${displayPath(document)} has ${errors.length} error(s); the diagram shows the plan as far as it could be read.\n`);
    const text = await exportDiagram(analysis, analyzer.catalog(), format, {
        zone: options.zone, level: options.level as 'zone' | 'component' | undefined, theme: options.theme as 'light' | 'dark' | undefined
    });
    if (options.output) {
        writeFileAtomically(options.output, fd => writeJoined(fd, [text]));
    } else {
        process.stdout.write(text);
    }
    return 0;
}
