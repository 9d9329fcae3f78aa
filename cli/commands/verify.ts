import { ConfigError } from '../../language/audit/importers/importer.js';
import { AuditInputError, interfacesOf, PLAN_ERRORS_THAT_STOP_AN_AUDIT } from '../../language/audit/run-audit.js';
import { planErrors } from '../../language/emit/generate.js';
import { buildRuleSet } from '../../language/emit/rule-set.js';
import { importerOf, readableConfigs, VerifyInputError } from '../../language/verify/read-configs.js';
import { latestExpiryOf } from '../../language/verify/verify-generated.js';
import { verifyConfigs, type VerifyResult } from '../../language/verify/verify.js';
import { displayPath } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';
import { verifyJson, verifySarif, verifyText } from '../verify-output.js';
import { loadPlanAndConfigs, timeOfJudging } from './audit.js';

export interface VerifyCommandOptions {
    readonly configs: readonly string[];
    readonly configFormat?: string;
    readonly format?: string;
    readonly maps: readonly string[];
    readonly host?: string;
    readonly now?: string;
    readonly deviceGroup?: string;
}

/** Exit codes: the configuration allows exactly the plan, it does not, SegPlan cannot tell (or usage and I/O errors). */
export const VERIFY_EXIT = { equal: 0, different: 1, unknown: 2 } as const;

/**
 * `segplan verify <plan> --config <file> [--config <file> …] [--config-format <format>]
 * [--map zone=name …] [--host component] [--format text|json|sarif]`. Several files of one device
 * format are applied in the order given (version 1, then version 2: the second apply).
 */
export async function verifyCommand(targets: string[], options: VerifyCommandOptions, version: string): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan verify needs exactly one plan file.');
    if (options.configs.length === 0) throw new UsageError('segplan verify needs --config <file>: the rule set or device configuration to verify.');
    const format = options.format ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'.`);
    const now = timeOfJudging(options.now);

    const { configs, services, document, analyzer } = await loadPlanAndConfigs(targets, options.configs);
    // A plan not read whole has no known allowed set: nothing can be proven against it.
    const errors = planErrors(services, document, PLAN_ERRORS_THAT_STOP_AN_AUDIT);
    if (errors.length > 0) {
        process.stderr.write(`segplan: ${displayPath(document)} has ${errors.length} error(s) that leave what it allows unknown; fix them before verifying:\n`);
        for (const e of errors.slice(0, 20)) process.stderr.write(`  ${e}\n`);
        return VERIFY_EXIT.unknown;
    }
    const analysis = analyzer.analysis(document);
    if (options.host !== undefined && !analysis.plan.facts.instances.has(options.host)) throw new UsageError(`The plan has no component '${options.host}'.`);
    let result: VerifyResult;
    try {
        const readable = readableConfigs(configs, config => importerOf(config, options.configFormat, '--config-format'));
        result = await verifyConfigs(analysis, buildRuleSet(analysis, analyzer.catalog()), readable, {
            now, interfaces: interfacesOf(analysis, options.maps, true), host: options.host, formatGiven: options.configFormat !== undefined,
            latestExpiry: latestExpiryOf(readable.map(c => c.importer.id)), deviceGroup: options.deviceGroup
        });
    } catch (error) {
        if (error instanceof ConfigError || error instanceof AuditInputError || error instanceof VerifyInputError) throw new UsageError(error.message);
        throw error;
    }
    const configFile = configs.map(c => c.file).join(', ');
    const planFile = displayPath(document);
    process.stdout.write(format === 'json' ? verifyJson(result, configFile) : format === 'sarif' ? verifySarif(result, planFile, version) : verifyText(result, configFile));
    return VERIFY_EXIT[result.verdict];
}
