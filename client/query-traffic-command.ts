import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient } from 'vscode-languageclient';

/**
 * "SegPlan: Query Traffic…": pick where the traffic comes from and goes to (a zone, a component,
 * or a typed address), give `tcp 443`, and read the answer the language server computes exactly
 * as `segplan query` does: the allow rules that let it through, the denies that forbid it, the
 * required flows that need it, each with its plan line.
 */

export const QUERY_TRAFFIC = 'segplan.queryTraffic';
const SERVER_QUERY = 'segplan.server.queryTraffic';
const SERVER_ENDS = 'segplan.server.queryEnds';

type Ends = { kind: 'ends'; zones: string[]; components: { name: string; zone: string; type: string }[] } | { kind: 'error'; message: string };
type Outcome = { kind: 'answer'; text: string; answer: { verdict: string } } | { kind: 'error'; message: string };

/** Options for scripted use (tests, other extensions): the question without pickers. */
export interface QueryTrafficOptions {
    readonly from?: string;
    readonly to?: string;
    readonly protocol?: string;
    readonly port?: number;
    /** Only return the answer; open no editor. */
    readonly quiet?: boolean;
}

const TYPED = 'Type an address…';

/**
 * The answers, as read-only documents of their own scheme: an answer is something to read, not an
 * unsaved file that asks to be saved when it is closed. Each answer is kept while its document is
 * open (VS Code may ask for its text again) and forgotten once it is closed.
 */
class QueryAnswers implements vscode.TextDocumentContentProvider {
    static readonly scheme = 'segplan-query';
    private readonly texts = new Map<string, string>();
    private count = 0;

    register(context: vscode.ExtensionContext): void {
        context.subscriptions.push(
            vscode.workspace.registerTextDocumentContentProvider(QueryAnswers.scheme, this),
            vscode.workspace.onDidCloseTextDocument(document => { this.texts.delete(document.uri.toString()); })
        );
    }

    /** A new document holding `text`, named for the question. */
    add(question: string, text: string): vscode.Uri {
        const uri = vscode.Uri.from({ scheme: QueryAnswers.scheme, path: `/${question.replace(/[\\/]/g, '∕')}.txt`, query: String(++this.count) });
        this.texts.set(uri.toString(), text);
        return uri;
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.texts.get(uri.toString()) ?? 'This query answer is no longer kept: run SegPlan: Query Traffic… again.';
    }
}

async function pickEnd(ends: Extract<Ends, { kind: 'ends' }>, title: string): Promise<string | undefined> {
    const items: (vscode.QuickPickItem & { value?: string })[] = [
        ...ends.zones.map(z => ({ label: z, description: 'zone', value: z })),
        ...ends.components.map(c => ({ label: c.name, description: `${c.type} in ${c.zone}`, value: c.name })),
        { label: 'any', description: 'every address', value: 'any' },
        { label: TYPED }
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'A zone, a component, or an address', matchOnDescription: true });
    if (!picked) return undefined;
    if (picked.value) return picked.value;
    return vscode.window.showInputBox({ title, prompt: 'An address, range or CIDR: 10.1.2.3, 10.0.0.0/24, fd00::1' });
}

export function registerQueryTrafficCommand(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
    const execute = <T>(command: string, args: unknown[]) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
    const answers = new QueryAnswers();
    answers.register(context);
    context.subscriptions.push(vscode.commands.registerCommand(QUERY_TRAFFIC, async (arg?: unknown, options: QueryTrafficOptions = {}) => {
        const editor = vscode.window.activeTextEditor;
        const plan = arg instanceof vscode.Uri ? arg : editor?.document.languageId === 'segplan' ? editor.document.uri : undefined;
        if (!plan) {
            void vscode.window.showErrorMessage('Open a .segplan plan first: the query asks what its rules let through.');
            return undefined;
        }
        let from = options.from, to = options.to;
        if (from === undefined || to === undefined) {
            const ends = await execute<Ends>(SERVER_ENDS, [{ uri: plan.toString() }]);
            if (ends.kind === 'error') { void vscode.window.showErrorMessage(ends.message); return undefined; }
            from ??= await pickEnd(ends, 'SegPlan: Query Traffic — from');
            if (!from) return undefined;
            to ??= await pickEnd(ends, `SegPlan: Query Traffic — from ${from} to`);
            if (!to) return undefined;
        }
        let protocol = options.protocol, port = options.port;
        if (protocol === undefined || port === undefined) {
            const typed = await vscode.window.showInputBox({
                title: `SegPlan: Query Traffic — ${from} to ${to}`, prompt: 'Protocol and port', placeHolder: 'tcp 443',
                validateInput: text => (/^\s*(tcp|udp)\s+\d{1,5}\s*$/i.test(text) ? undefined : 'tcp or udp, then a port: tcp 443')
            });
            if (!typed) return undefined;
            const [p, n] = typed.trim().split(/\s+/);
            protocol = p.toLowerCase();
            port = Number(n);
        }
        const outcome = await execute<Outcome>(SERVER_QUERY, [{ uri: plan.toString(), from, to, protocol, port }]);
        if (outcome.kind === 'error') { void vscode.window.showErrorMessage(outcome.message); return outcome; }
        if (options.quiet) return outcome;
        const document = await vscode.workspace.openTextDocument(answers.add(`Traffic from ${from} to ${to} ${protocol} ${port}`, outcome.text));
        await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        return outcome;
    }));
}
