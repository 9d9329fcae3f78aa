import * as vscode from 'vscode';

/** What a code lens passes (language/lsp/segplan-code-lens-provider.ts, FlowList). */
interface FlowList {
    readonly title: string;
    readonly items: readonly {
        readonly label: string;
        readonly detail?: string;
        readonly location?: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
    }[];
}

export const SHOW_FLOWS_COMMAND = 'segplan.showFlows';

/** The list behind a code lens, as a quick pick; choosing a line opens the other end of the flow. */
export function registerShowFlowsCommand(context: vscode.ExtensionContext): void {
    context.subscriptions.push(vscode.commands.registerCommand(SHOW_FLOWS_COMMAND, async (list?: FlowList) => {
        if (!list || !Array.isArray(list.items)) return undefined;
        const picked = await vscode.window.showQuickPick(
            list.items.map(item => ({ label: item.label, detail: item.detail, item })),
            { title: list.title, matchOnDetail: true, placeHolder: list.items.length === 0 ? 'No flows' : 'Choose a flow to go to the other end' }
        );
        const location = picked?.item.location;
        if (!location) return picked?.item.label;
        const { start, end } = location.range;
        await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), {
            selection: new vscode.Range(start.line, start.character, end.line, end.character)
        });
        return picked.item.label;
    }));
}
