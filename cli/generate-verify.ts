import type { LangiumDocument } from 'langium';
import type { GenerateOutcome } from '../language/emit/generate.js';
import { buildRuleSet } from '../language/emit/rule-set.js';
import type { SegplanCoreServices } from '../language/segplan-core-module.js';
import { notVerifiedByDefault, overallVerdict, verifyGenerated } from '../language/verify/verify-generated.js';
import { resultLines, VERIFIED } from '../language/verify/verify-text.js';
import { printable } from './terminal-text.js';
import { writeJoined } from './text-writer.js';

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
    options: { readonly asked?: boolean; readonly zoneNames?: ReadonlyMap<string, string>; readonly write?: (text: string) => void }
): Promise<number | undefined> {
    if (options.asked === false) return undefined;
    const write = options.write ?? ((text: string) => writeJoined(STDERR, [text]));
    const say = (line: string) => write(`segplan: ${printable(line)}\n`);
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    const ruleSet = buildRuleSet(analysis, analyzer.catalog());
    const skipped = options.asked ? undefined : notVerifiedByDefault(outcome.target, ruleSet);
    if (skipped) {
        say(`note: ${outcome.target} output is not verified (${skipped}).`);
        return undefined;
    }
    const verification = await verifyGenerated(analysis, ruleSet, outcome.target, outcome.text, { zoneNames: options.zoneNames });
    const verdict = overallVerdict(verification);
    if (verification.kind === 'cannot-verify') {
        say(`${outcome.target}: cannot be verified: ${verification.why}.`);
    } else if (verdict !== 'equal' || verification.results.length !== 1) {
        for (const r of verification.results) for (const line of resultLines(r)) if (r.verdict !== 'equal' || line === resultLines(r)[0]) say(line);
    }
    if (verdict === 'equal') {
        say(`${outcome.target}: ${VERIFIED}.`);
        return undefined;
    }
    if (verdict === 'different') {
        say(`${outcome.target}: the output does not allow exactly the plan; nothing was written.`);
        return 1;
    }
    if (options.asked) {
        say(`${outcome.target}: --verify was given and the output cannot be verified; nothing was written (generate with --no-verify to write it unverified).`);
        return 2;
    }
    say(`${outcome.target}: the output is written unverified.`);
    return undefined;
}
