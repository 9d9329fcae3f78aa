import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { generateRules, type GenerateOptions } from '../../language/emit/generate.js';
import { buildRuleSet, type RuleSet } from '../../language/emit/rule-set.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/** A plan loaded the way the server loads it, with its analysis and rule set. */
export interface LoadedPlan {
    readonly name: string;
    readonly services: SegplanServices;
    readonly document: LangiumDocument;
    readonly analysis: PlanAnalysis;
    readonly ruleSet: RuleSet;
    /** The output of one target, generated through the same code path as the CLI and the server. */
    emit(target: string, force?: boolean, previous?: string, options?: Pick<GenerateOptions, 'devicePolicies'>): string;
}

export async function loadPlanText(name: string, text: string): Promise<LoadedPlan> {
    const services = await createTestServices();
    const [document] = await buildDocuments(services, { [name]: text });
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    return {
        name, services, document, analysis,
        ruleSet: buildRuleSet(analysis, analyzer.catalog()),
        emit(target, force = false, previous?: string, options = {}) {
            const outcome = generateRules(services, document, { target, force, previous, ...options });
            if (outcome.kind !== 'generated') throw new Error(`${name} → ${target}: ${JSON.stringify(outcome)}`);
            return outcome.text;
        }
    };
}

export async function loadPlanFile(file: string): Promise<LoadedPlan> {
    return loadPlanText(path.basename(file), readFileSync(file, 'utf8'));
}

/** The plans every emitter test runs on: the project's example (once it exists) and the test plans. */
export function examplePlanFiles(): string[] {
    const root = process.cwd();
    const files = [
        path.join(root, 'examples', 'veeam-reference.segplan'),
        path.join(root, 'test', 'kernel', 'kernel-dual-stack.segplan'),
        path.join(root, 'test', 'emit', 'plans', 'mixed-endpoints.segplan')
    ];
    return files.filter(f => existsSync(f));
}
