import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument, URI } from 'langium';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { generateRules, type GenerateOptions } from '../../language/emit/generate.js';
import { buildRuleSet, type RuleSet } from '../../language/emit/rule-set.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { isBuiltinUri } from '../../language/workspace/builtin-catalogs.js';

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
    return loadedPlan(services, name, (await buildDocuments(services, { [name]: text }))[0]);
}

/**
 * One plan at a time, in one set of services: each load deletes the plan loaded before, so a plan
 * it gave is good until the next load. For a property that loads a plan per case: fresh services
 * (a parser made anew, the catalogs revived) cost more than loading a small plan. The plan is
 * parsed, linked, validated and analysed anew, in a workspace that holds only the built-in
 * catalogs and it (checked at each load), as in fresh services.
 */
export class PlanSlot {
    private services?: SegplanServices;
    private last?: URI;

    async load(name: string, text: string): Promise<LoadedPlan> {
        const services = this.services ??= await createTestServices();
        if (this.last) await services.shared.workspace.DocumentBuilder.update([], [this.last]);
        const [document] = await buildDocuments(services, { [name]: text });
        this.last = document.uri;
        const held = services.shared.workspace.LangiumDocuments.all.filter(d => !isBuiltinUri(d.uri)).map(d => d.uri.toString()).toArray();
        if (held.length !== 1) throw new Error(`the plan slot holds ${held.join(', ')}, not one plan`);
        return loadedPlan(services, name, document);
    }
}

function loadedPlan(services: SegplanServices, name: string, document: LangiumDocument): LoadedPlan {
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
