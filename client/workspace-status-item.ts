import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { WORKSPACE_STATUS_METHOD, type WorkspaceChecked, type WorkspaceStatus } from '../language/lsp/workspace-status-protocol.js';

/** The language status item's id: `{}` beside the language mode of a plan, pinnable to the status bar. */
export const WORKSPACE_STATUS_ITEM = 'segplan.workspaceStatus';

/**
 * Whether the server is still checking the workspace, and once it is done, how many files it
 * checked and what they report — as a language status item of plans (the `{}` beside the
 * language mode), which opens the Problems panel.
 */
export function registerWorkspaceStatus(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
    const item = vscode.languages.createLanguageStatusItem(WORKSPACE_STATUS_ITEM, { language: 'segplan' });
    item.name = 'SegPlan workspace check';
    item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
    show(item, { state: 'checking' });
    context.subscriptions.push(item, client.onNotification(WORKSPACE_STATUS_METHOD, (status: WorkspaceStatus) => show(item, status)));
}

function show(item: vscode.LanguageStatusItem, status: WorkspaceStatus): void {
    item.busy = status.state === 'checking';
    if (status.state === 'checking') {
        item.text = 'SegPlan: checking the workspace';
        item.detail = undefined;
        item.severity = vscode.LanguageStatusSeverity.Information;
        return;
    }
    item.text = checkedText(status);
    item.detail = findingsDetail(status);
    item.severity = status.unchecked > 0 ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "SegPlan: 12 files checked, 3 findings" (the Problems panel's count: hints are not listed there). */
export function checkedText(status: WorkspaceChecked): string {
    if (status.unchecked > 0) return `SegPlan: ${count(status.unchecked, 'file')} could not be checked`;
    return `SegPlan: ${count(status.files, 'file')} checked, ${count(status.errors + status.warnings + status.infos, 'finding')}`;
}

function findingsDetail(status: WorkspaceChecked): string {
    const parts = [count(status.errors, 'error'), count(status.warnings, 'warning'), count(status.infos, 'note')];
    if (status.unchecked > 0) parts.unshift(`${count(status.files - status.unchecked, 'file')} checked; see the SegPlan Language Server output`);
    return parts.join(', ');
}
