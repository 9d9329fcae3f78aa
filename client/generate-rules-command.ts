import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { baseName, isStoredFile } from './uri-names.js';

/**
 * "SegPlan: Generate Firewall Rules…": pick a target, let the language server generate the rules
 * (the same code path as `segplan generate`), open them in a new editor, and offer to save them
 * beside the plan. A plan with errors is refused with the list of what blocks it, unless the user
 * confirms; the output then starts with a warning.
 */

export const GENERATE_FIREWALL_RULES = 'segplan.generateFirewallRules';
const SERVER_GENERATE = 'segplan.server.generateRules';
const SERVER_TARGETS = 'segplan.server.listRuleTargets';
const LAST_TARGET_KEY = 'segplan.rules.lastTarget';
const SHOW_PROBLEMS = 'Show Problems';
const GENERATE_ANYWAY = 'Generate Anyway';

interface Target { id: string; label: string; detail: string; fileSuffix?: string; projectDefault?: boolean }

type Outcome =
    | { kind: 'generated'; target: string; languageId: string; fileSuffix: string; text: string; warnings: string[]; verification?: string }
    | { kind: 'blocked'; errors: string[] }
    | { kind: 'unknown-target' | 'not-a-plan' | 'not-an-earlier-version' | 'not-verified'; message: string };

/** Options for scripted use (tests, other extensions): skip the pickers and prompts. */
export interface GenerateRulesOptions {
    readonly target?: string;
    /** Generate although the plan has errors, without asking. */
    readonly force?: boolean;
    /** Save the result beside the plan without asking. */
    readonly saveBesidePlan?: boolean;
}

function planUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'segplan' ? editor.document.uri : undefined;
}

async function pickTarget(context: vscode.ExtensionContext, targets: Target[]): Promise<string | undefined> {
    const last = context.workspaceState.get<string>(LAST_TARGET_KEY) ?? context.globalState.get<string>(LAST_TARGET_KEY);
    const configured = vscode.workspace.getConfiguration('segplan').get<string>('rules.defaultTarget');
    // The plan's segplan.json (`defaultTarget`) comes before the personal setting.
    const project = targets.find(t => t.projectDefault)?.id;
    const first = [last, project, configured].filter((t): t is string => !!t && targets.some(x => x.id === t));
    const ordered = [...new Set([...first, ...targets.map(t => t.id)])].map(id => targets.find(t => t.id === id)!);
    const picked = await vscode.window.showQuickPick(
        // Labelled by the target's name: typing `nftables` ranks the exact name before `nftables-host`.
        ordered.map(t => ({ label: t.id, description: t.id === last ? `${t.label} (last used)` : t.label, detail: t.detail, id: t.id })),
        { title: 'SegPlan: Generate Firewall Rules', placeHolder: 'Target platform or format', matchOnDescription: true, matchOnDetail: true }
    );
    return picked?.id;
}

async function languageFor(languageId: string): Promise<string> {
    return (await vscode.languages.getLanguages()).includes(languageId) ? languageId : 'plaintext';
}

/** Where the rules of a plan for a target are saved: beside the plan, `<plan>.<suffix>`. */
function besidePlan(plan: vscode.Uri, suffix: string): vscode.Uri {
    const base = baseName(plan).replace(/\.segplan$/, '');
    return vscode.Uri.joinPath(plan, '..', `${base}.${suffix}`);
}

/** The rules saved beside the plan by an earlier run, if any: the version on the device, whose leftovers the new one deletes. */
async function earlierVersion(plan: vscode.Uri, suffix: string): Promise<string | undefined> {
    if (!isStoredFile(plan, vscode.workspace.fs)) return undefined;
    try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(besidePlan(plan, suffix)));
    } catch {
        return undefined;
    }
}

/**
 * The generated rules in an editor named like the file they would be saved as (not after their
 * first line), in the target's language, not yet saved: on the desktop and in VS Code for the Web
 * alike, whatever file system the plan is on. VS Code names no untitled editor after a file that
 * exists (rules saved beside the plan earlier); those rules open in an editor of no name.
 */
