import { generateRules, targetList } from '../../language/emit/generate.js';
import { EMITTERS, findEmitter } from '../../language/emit/registry.js';
import { verifyBeforeWriting } from '../generate-verify.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { projectConfigsOf } from '../../language/config/project-configs.js';
import { cannot } from '../io-error.js';
import { printable } from '../terminal-text.js';
import { UsageError } from '../usage-error.js';
import { writeJoined } from '../text-writer.js';
import { replacedWhole, writeFileAtomically } from '../atomic-write.js';
import { readRegularText } from '../../language/workspace/node/regular-file.js';
import { MAX_PLAN_BYTES } from '../../language/workspace/node/regular-file-system-provider.js';
import { policyOrder } from '../../language/audit/importers/fortigate-config.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import type { ConfigInput } from '../../language/audit/run-audit.js';
import type { DevicePolicies } from '../../language/emit/fortigate-deny-placement.js';
import { readConfig } from './audit.js';

const STDOUT = 1;

export interface GenerateCommandOptions {
    readonly target?: string;
    readonly output?: string;
    readonly listTargets: boolean;
    readonly force: boolean;
    /** `zone=name`: the device's name for a zone's zone or interface. */
    readonly maps?: readonly string[];
    /** The earlier version of the output, as applied to the device; default: the file `-o` overwrites. */
    readonly previous?: string;
    /** `--verify`: an output that cannot be verified is an error. */
    readonly verify?: boolean;
    /** `--no-verify`: the output is written unverified. Neither: verified where that is on by default. */
    readonly noVerify?: boolean;
    /** `--device-config` (FortiGate): the device's configuration as exported, whose policies the denies are placed above. */
    readonly deviceConfig?: string;
}

/** `--device-config`: the device's configuration and its policies in list order, for a target whose output is placed among them (FortiGate). */
function deviceConfigOf(file: string | undefined, target: string): (ConfigInput & { readonly devicePolicies: DevicePolicies }) | undefined {
    if (file === undefined) return undefined;
    if (!findEmitter(target)?.placedAmongDevicePolicies) {
        const placed = EMITTERS.filter(e => e.placedAmongDevicePolicies).map(e => e.id).join(', ');
        throw new UsageError(`--device-config is for the ${placed} target, whose policies are placed by the ids of the device's own; ${target} output is placed without it.`);
    }
    const config = readConfig(file);
    try {
        return { ...config, devicePolicies: { file: config.file, ids: policyOrder(config.text, config.file) } };
    } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(`--device-config: ${error.message}. Nothing was written.`);
        throw error;
    }
}

/**
 * The earlier version: `--previous`, else the file about to be overwritten (a first run has none,
 * and an empty file, made ready for the output, is none either; nor is a device or FIFO written
 * through, such as -o /dev/stdout).
 */
export async function previousVersion(options: GenerateCommandOptions): Promise<string | undefined> {
    const file = options.previous ?? options.output;
    if (!file) return undefined;
    if (!options.previous && !replacedWhole(file)) return undefined;
    try {
        const text = readRegularText(file, MAX_PLAN_BYTES);
        return text === '' && !options.previous ? undefined : text;
    } catch (error) {
        if (!options.previous && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw cannot('read', file, error);
    }
}

/**
 * `segplan generate <plan> --target <target> [-o file] [--force]` and `segplan generate --list-targets`.
 * Exit 0 when written, 1 when the plan's errors block it, 2 for usage or I/O errors.
 */
export function zoneNamesOf(maps: readonly string[]): Map<string, string> {
    const names = new Map<string, string>();
    for (const map of maps) {
        const [zone, name] = map.split('=');
        if (!zone || !name) throw new UsageError(`--map takes <zone>=<name on the device>, not '${map}'.`);
        names.set(zone, name);
    }
    return names;
}

export async function generateCommand(targets: string[], options: GenerateCommandOptions): Promise<number> {
    if (options.listTargets) {
        const list = targetList();
        const width = Math.max(...list.map(t => t.id.length));
        for (const t of list) process.stdout.write(`${t.id.padEnd(width)}  ${t.label}: ${t.detail}\n`);
        return 0;
    }
    if (targets.length !== 1) throw new UsageError('segplan generate needs exactly one plan file.');
    if (options.verify && options.noVerify) throw new UsageError('--verify and --no-verify contradict each other: give one.');
    // Only errors block generating (and --force lists them in the output): warnings are not written.
    const { services, documents } = await loadWorkspace(targets, { errorsOnly: true });
    // A folder may hold several plans: generating from whichever sorts first would be a guess.
    const plans = documents.filter(d => services.analysis.PlanAnalyzer.isPlan(d));
    if (plans.length > 1) {
        throw new UsageError(`${targets[0]} holds ${plans.length} plans; name the one to generate from: ${plans.map(displayPath).join(', ')}.`);
    }
    const document = plans[0] ?? documents[0];
    // segplan.json gives the default target and zone names; the command line overrides them.
    const project = projectConfigsOf(services.shared).nearest(document.uri)?.config;
    const target = options.target ?? project?.defaultTarget;
    if (!target) throw new UsageError('segplan generate needs --target <target> (or "defaultTarget" in segplan.json); see segplan generate --list-targets.');
    const zoneNames = new Map([...project?.zoneNames ?? [], ...zoneNamesOf(options.maps ?? [])]);
    const device = deviceConfigOf(options.deviceConfig, target);
    const outcome = generateRules(services, document, {
        target, force: options.force, zoneNames, previous: await previousVersion(options), devicePolicies: device?.devicePolicies
    });
    switch (outcome.kind) {
        case 'unknown-target':
        case 'not-a-plan':
            throw new UsageError(outcome.message);
        case 'not-an-earlier-version':
            // Nothing is written: the file -o names may be the only copy of what is on the device (or not SegPlan's at all).
            throw new UsageError(options.previous
                ? `--previous ${printable(options.previous)} is not SegPlan's ${target} output but ${outcome.looksLike}: give the ${target} file of the version on the device. Nothing was written.`
                : `${printable(options.output!)} is not SegPlan's ${target} output but ${outcome.looksLike}; it would be read as the version on the device and overwritten. Give that version with --previous, or write elsewhere with -o. Nothing was written.`);
        case 'blocked':
            if (outcome.notChecked) {
                process.stderr.write(`segplan: ${displayPath(document)} could not be checked; no rules generated (--force cannot override this):\n`);
                for (const e of outcome.errors) process.stderr.write(`  ${e}\n`);
                return 2;
            }
            process.stderr.write(`segplan: ${displayPath(document)} has ${outcome.errors.length} error(s); no rules generated (use --force to generate anyway):\n`);
            for (const e of outcome.errors) process.stderr.write(`  ${printable(e)}\n`);
            return 1;
        case 'generated': {
            for (const w of outcome.warnings) process.stderr.write(`segplan: warning: ${printable(w)}\n`);
            const refused = await verifyBeforeWriting(services, document, outcome, { asked: options.noVerify ? false : options.verify || undefined, zoneNames, device });
            if (refused !== undefined) return refused;
            if (options.output) {
                writeFileAtomically(options.output, fd => writeJoined(fd, outcome.chunks ?? [outcome.text], '\n'));
            } else {
                try {
                    writeJoined(STDOUT, outcome.chunks ?? [outcome.text], '\n');
                } catch (error) {
                    // A reader that stops early (`| head`) closes the pipe: its choice, not a failure
                    // (as for process.stdout, see main.ts); the rules were generated.
                    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
                }
            }
            return 0;
        }
    }
}
