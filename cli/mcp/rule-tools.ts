import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import { projectConfigsOf } from '../../language/config/project-configs.js';
import { generateRules, targetList } from '../../language/emit/generate.js';
import { writeFileAtomically } from '../atomic-write.js';
import { previousVersion } from '../commands/generate.js';
import { verifyBeforeWriting, type ProofVerdict } from '../generate-verify.js';
import { printable } from '../terminal-text.js';
import { writeJoined } from '../text-writer.js';
import type { McpServer } from './mcp-sdk.js';
import { z } from './mcp-sdk.js';
import { checkedFile, loadPlan, planInputShape } from './plan-input.js';
import { toolAnswer, ToolInputError } from './tool-result.js';
import type { ToolContext } from './tool-context.js';

function targetsText(): string {
    const list = targetList();
    const width = Math.max(...list.map(t => t.id.length));
    return list.map(t => `${t.id.padEnd(width)}  ${t.label}: ${t.detail}`).join('\n') + '\n';
}

/**
 * Where generate_rules may write: a file name (no folder) in the folder of the plan it was given,
 * which is not a plan and not a link or device that would write elsewhere. Checked before the plan
 * is read; the server must have been started with --allow-writes.
 */
function outputBesidePlan(output: string, planPath: string | undefined, allowWrites: boolean): string {
    if (!allowWrites) {
        throw new ToolInputError('This server does not write files (it was started without --allow-writes): leave out `output` to get the rules as text, '
            + 'or start it as `segplan mcp --allow-writes` to let generate_rules write them beside the plan.');
    }
    if (planPath === undefined) throw new ToolInputError('`output` is written beside the plan file: give the plan as `path`, not as `text`.');
    if (output === '' || output === '.' || output === '..' || /[/\\\0]/.test(output)) {
        throw new ToolInputError(`\`output\` is a file name in the plan's folder, without a folder of its own: not '${output}'.`);
    }
    if (output.toLowerCase().endsWith('.segplan')) throw new ToolInputError(`'${output}' would be a plan file: rules are written to a file of their own (nftables.nft, rules.csv, …).`);
    const target = path.join(path.dirname(planPath), output);
    let info;
    try {
        info = lstatSync(target);
    } catch {
        return target; // a new file
    }
    if (!info.isFile()) throw new ToolInputError(`'${output}' in the plan's folder is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}: generate_rules replaces only a regular file there.`);
    return target;
}