async function openGenerated(plan: vscode.Uri, suffix: string, languageId: string, text: string): Promise<vscode.TextDocument> {
    const unnamed = () => vscode.workspace.openTextDocument({ language: languageId, content: text });
    if (!isStoredFile(plan, vscode.workspace.fs)) return unnamed();
    const named = besidePlan(plan, suffix).with({ scheme: 'untitled', authority: '' });
    let document: vscode.TextDocument;
    try {
        document = await vscode.workspace.openTextDocument(named);
    } catch {
        return unnamed();
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(named, new vscode.Range(0, 0, document.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    return setLanguageOnPurpose(document, languageId);
}

/**
 * VS Code guesses a language for untitled text (nftables comments made it Markdown) until the
 * language changes for another reason; setting the language it already has is no change. So a
 * document that opened in its target's language (another extension maps the name) goes through
 * plain text first.
 */
async function setLanguageOnPurpose(document: vscode.TextDocument, languageId: string): Promise<vscode.TextDocument> {
    const opened = document.languageId === languageId && languageId !== 'plaintext'
        ? await vscode.languages.setTextDocumentLanguage(document, 'plaintext')
        : document;
    return vscode.languages.setTextDocumentLanguage(opened, languageId);
}

/** Closes the unsaved editor of generated rules once they are saved as a file: no dirty twin stays behind. */
async function closeUnsaved(document: vscode.TextDocument): Promise<void> {
    if (!document.isUntitled) return;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

async function saveBeside(plan: vscode.Uri, suffix: string, text: string, ask: boolean): Promise<vscode.Uri | undefined> {
    const target = besidePlan(plan, suffix);
    if (ask) {
        let exists = false;
        try { await vscode.workspace.fs.stat(target); exists = true; } catch { /* a new file */ }
        if (exists) {
            const answer = await vscode.window.showWarningMessage(`${baseName(target)} exists. Replace it?`, { modal: true }, 'Replace');
            if (answer !== 'Replace') return undefined;
        }
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return target;
}

export function registerGenerateRulesCommand(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
    const execute = <T>(command: string, args: unknown[] = []) =>
        client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;

    context.subscriptions.push(vscode.commands.registerCommand(GENERATE_FIREWALL_RULES, async (arg?: unknown, options: GenerateRulesOptions = {}) => {
        const plan = planUri(arg);
        if (!plan) {
            void vscode.window.showErrorMessage('Open a .segplan plan first: firewall rules are generated from its allow rules.');
            return undefined;
        }
        const target = options.target ?? await pickTarget(context, await execute<Target[]>(SERVER_TARGETS, [{ uri: plan.toString() }]));
        if (!target) return undefined;
        await context.workspaceState.update(LAST_TARGET_KEY, target);
        await context.globalState.update(LAST_TARGET_KEY, target);

        // The file saved beside the plan is the version on the device: ASA, PAN-OS and FortiGate output deletes its leftovers.
        const suffix = (await execute<Target[]>(SERVER_TARGETS)).find(t => t.id === target)?.fileSuffix;
        const previous = suffix ? await earlierVersion(plan, suffix) : undefined;
        // The rules are read back and proven to allow exactly the plan unless the setting turns it off.
        const verify = vscode.workspace.getConfiguration('segplan', plan).get<boolean>('verifyGeneratedRules', true);
        let outcome = await execute<Outcome>(SERVER_GENERATE, [{ uri: plan.toString(), target, force: options.force === true, previous, verify }]);
        if (outcome.kind === 'blocked') {
            // Few and short enough that the dialog's buttons stay on a laptop screen; the Problems
            // panel has them all.
            const SHOWN = 5, WIDTH = 140;
            const shown = outcome.errors.slice(0, SHOWN).map(e => `• ${e.length > WIDTH ? `${e.slice(0, WIDTH - 1)}…` : e}`).join('\n');
            const more = outcome.errors.length > SHOWN ? `\n… and ${outcome.errors.length - SHOWN} more (Problems panel)` : '';
            // VS Code makes the first button the default one (Enter): that is showing the errors,
            // never generating from a plan with errors.
            const choice = await vscode.window.showErrorMessage(
                `The plan has ${outcome.errors.length} error(s), so no firewall rules were generated.`,
                { modal: true, detail: `${shown}${more}\n\nRules generated now may be incomplete or wrong; the output will start with a warning.` },
                { title: SHOW_PROBLEMS }, { title: GENERATE_ANYWAY }, { title: 'Cancel', isCloseAffordance: true }
            );
            if (choice?.title === SHOW_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
            if (choice?.title !== GENERATE_ANYWAY) return undefined;
            outcome = await execute<Outcome>(SERVER_GENERATE, [{ uri: plan.toString(), target, force: true, previous, verify }]);
        }
        if (outcome.kind !== 'generated') {
            void vscode.window.showErrorMessage(outcome.kind === 'blocked' ? 'The plan has errors.' : outcome.message);
            return undefined;
        }
        const document = await openGenerated(plan, outcome.fileSuffix, await languageFor(outcome.languageId), outcome.text);
        await vscode.window.showTextDocument(document, { preview: false });
        if (options.saveBesidePlan) {
            const saved = await saveBeside(plan, outcome.fileSuffix, outcome.text, false);
            if (saved) await closeUnsaved(document);
            return saved;
        }
        const generated = outcome;
        const warnings = generated.warnings.length ? ` ${generated.warnings.length} note(s) on what was left out are at the top.` : '';
        const verified = generated.verification ? ` ${generated.verification.replace(/^./, c => c.toUpperCase())}.` : '';
        void vscode.window.showInformationMessage(`Generated ${generated.target} rules.${verified}${warnings}`, 'Save Beside Plan').then(async choice => {
            if (choice !== 'Save Beside Plan') return;
            const saved = await saveBeside(plan, generated.fileSuffix, generated.text, true);
            if (!saved) return;
            await closeUnsaved(document);
            await vscode.window.showTextDocument(saved);
        });
        return document.uri;
    }));
}
