import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient } from 'vscode-languageclient';
import { viewMessageOf, type DiagramOutcome, type DiagramSnapshot, type FromView, type ToView } from './diagram-view/messages.js';
import { DIAGRAM_VIEW_BODY } from './diagram-view-markup.js';
import { baseName } from './uri-names.js';

/**
 * "SegPlan: Show Plan Diagram": a webview beside the plan that draws the graph the language server
 * builds and lays out. It follows edits (debounced, newest answer wins), reveals the line of what
 * is clicked, and highlights what the editor's cursor is on.
 */

export const SHOW_PLAN_DIAGRAM = 'segplan.showPlanDiagram';
const SERVER_DIAGRAM = 'segplan.server.planDiagram';
const REFRESH_DELAY_MS = 250;

/** What tests (and other extensions) can do with an open diagram. */
export interface PlanDiagramApi {
    open(uri: vscode.Uri): Promise<void>;
    snapshot(uri: vscode.Uri): Promise<DiagramSnapshot>;
    click(uri: vscode.Uri, id: string): Promise<void>;
    showView(uri: vscode.Uri, view: 'diagram' | 'matrix'): Promise<void>;
    /** Resolves after the next picture reaches the view. */
    nextRender(uri: vscode.Uri): Promise<void>;
}

class PlanDiagramPanel {
    private zone: string | undefined;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private request = 0;
    private snapshotRequest = 0;
    private ready = false;
    private readonly pending: ToView[] = [];
    private readonly snapshots = new Map<number, (s: DiagramSnapshot) => void>();
    private renderWaiters: (() => void)[] = [];

    constructor(readonly plan: vscode.Uri, readonly panel: vscode.WebviewPanel, private readonly client: BaseLanguageClient, private readonly onDispose: () => void) {
        panel.webview.onDidReceiveMessage((m: FromView) => this.receive(m));
        panel.onDidDispose(() => {
            clearTimeout(this.timer);
            this.onDispose();
        });
    }

    private receive(message: FromView): void {
        switch (message.type) {
            case 'ready':
                this.ready = true;
                for (const m of this.pending.splice(0)) void this.panel.webview.postMessage(m);
                break;
            case 'reveal':
                void reveal(message.location);
                break;
            case 'open-zone':
                this.zone = message.zone;
                void this.refresh();
                break;
            case 'snapshot':
                this.snapshots.get(message.request)?.(message.snapshot);
                this.snapshots.delete(message.request);
                break;
        }
    }

    send(message: ToView): void {
        if (this.ready) void this.panel.webview.postMessage(message);
        else this.pending.push(message);
    }

    scheduleRefresh(): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
    }

    async refresh(): Promise<void> {
        const request = ++this.request;
        let outcome: DiagramOutcome;
        try {
            outcome = await this.client.sendRequest(ExecuteCommandRequest.type, {
                command: SERVER_DIAGRAM, arguments: [{ uri: this.plan.toString(), zone: this.zone }]
            }) as DiagramOutcome;
        } catch (error) {
            outcome = { kind: 'not-a-plan', message: `The language server could not draw the plan: ${error instanceof Error ? error.message : String(error)}` };
        }
        // An answer to an older request arrived after a newer one was sent: the newer one wins.
        if (request !== this.request) return;
        this.send(viewMessageOf(outcome, this.zone));
        for (const resolve of this.renderWaiters.splice(0)) resolve();
    }

    snapshot(): Promise<DiagramSnapshot> {
        const request = ++this.snapshotRequest;
        return new Promise(resolve => {
            this.snapshots.set(request, resolve);
            this.send({ type: 'snapshot', request });
        });
    }

    nextRender(): Promise<void> {
        return new Promise(resolve => this.renderWaiters.push(resolve));
    }
}

async function reveal(location: { uri: string; line: number; character: number; endLine: number; endCharacter: number }): Promise<void> {
    const uri = vscode.Uri.parse(location.uri);
    const range = new vscode.Range(location.line, location.character, location.endLine, location.endCharacter);
    // Into the editor that shows the plan already, not into the diagram's column.
    const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function html(webview: vscode.Webview, extension: vscode.Uri): string {
    const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(extension, 'out', 'client', 'diagram-view.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(extension, 'out', 'client', 'diagram-view.css'));
    // Nothing from the network; only the bundled script (by nonce) and stylesheet.
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}"><title>Plan diagram</title></head>
<body>
${DIAGRAM_VIEW_BODY}
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
}

export function registerPlanDiagram(context: vscode.ExtensionContext, client: BaseLanguageClient): PlanDiagramApi {
    const panels = new Map<string, PlanDiagramPanel>();

    async function open(uri: vscode.Uri): Promise<PlanDiagramPanel> {
        const key = uri.toString();
        const existing = panels.get(key);
        if (existing) {
            existing.panel.reveal(vscode.ViewColumn.Beside, true);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel('segplan.planDiagram', `Diagram: ${baseName(uri)}`,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
                enableScripts: true, retainContextWhenHidden: true,
                localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'out', 'client')]
            });
        const created = new PlanDiagramPanel(uri, panel, client, () => panels.delete(key));
        panels.set(key, created);
        panel.webview.html = html(panel.webview, context.extensionUri);
        await created.refresh();
        return created;
    }

    const panelOf = async (uri: vscode.Uri) => panels.get(uri.toString()) ?? open(uri);

    context.subscriptions.push(
        vscode.commands.registerCommand(SHOW_PLAN_DIAGRAM, async (arg?: unknown) => {
            const uri = arg instanceof vscode.Uri ? arg
                : vscode.window.activeTextEditor?.document.languageId === 'segplan' ? vscode.window.activeTextEditor.document.uri : undefined;
            if (!uri) {
                void vscode.window.showInformationMessage('Open a .segplan plan to see its diagram.');
                return;
            }
            await open(uri);
        }),
        // Any SegPlan file can change a plan's picture (a plan imports its sites and catalogs).
        vscode.workspace.onDidChangeTextDocument(event => {
            if (event.document.languageId !== 'segplan' || event.contentChanges.length === 0) return;
            for (const p of panels.values()) p.scheduleRefresh();
        }),
        // The server has validated again (the workspace finished loading, an imported file changed
        // on disk, a setting changed): the picture may have changed without an edit of the plan.
        vscode.languages.onDidChangeDiagnostics(event => {
            if (panels.size === 0) return;
            if (event.uris.some(u => u.path.endsWith('.segplan') || panels.has(u.toString()))) for (const p of panels.values()) p.scheduleRefresh();
        }),
        vscode.window.onDidChangeTextEditorSelection(event => {
            if (event.textEditor.document.languageId !== 'segplan') return;
            // Every open picture: the line may be in a file the plan imports.
            for (const p of panels.values()) p.send({ type: 'cursor', uri: event.textEditor.document.uri.toString(), line: event.selections[0].active.line });
        })
    );

    return {
        open: async uri => { await open(uri); },
        snapshot: async uri => (await panelOf(uri)).snapshot(),
        click: async (uri, id) => (await panelOf(uri)).send({ type: 'click', id }),
        showView: async (uri, view) => (await panelOf(uri)).send({ type: 'show', view }),
        nextRender: async uri => (await panelOf(uri)).nextRender()
    };
}
