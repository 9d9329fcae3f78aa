import { URI } from 'langium';
import { AbstractExecuteCommandHandler, type ExecuteCommandAcceptor, type LangiumSharedServices } from 'langium/lsp';
import { generateRules, targetList, type GenerateOutcome } from '../emit/generate.js';
import type { SegplanServices } from '../segplan-module.js';
import { projectConfigsOf } from '../config/project-configs.js';
import { PLAN_DIAGRAM_COMMAND, planDiagramCommand, type PlanDiagramParams } from './plan-diagram-command.js';
import { AUDIT_CONFIG_COMMAND, auditConfigCommand, auditFormats, LIST_AUDIT_FORMATS_COMMAND, type AuditConfigParams } from './audit-config-command.js';
import { readValidatedPlan } from './read-validated-plan.js';
import { buildRuleSet } from '../emit/rule-set.js';
import { notVerifiedByDefault, overallVerdict, verifyGenerated } from '../verify/verify-generated.js';
import { equalWords, resultLines } from '../verify/verify-text.js';
import { QUERY_ENDS_COMMAND, QUERY_TRAFFIC_COMMAND, queryEndsCommand, queryTrafficCommand, type QueryTrafficParams } from './query-traffic-command.js';

/** Server commands; the VS Code command `segplan.generateFirewallRules` calls them. */
export const GENERATE_RULES_COMMAND = 'segplan.server.generateRules';
export const LIST_TARGETS_COMMAND = 'segplan.server.listRuleTargets';

export interface GenerateRulesParams {
    readonly uri: string;
    readonly target: string;
    readonly force?: boolean;
    /** The earlier version of the output, as applied to the device (the file saved beside the plan). */
    readonly previous?: string;
    /** Verify the output before returning it (the setting `segplan.verifyGeneratedRules`); default: yes. */
    readonly verify?: boolean;
}

/**
 * What the command returns: the generated rules with what verifying them found (`verification`:
 * "verified: allows exactly the plan" or why not), or `not-verified` when the rules do not allow
 * exactly the plan (they are not returned, as `generate` writes nothing then).
 */
export type VerifiedGenerateOutcome =
    | (GenerateOutcome & { readonly verification?: string })
    | { readonly kind: 'not-verified'; readonly message: string };

/**
 * Generates firewall rules on the server, from the same analysis the diagnostics come from, with
 * the code path the CLI uses. The plan must be open or on disk; generation waits until it has
 * been validated so its errors are known.
 */
export class GenerateRulesCommandHandler extends AbstractExecuteCommandHandler {
    constructor(private readonly shared: LangiumSharedServices) {
        super();
    }

    override registerCommands(acceptor: ExecuteCommandAcceptor): void {
        acceptor(LIST_TARGETS_COMMAND, args => this.targets(args[0] as { uri?: unknown } | undefined));
        acceptor(GENERATE_RULES_COMMAND, (args, token) => this.generate(args[0] as GenerateRulesParams | undefined, token));
        acceptor(PLAN_DIAGRAM_COMMAND, (args, token) => planDiagramCommand(this.shared, args[0] as PlanDiagramParams | undefined, token));
        acceptor(AUDIT_CONFIG_COMMAND, (args, token) => auditConfigCommand(this.shared, args[0] as AuditConfigParams | undefined, token));
        acceptor(LIST_AUDIT_FORMATS_COMMAND, () => auditFormats());
        acceptor(QUERY_ENDS_COMMAND, (args, token) => queryEndsCommand(this.shared, args[0] as { uri?: unknown } | undefined, token));
        acceptor(QUERY_TRAFFIC_COMMAND, (args, token) => queryTrafficCommand(this.shared, args[0] as QueryTrafficParams | undefined, token));
    }

    /** The targets; with a plan's URI, the one its segplan.json names as `defaultTarget` is marked. */
    private targets(params: { uri?: unknown } | undefined) {
        const project = typeof params?.uri === 'string' ? projectConfigsOf(this.shared).nearest(URI.parse(params.uri))?.config.defaultTarget : undefined;
        return targetList().map(t => (t.id === project ? { ...t, projectDefault: true } : t));
    }

    private async generate(params: GenerateRulesParams | undefined, token: Parameters<Parameters<ExecuteCommandAcceptor>[1]>[1]): Promise<VerifiedGenerateOutcome> {
        if (!params || typeof params.uri !== 'string' || typeof params.target !== 'string') {
            return { kind: 'not-a-plan', message: 'Generating rules needs the plan file and a target.' };
        }
        const uri = URI.parse(params.uri);
        const services = this.shared.ServiceRegistry.getServices(uri) as SegplanServices;
        // The zone names of the plan's segplan.json, as `segplan generate` uses them.
        const zoneNames = projectConfigsOf(this.shared).nearest(uri)?.config.zoneNames;
        const analyzer = services.analysis.PlanAnalyzer;
        const loaded = await readValidatedPlan(this.shared, uri, token, document => {
            const outcome = generateRules(services, document, { target: params.target, force: params.force === true, zoneNames, previous: typeof params.previous === 'string' ? params.previous : undefined });
            if (outcome.kind !== 'generated' || params.verify === false) return { outcome };
            const analysis = analyzer.analysis(document);
            return { outcome, analysis, ruleSet: outcome.ruleSet?.() ?? buildRuleSet(analysis, analyzer.catalog()) };
        });
        if (!('read' in loaded)) return { kind: 'not-a-plan', message: loaded.message };
        const { outcome, analysis, ruleSet } = loaded.read;
        if (outcome.kind !== 'generated') return outcome;
        // The client reads the text (spreading reads it); sending the chunks too would double the message.
        // The rule set stays here: a function cannot cross to the client (a browser worker's
        // postMessage refuses it, where JSON would only drop it).
        const generated = { ...outcome, chunks: undefined, ruleSet: undefined };
        if (!analysis || !ruleSet) return generated;
        // Where generate does not verify unless asked (a large rule set, nftables text), neither does the editor.
        const skipped = notVerifiedByDefault(outcome.target, ruleSet);
        if (skipped) return { ...generated, verification: `not verified: ${skipped.replace(/: give --verify$/, '')}` };
        const verification = await verifyGenerated(analysis, ruleSet, outcome.target, generated.text, { zoneNames });
        const verdict = overallVerdict(verification);
        const why = verification.kind === 'cannot-verify' ? [verification.why]
            : verification.results.filter(r => r.verdict !== 'equal').flatMap(r => resultLines(r).slice(0, 6));
        if (verdict === 'different') return { kind: 'not-verified', message: `The ${outcome.target} rules do not allow exactly the plan, so they were not opened: ${why.join(' ')}` };
        return { ...generated, verification: verdict === 'equal' ? equalWords(verification.kind === 'verified' ? verification.results : []) : `not verified: ${why.join(' ')}` };
    }
}