export function registerRuleTools(server: McpServer, context: ToolContext): void {
    server.registerTool('list_targets', {
        title: 'Firewall targets',
        description: 'The firewall platforms generate_rules writes rule sets for (as `segplan generate --list-targets`).',
        inputSchema: z.object({}),
        annotations: context.readOnly
    }, () => context.answer(() => toolAnswer(targetsText(), { targets: targetList() })));

    server.registerTool('generate_rules', {
        title: 'Generate a firewall rule set',
        description: 'As `segplan generate`: the rule set of one target (see list_targets) from the plan\'s allow rules, and what its proof says '
            + '(read back, it must allow exactly the plan\'s allow rules: equal, different, cannot-verify or not-verified). Rules that do not allow exactly '
            + 'the plan are not given. A plan with errors gives none unless `force` is set. Returned as text; written to a file only when the server was '
            + 'started with --allow-writes, and then only to `output` in the plan\'s own folder.',
        inputSchema: z.object({
            ...planInputShape,
            target: z.string().optional().describe('The target (nftables, iptables, cisco-asa, panos, fortigate, …); default: "defaultTarget" of segplan.json.'),
            map: z.record(z.string(), z.string()).optional().describe('Zone → its zone or interface name on the device, as --map zone=name.'),
            previous: z.string().optional().describe('The file of the version on the device (ASA, PAN-OS, FortiGate delete what it left); default: `output` when it exists.'),
            force: z.boolean().optional().describe('Generate although the plan has errors; the output then starts with a warning.'),
            verify: z.boolean().optional().describe('true: an output that cannot be verified is an error; false: do not verify. Default: verify where the target can be.'),
            output: z.string().optional().describe('A file name in the plan\'s folder to write the rules to (only with --allow-writes).')
        }),
        annotations: context.allowWrites
            ? { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }
            : context.readOnly
    }, input => context.answer(async () => {
        const planPath = input.path === undefined || input.text !== undefined ? undefined : checkedFile(input.path, '`path`');
        const output = input.output === undefined ? undefined : outputBesidePlan(input.output, planPath, context.allowWrites);
        const previousFile = input.previous === undefined ? undefined : checkedFile(input.previous, '`previous`');
        // Only errors block generating (and `force` lists them in the output): warnings are not written.
        const plan = await loadPlan(input, { errorsOnly: true });
        const project = projectConfigsOf(plan.services.shared).nearest(plan.document.uri)?.config;
        const target = input.target ?? project?.defaultTarget;
        if (!target) throw new ToolInputError(`Give a target (or "defaultTarget" in segplan.json): ${targetList().map(t => t.id).join(', ')}.`);
        const zoneNames = new Map([...project?.zoneNames ?? [], ...Object.entries(input.map ?? {})]);
        const previous = await previousVersion({ listTargets: false, force: false, output, previous: previousFile });
        const outcome = generateRules(plan.services, plan.document, { target, force: input.force === true, zoneNames, previous });
        switch (outcome.kind) {
            case 'unknown-target':
            case 'not-a-plan':
                throw new ToolInputError(outcome.message);
            case 'not-an-earlier-version':
                throw new ToolInputError(previousFile
                    ? `\`previous\` ${input.previous} is not SegPlan's ${target} output but ${outcome.looksLike}: give the ${target} file of the version on the device. Nothing was written.`
                    : `${input.output} is not SegPlan's ${target} output but ${outcome.looksLike}; it would be read as the version on the device and overwritten. Give that version as \`previous\`, or another \`output\`. Nothing was written.`);
            case 'blocked': {
                const why = outcome.notChecked
                    ? `${plan.file} could not be checked; no rules generated (force cannot override this):`
                    : `${plan.file} has ${outcome.errors.length} error(s); no rules generated (set force to generate anyway):`;
                return toolAnswer(`${printable(why)}\n${outcome.errors.map(e => `  ${printable(e)}`).join('\n')}\n`,
                    { target, generated: false, errors: outcome.errors, notChecked: outcome.notChecked === true, written: null });
            }
            case 'generated': {
                const said: string[] = [];
                let verdict: ProofVerdict = 'not-verified';
                const refused = await verifyBeforeWriting(plan.services, plan.document, outcome, {
                    asked: input.verify === false ? false : input.verify || undefined, zoneNames,
                    write: text => said.push(...text.split('\n').filter(Boolean).map(l => l.replace(/^segplan: /, ''))),
                    proven: v => { verdict = v; }
                });
                const warnings = outcome.warnings.map(w => `warning: ${printable(w)}`);
                const proof = { verdict, lines: said };
                if (refused !== undefined) {
                    return toolAnswer([...warnings, ...said, 'No rules are given: they would not allow exactly the plan, or could not be verified as asked.'].join('\n') + '\n',
                        { target, generated: false, proof, warnings: outcome.warnings, written: null });
                }
                if (output) writeFileAtomically(output, fd => writeJoined(fd, outcome.chunks ?? [outcome.text], '\n'));
                const rules = outcome.chunks ? outcome.chunks.join('\n') : outcome.text;
                const head = [...warnings, ...said, ...output ? [`written to ${output}`] : []].join('\n');
                return toolAnswer(`${head}${head ? '\n\n' : ''}${rules}${rules.endsWith('\n') ? '' : '\n'}`, {
                    target, languageId: outcome.languageId, fileSuffix: outcome.fileSuffix, generated: true, rules, proof,
                    warnings: outcome.warnings, written: output ?? null
                });
            }
        }
    }));
}
