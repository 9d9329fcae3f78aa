import type { LangiumDocument } from 'langium';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import { notEarlierVersion } from './earlier-version.js';
import type { EmitOptions, EmitResult } from './emitter.js';
import { checkLineLengths } from './line-bounds.js';
import { EMITTERS, findEmitter } from './registry.js';
import { buildRuleSet, type RuleSet } from './rule-set.js';
import { NOT_CHECKED_CODES } from '../validation/segplan-document-validator.js';
import { importClosure } from '../workspace/plan-imports.js';

/**
 * The one code path that turns a plan into a rule set, for the language server's command and the
 * CLI alike.
 */

export interface GenerateOptions {
    readonly target: string;
    /** Generate even though the plan has errors; the output then starts with a warning. */
    readonly force?: boolean;
    /** Zone → its zone or interface name on the device (`--map zone=name`). */
    readonly zoneNames?: ReadonlyMap<string, string>;
    /** The earlier version of the file, as on the device (see EmitOptions.previous). */
    readonly previous?: string;
    /** The device's policies in list order (see EmitOptions.devicePolicies). */
    readonly devicePolicies?: EmitOptions['devicePolicies'];
}

export type GenerateOutcome =
    | ({
        readonly kind: 'generated'; readonly target: string; readonly languageId: string; readonly fileSuffix: string;
        /**
         * The rule set the output was written from: its proof reads the same one, not one made
         * again. A function, so that the outcome sent or printed as JSON does not carry it.
         */
        readonly ruleSet?: () => RuleSet;
    } & EmitResult)
    /** The plan has errors and `force` was not given: what blocks it, as `file:line: message`. */
    | { readonly kind: 'blocked'; readonly errors: readonly string[]; readonly notChecked?: boolean }
    | { readonly kind: 'unknown-target'; readonly message: string }
    /** `previous` is not this target's SegPlan output: `looksLike` says what it looks like instead. */
    | { readonly kind: 'not-an-earlier-version'; readonly message: string; readonly looksLike: string }
    | { readonly kind: 'not-a-plan'; readonly message: string };

export function targetList(): { id: string; label: string; detail: string; fileSuffix: string }[] {
    return EMITTERS.map(e => ({ id: e.id, label: e.label, detail: e.detail, fileSuffix: e.fileSuffix }));
}

/** Errors in the plan and the files it imports, as `file:line: message`, in file order; `codes` keeps only those. */
export function planErrors(services: SegplanCoreServices, document: LangiumDocument, codes?: ReadonlySet<string>): string[] {
    // The plan's files without its analysis: a plan too large to analyse still lists its errors.
    const errors: string[] = [];
    for (const d of importClosure(document, services.shared.workspace.LangiumDocuments)) {
        const file = d.uri.path.split('/').pop() ?? d.uri.path;
        // In line order: the checks report by kind (syntax, names, flows), a reader goes down the file.
        const inLineOrder = [...d.diagnostics ?? []].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        for (const diagnostic of inLineOrder) {
            if ((diagnostic.severity ?? 1) !== 1) continue;
            const code = String(diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code ?? '');
            if (codes && !codes.has(code)) continue;
            errors.push(`${file}:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
        }
    }
    return errors;
}

export function generateRules(services: SegplanCoreServices, document: LangiumDocument, options: GenerateOptions): GenerateOutcome {
    const emitter = findEmitter(options.target);
    if (!emitter) {
        return { kind: 'unknown-target', message: `Unknown target '${options.target}'. Targets: ${EMITTERS.map(e => e.id).join(', ')}.` };
    }
    const earlier = emitter.earlierVersion && options.previous !== undefined ? { ...emitter, earlierVersion: emitter.earlierVersion } : undefined;
    const looksLike = earlier && notEarlierVersion(earlier, options.previous!);
    if (looksLike) {
        const message = `The earlier version given is not SegPlan's ${emitter.label} output but ${looksLike}: its leftovers cannot be deleted. Give the ${emitter.label} file of the version on the device.`;
        return { kind: 'not-an-earlier-version', message, looksLike };
    }
    const analyzer = services.analysis.PlanAnalyzer;
    if (!analyzer.isPlan(document)) {
        return { kind: 'not-a-plan', message: `${document.uri.path.split('/').pop()} is not a plan: a plan file starts with plan "<name>".` };
    }
    const errors = planErrors(services, document);
    // A plan SegPlan could not check has no known allowed set: never generated, --force or not.
    const notChecked = planErrors(services, document, NOT_CHECKED_CODES);
    if (notChecked.length > 0) return { kind: 'blocked', errors: notChecked, notChecked: true };
    if (errors.length > 0 && !options.force) return { kind: 'blocked', errors };
    const ruleSet = buildRuleSet(analyzer.analysis(document), analyzer.catalog());
    const result = emitter.emit(ruleSet, { planErrors: errors, zoneNames: options.zoneNames, previous: options.previous, devicePolicies: options.devicePolicies });
    // No output with a line longer than its reader takes leaves here, whatever the plan holds.
    checkLineLengths(emitter, result);
    // Not spread: a chunked result's text is joined only if read (the CLI writes the chunks).
    return {
        kind: 'generated', target: emitter.id, languageId: emitter.languageId, fileSuffix: emitter.fileSuffix,
        warnings: result.warnings, chunks: result.chunks, ruleSet: () => ruleSet, get text() { return result.text; }
    };
}
