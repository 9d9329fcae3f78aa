// One measurement in a process of its own (`npm run bench` runs it): what `generate --verify` adds,
// target by target, on one plan — the rule-heavy plan (`heavy <zones> <components> <rules>`), the
// same with its first allow rule temporary (`heavy-temporary …`: ending in 90 days), or a plan file
// (`file <path>`) — after the targets, comma-separated. One JSON line.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateRules } from '../language/emit/generate.js';
import { buildRuleSet, type RuleSet } from '../language/emit/rule-set.js';
import { notVerifiedByDefault, overallVerdict, verifyGenerated } from '../language/verify/verify-generated.js';
import { loadPlanText } from './loaded-bench-plan.js';
import { generateRuleHeavyPlan } from './rule-heavy-plan.js';

const [shape, ...rest] = process.argv.slice(2);
const targets = rest.pop()!.split(',');
const heavy = shape === 'heavy' || shape === 'heavy-temporary';
/** 90 days ahead, as a plan writes a date: the proof is made before and after it. */
const ending = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
const plain = heavy ? generateRuleHeavyPlan(...(rest.map(Number) as [number, number, number])).text : readFileSync(rest[0], 'utf8');
const text = shape === 'heavy-temporary' ? plain.replace(/^(allow .*)$/m, `$1 until ${ending}`) : plain;
if (shape === 'heavy-temporary' && text === plain) throw new Error('the rule-heavy plan has no allow rule to make temporary');
const { services, document, analysis } = await loadPlanText(text, heavy ? 'rule-heavy.segplan' : path.basename(rest[0]));
const analyzer = services.analysis.PlanAnalyzer;

interface TargetFigures {
    generateMs: number;
    verifyMs?: number;
    verdict?: 'equal' | 'different' | 'unknown';
    /** Why generate does not verify it unless asked, when it does not. */
    notByDefault?: string;
    /** Why it was not generated (a plan a target cannot write). */
    notGenerated?: string;
}

const figures: Record<string, TargetFigures> = {};
// As `generate` runs: the generation builds the rule set (the one it emits), and the proof reads that one.
let ruleSet: RuleSet | undefined;
for (const target of targets) {
    const started = performance.now();
    const outcome = generateRules(services, document, { target, force: true });
    const generateMs = performance.now() - started;
    if (outcome.kind !== 'generated') {
        figures[target] = { generateMs, notGenerated: outcome.kind };
        continue;
    }
    const generated = outcome.ruleSet?.() ?? buildRuleSet(analysis, analyzer.catalog());
    ruleSet ??= generated;
    const verifying = performance.now();
    const verification = await verifyGenerated(analysis, generated, target, outcome.text);
    figures[target] = { generateMs, verifyMs: performance.now() - verifying, verdict: overallVerdict(verification), notByDefault: notVerifiedByDefault(target, generated) };
}
ruleSet ??= buildRuleSet(analysis, analyzer.catalog());
console.log(JSON.stringify({ rules: ruleSet.rules.length, hostRules: ruleSet.hosts.reduce((n, h) => n + h.rules.length, 0), targets: figures }));
