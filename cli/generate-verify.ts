import type { LangiumDocument } from 'langium';
import type { GenerateOutcome } from '../language/emit/generate.js';
import { buildRuleSet } from '../language/emit/rule-set.js';
import type { SegplanCoreServices } from '../language/segplan-core-module.js';
import { importerForTarget, notVerifiedByDefault, overallVerdict, verifyGenerated, type GeneratedVerification } from '../language/verify/verify-generated.js';
import { denyPlacementViolations } from '../language/verify/deny-placement.js';
import type { ConfigInput } from '../language/audit/run-audit.js';
import { ConfigError } from '../language/audit/importers/importer.js';
import type { PlanAnalysis } from '../language/analysis/analyze-plan.js';
import type { Catalog } from '../language/catalog/catalog-model.js';
import { guardrailLine, where } from '../language/audit/audit-report-markdown.js';
import type { DevicePolicies } from '../language/emit/fortigate-deny-placement.js';
import { equalWords, resultLines } from '../language/verify/verify-text.js';
import { printable } from './terminal-text.js';
import { writeJoined } from './text-writer.js';

/** What the proof of generated rules found: `not-verified` when it was not run (`--no-verify`, or a target not verified by default). */
export type ProofVerdict = 'equal' | 'different' | 'cannot-verify' | 'not-verified';

/** Standard error, written through its descriptor: generate makes neither output stream (see commands/generate.ts). */
const STDERR = 2;

/**
 * `generate --verify`: the output, read back in memory, must allow exactly the plan before it is
 * written. Returns the exit code when nothing may be written: 1 when the output differs from the
 * plan, 2 when `--verify` was asked for and the output cannot be verified. On by default for the
 * targets verifiedByDefault names; `--no-verify` turns it off.
 */
export async function verifyBeforeWriting(
    services: SegplanCoreServices, document: LangiumDocument, outcome: Extract<GenerateOutcome, { kind: 'generated' }>,
    options: {
        readonly asked?: boolean; readonly zoneNames?: ReadonlyMap<string, string>; readonly write?: (text: string) => void;
        /** `--device-config`: the device's configuration the output places its denies above (FortiGate). */
        readonly device?: ConfigInput & { readonly devicePolicies: DevicePolicies };
        /** Told what the proof found (segplan mcp answers with it). */
        readonly proven?: (verdict: ProofVerdict) => void;
    }
): Promise<number | undefined> {
    const proven = options.proven ?? (() => undefined);
    if (options.asked === false) {
        proven('not-verified');
        return undefined;
    }
    const write = options.write ?? ((text: string) => writeJoined(STDERR, [text]));
    const say = (line: string) => write(`segplan: ${printable(line)}\n`);
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    const ruleSet = outcome.ruleSet?.() ?? buildRuleSet(analysis, analyzer.catalog());
    if (options.device && ruleSet.denies.length > 0) {
        const refused = await checkDenyPlacement(analysis, analyzer.catalog(), outcome, options.device, options, say);
        if (refused !== undefined) {
            proven(refused === 1 ? 'different' : 'cannot-verify');
            return refused;
        }
    }
    const skipped = options.asked ? undefined : notVerifiedByDefault(outcome.target, ruleSet);
    if (skipped) {
        say(`note: ${outcome.target} output is not verified (${skipped}).`);
        proven('not-verified');
        return undefined;
    }
    const verification = await verifyGenerated(analysis, ruleSet, outcome.target, outcome.text, { zoneNames: options.zoneNames, devicePolicies: options.device?.devicePolicies });
    let verdict = overallVerdict(verification);
    if (verification.kind === 'cannot-verify') {
        say(`${outcome.target}: cannot be verified: ${verification.why}.`);
    } else if (verdict !== 'equal' || verification.results.length !== 1) {
        for (const r of verification.results) for (const line of resultLines(r)) if (r.verdict !== 'equal' || line === resultLines(r)[0]) say(line);
    }
    if (verdict === 'different' && onlyLeftOut(verification)) {
        // What --force left out (allow rules a deny not read whole could forbid part of) is all that differs:
        // the output is narrower than the plan as written, never wider, and is not called verified.
        say(`${outcome.target}: every difference is an allow rule the output leaves out (see its notes): it is not exactly the plan.`);
        verdict = 'unknown';
    }
    proven(verdict === 'equal' || verdict === 'different' ? verdict : 'cannot-verify');
    if (verdict === 'equal') {
        say(`${outcome.target}: ${equalWords(verification.kind === 'verified' ? verification.results : [])}.`);
        return undefined;
    }
    if (verdict === 'different') {
        const refused = verification.kind === 'verified' && verification.results.some(r => r.loading?.some(l => l.outcome === 'refused'));
        say(`${outcome.target}: ${refused ? 'the platform\'s own reader refuses the output' : 'the output does not allow exactly the plan'}; nothing was written.`);
        return 1;
    }
    if (options.asked) {
        say(`${outcome.target}: --verify was given and the output cannot be verified; nothing was written (generate with --no-verify to write it unverified).`);
        return 2;
    }
    say(`${outcome.target}: the output is written unverified.`);
    return undefined;
}

/** Whether every difference found is traffic of an allow rule the rule set left out (RuleSet.withheld). */
function onlyLeftOut(verification: GeneratedVerification): boolean {
    return verification.kind === 'verified' && verification.results.every(r => r.differences.every(d => d.kind === 'not-allowed' && d.plan?.leftOut));
}

/**
 * The header says the denies stand above every policy of the device's configuration: proven over
 * that configuration, or nothing is written (1 when a policy lets denied traffic through; 2 when
 * it cannot be proven and --verify was given).
 */
async function checkDenyPlacement(
    analysis: PlanAnalysis, catalog: Catalog, outcome: Extract<GenerateOutcome, { kind: 'generated' }>, device: ConfigInput,
    options: { readonly asked?: boolean; readonly zoneNames?: ReadonlyMap<string, string> }, say: (line: string) => void
): Promise<number | undefined> {
    let violations;
    try {
        violations = await denyPlacementViolations(analysis, catalog, importerForTarget(outcome.target)!, device, { text: outcome.text, file: `${outcome.target} output` }, { zoneNames: options.zoneNames });
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        say(`${outcome.target}: where the denies stand over ${device.file} cannot be verified: ${error.message}.`);
        if (!options.asked) return undefined;
        say(`${outcome.target}: --verify was given; nothing was written.`);
        return 2;
    }
    if (violations.length === 0) {
        say(`${outcome.target}: pasted over ${device.file}, the plan's denies stand above every policy it holds.`);
        return undefined;
    }
    say(`${outcome.target}: pasted over ${device.file}, the output does not keep out what the plan's denies forbid:`);
    for (const v of violations) say(`  guardrail-violated ${guardrailLine(v)}  [${where(v.decidedBy)}]`);
    say(`${outcome.target}: nothing was written.`);
    return 1;
}
