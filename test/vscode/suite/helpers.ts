// Shared steps of the in-editor tests: open plans of the test workspace, wait for the language
// server's diagnostics, find text positions. Everything goes through the public VS Code API.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'segplan.segplan';

export function workspaceFolder(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need a workspace folder (test/vscode/workspace)');
    return folder.uri;
}

export function planUri(name: string): vscode.Uri {
    return vscode.Uri.joinPath(workspaceFolder(), name);
}

/** Opens a plan of the test workspace in an editor. */
export async function openPlan(name: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(planUri(name));
    return vscode.window.showTextDocument(document);
}

let copies = 0;

/**
 * Copies a plan of the test workspace to a new file and opens it, so a test that edits a plan
 * starts from the committed text whatever ran before it.
 */
export async function openCopyOf(name: string, extraText = ''): Promise<vscode.TextEditor> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(planUri(name))) + extraText;
    // Each test file is bundled with its own copy of this module: the time keeps names apart.
    const copy = planUri(`copy-${Date.now().toString(36)}-${++copies}-${name}`);
    await vscode.workspace.fs.writeFile(copy, new TextEncoder().encode(text));
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy));
}

/**
 * How long a wait for a state lasts before it is taken for a hang. Tests wait for states, never
 * for time: a busy machine makes a state come later, so this is minutes — and below mocha's
 * limit per test (index.ts), so that a hang says what it waited for.
 */
export const HANG_MS = 180000;

/**
 * Asks `probe` until its answer satisfies `accept` and returns that answer, for states the VS Code
 * API has no event for (code lenses, the diagram view). The pause between two probes only spares
 * the machine; how many probes it takes does not matter.
 */
export async function eventually<T>(probe: () => T | Thenable<T>, accept: (value: T) => boolean, what: string): Promise<T> {
    const started = Date.now();
    for (;;) {
        const value = await probe();
        if (accept(value)) return value;
        if (Date.now() - started > HANG_MS) assert.fail(`no ${what} after ${HANG_MS} ms (a hang); last: ${JSON.stringify(value)}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/**
 * Waits until the diagnostics of `uri` satisfy `accept` and returns them. The server validates
 * after a debounce, so the first (empty) publication is usually not the one a test wants.
 */
export function waitForDiagnostics(
    uri: vscode.Uri,
    accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
    what: string,
    timeoutMs = HANG_MS
): Promise<vscode.Diagnostic[]> {
    return new Promise((resolve, reject) => {
        const check = () => {
            const current = vscode.languages.getDiagnostics(uri);
            if (accept(current)) {
                done();
                resolve(current);
                return true;
            }
            return false;
        };
        const listener = vscode.languages.onDidChangeDiagnostics((event) => {
            if (event.uris.some((u) => u.toString() === uri.toString())) check();
        });
        const timer = setTimeout(() => {
            done();
            const current = vscode.languages.getDiagnostics(uri).map(describeDiagnostic);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now:\n  ${current.join('\n  ') || '(none)'}`));
        }, timeoutMs);
        const done = () => {
            clearTimeout(timer);
            listener.dispose();
        };
        check();
    });
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    return code === undefined ? undefined : String(code);
}

export function describeDiagnostic(d: vscode.Diagnostic): string {
    return `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${diagnosticCode(d) ?? '-'} ${d.message}`;
}

export const missingFlows = (diagnostics: readonly vscode.Diagnostic[]) =>
    diagnostics.filter((d) => diagnosticCode(d) === 'missing-flow');

/** The position of the `occurrence`-th match of `text` in the document (at its start + `offset`). */
export function positionOf(document: vscode.TextDocument, text: string, offset = 0, occurrence = 1): vscode.Position {
    let index = -1;
    for (let i = 0; i < occurrence; i++) {
        index = document.getText().indexOf(text, index + 1);
        assert.ok(index >= 0, `"${text}" (occurrence ${occurrence}) is not in ${document.uri.path}`);
    }
    return document.positionAt(index + offset);
}

/** Plain text of hovers (markdown or not), joined. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
    return hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
}

export function completionLabels(list: vscode.CompletionList): string[] {
    return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}
