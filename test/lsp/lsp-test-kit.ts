import { URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { SegplanServices } from '../../language/segplan-module.js';

let counter = 0;

/** A plan used across the editor tests: Veeam with one flow missing, one rule too broad, one unused. */
export const BRANCH_PLAN = `plan "Branch"

// Zones
zone mgmt   10.10.0.0/24
zone prod   10.20.0.0/16
zone backup 10.30.0.0/24

vbr     : veeam.BackupServer in mgmt   at 10.10.0.10
vcenter : vmware.VCenter     in prod   at 10.20.0.5
proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere
repo    : veeam.Repository   in backup at 10.30.0.31 os windows

allow vbr -> proxy tcp 6160, 6162, 2500-3300   // proxy management
allow vbr -> repo tcp 6162, 6160
allow proxy -> vcenter tcp 8080
`;

/** Splits `<|>` out of a text: the text without the marker and the marker's offset. */
export function cursor(text: string): { text: string; offset: number } {
    const offset = text.indexOf('<|>');
    if (offset < 0) throw new Error('no <|> marker');
    return { text: text.slice(0, offset) + text.slice(offset + 3), offset };
}

/** Opens a file as the editor would (its text document registered) and builds it with validation. */
export async function open(services: SegplanServices, text: string, name = 'plan.segplan'): Promise<LangiumDocument> {
    const uri = URI.parse(`file:///lsp-test-${++counter}/${name}`);
    const shared = services.shared;
    shared.workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 1, text));
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

/** Replaces the text of an open document and rebuilds it as the language server does after an edit. */
export async function change(services: SegplanServices, document: LangiumDocument, text: string): Promise<LangiumDocument> {
    const uri = document.uri.toString();
    const version = (services.shared.workspace.TextDocuments.get(uri)?.version ?? 1) + 1;
    services.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'segplan', version, text));
    await services.shared.workspace.DocumentBuilder.update([document.uri], []);
    return services.shared.workspace.LangiumDocuments.getDocument(document.uri)!;
}

export function position(document: LangiumDocument, offset: number): Position {
    return document.textDocument.positionAt(offset);
}

/** Applies text edits to a text, last first, as an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
    const doc = TextDocument.create('file:///x', 'segplan', 0, text);
    return TextDocument.applyEdits(doc, [...edits]);
}

export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
    return edit?.changes?.[uri] ?? [];
}

export function codeOf(d: Diagnostic): string {
    return String((d.data as { code?: string } | undefined)?.code ?? d.code);
}

/** The position of the first occurrence of `needle` (plus `delta` characters). */
export function at(document: LangiumDocument, needle: string, delta = 0): Position {
    const offset = document.textDocument.getText().indexOf(needle);
    if (offset < 0) throw new Error(`'${needle}' not in the document`);
    return document.textDocument.positionAt(offset + delta);
}
