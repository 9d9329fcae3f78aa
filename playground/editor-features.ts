import * as monaco from 'monaco-editor/editor/editor.api.js';
import type {
    CodeAction, CodeLens, Command, CompletionItem, CompletionList, Diagnostic, Hover, InlayHint, MarkedString, MarkupContent, Position, Range,
    ServerCapabilities, TextEdit, WorkspaceEdit
} from 'vscode-languageserver-protocol';
import type { LanguageClient } from './language-client.js';

/**
 * The language server's answers as Monaco's providers: completion, hover, quick fixes, inlay hints
 * and code lenses, and its diagnostics as markers. Each provider asks the server about the
 * editor's model at the moment Monaco asks.
 */

export const toRange = (r: Range): monaco.IRange => ({ startLineNumber: r.start.line + 1, startColumn: r.start.character + 1, endLineNumber: r.end.line + 1, endColumn: r.end.character + 1 });
const toPosition = (p: monaco.Position): Position => ({ line: p.lineNumber - 1, character: p.column - 1 });
const fromRange = (r: monaco.IRange): Range => ({ start: { line: r.startLineNumber - 1, character: r.startColumn - 1 }, end: { line: r.endLineNumber - 1, character: r.endColumn - 1 } });

const SEVERITY: Record<number, monaco.MarkerSeverity> = { 1: monaco.MarkerSeverity.Error, 2: monaco.MarkerSeverity.Warning, 3: monaco.MarkerSeverity.Info, 4: monaco.MarkerSeverity.Hint };

/** LSP's completion kinds (1-based, in LSP's order) as Monaco's. */
const K = monaco.languages.CompletionItemKind;
const COMPLETION_KIND = [K.Text, K.Text, K.Method, K.Function, K.Constructor, K.Field, K.Variable, K.Class, K.Interface, K.Module, K.Property, K.Unit, K.Value,
    K.Enum, K.Keyword, K.Snippet, K.Color, K.File, K.Reference, K.Folder, K.EnumMember, K.Constant, K.Struct, K.Event, K.Operator, K.TypeParameter];

function markdown(contents: MarkupContent | MarkedString | MarkedString[] | string | undefined): monaco.IMarkdownString[] {
    if (contents === undefined) return [];
    if (Array.isArray(contents)) return contents.flatMap(c => markdown(c));
    if (typeof contents === 'string') return [{ value: contents }];
    if ('kind' in contents) return [{ value: contents.kind === 'markdown' ? contents.value : contents.value.replace(/[\\`*_{}[\]()#+\-.!<>]/g, '\\$&') }];
    return [{ value: `\`\`\`${contents.language}\n${contents.value}\n\`\`\`` }];
}

export function toMarker(d: Diagnostic): monaco.editor.IMarkerData {
    return {
        ...toRange(d.range),
        severity: SEVERITY[d.severity ?? 1],
        message: typeof d.message === 'string' ? d.message : d.message.value,
        source: d.source,
        code: d.code === undefined ? undefined : d.codeDescription ? { value: String(d.code), target: monaco.Uri.parse(d.codeDescription.href) } : String(d.code),
        tags: d.tags?.map(t => t === 1 ? monaco.MarkerTag.Unnecessary : monaco.MarkerTag.Deprecated),
        relatedInformation: d.relatedInformation?.map(r => ({ resource: monaco.Uri.parse(r.location.uri), message: r.message, ...toRange(r.location.range) }))
    };
}

/** The text edits of a workspace edit for one document, in either of LSP's shapes. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
    const changes = edit.changes?.[uri] ?? [];
    const documentChanges = (edit.documentChanges ?? []).flatMap(c => 'textDocument' in c && c.textDocument.uri === uri ? c.edits.filter((e): e is TextEdit => 'newText' in e) : []);
    return [...changes, ...documentChanges];
}

export function registerEditorFeatures(client: LanguageClient, capabilities: ServerCapabilities, languageId: string): monaco.IDisposable[] {
    const textDocument = (model: monaco.editor.ITextModel) => ({ uri: model.uri.toString() });
    const completionTriggers = capabilities.completionProvider?.triggerCharacters ?? [];
    return [
        monaco.languages.registerCompletionItemProvider(languageId, {
            triggerCharacters: completionTriggers,
            async provideCompletionItems(model, position, context) {
                const answer = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
                    textDocument: textDocument(model), position: toPosition(position),
                    context: context.triggerKind === monaco.languages.CompletionTriggerKind.TriggerCharacter ? { triggerKind: 2, triggerCharacter: context.triggerCharacter } : { triggerKind: 1 }
                });
                const items = Array.isArray(answer) ? answer : answer?.items ?? [];
                const word = model.getWordUntilPosition(position);
                const wordRange = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, position.column);
                return {
                    incomplete: !Array.isArray(answer) && answer?.isIncomplete === true,
                    suggestions: items.map((item): monaco.languages.CompletionItem => {
                        const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
                        return {
                            label: item.labelDetails ? { label: item.label, detail: item.labelDetails.detail, description: item.labelDetails.description } : item.label,
                            kind: COMPLETION_KIND[item.kind ?? 1] ?? K.Text,
                            detail: item.detail,
                            documentation: markdown(item.documentation)[0],
                            sortText: item.sortText,
                            filterText: item.filterText,
                            preselect: item.preselect,
                            insertText: edit?.newText ?? item.insertText ?? item.label,
                            insertTextRules: item.insertTextFormat === 2 ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
                            range: edit ? toRange(edit.range) : wordRange,
                            additionalTextEdits: item.additionalTextEdits?.map(e => ({ range: toRange(e.range), text: e.newText })),
                            // The server asks for the list again after an item that needs more (a type, then `in`).
                            command: item.command?.command === 'editor.action.triggerSuggest' ? { id: 'editor.action.triggerSuggest', title: item.command.title } : undefined
                        };
                    })
                };
            }
        }),
        monaco.languages.registerHoverProvider(languageId, {
            async provideHover(model, position) {
                const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: textDocument(model), position: toPosition(position) });
                return hover ? { contents: markdown(hover.contents), range: hover.range ? toRange(hover.range) : undefined } : null;
            }
        }),
        monaco.languages.registerCodeActionProvider(languageId, {
            async provideCodeActions(model, range) {
                // The server's diagnostics where the editor asks, as VS Code sends them.
                const at = fromRange(range);
                const diagnostics = client.diagnostics(model.uri.toString()).filter(d => !(d.range.end.line < at.start.line || d.range.start.line > at.end.line));
                const answer = await client.request<(CodeAction | Command)[] | null>('textDocument/codeAction', {
                    textDocument: textDocument(model), range: at, context: { diagnostics, triggerKind: 1 }
                });
                const actions = (answer ?? []).filter((a): a is CodeAction => 'edit' in a && a.edit !== undefined).map((a): monaco.languages.CodeAction => ({
                    title: a.title,
                    kind: a.kind,
                    isPreferred: a.isPreferred,
                    diagnostics: a.diagnostics?.map(toMarker),
                    edit: { edits: editsFor(a.edit!, model.uri.toString()).map(e => ({ resource: model.uri, versionId: undefined, textEdit: { range: toRange(e.range), text: e.newText } })) }
                }));
                return { actions, dispose: () => undefined };
            }
        }, { providedCodeActionKinds: ['quickfix', 'refactor', 'source.fixAll'] }),
        monaco.languages.registerInlayHintsProvider(languageId, {
            async provideInlayHints(model) {
                const full = model.getFullModelRange();
                const hints = await client.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: textDocument(model), range: fromRange(full) });
                return {
                    hints: (hints ?? []).map(h => ({
                        label: typeof h.label === 'string' ? h.label : h.label.map(p => p.value).join(''),
                        position: { lineNumber: h.position.line + 1, column: h.position.character + 1 },
                        kind: h.kind === 1 ? monaco.languages.InlayHintKind.Type : monaco.languages.InlayHintKind.Parameter,
                        paddingLeft: h.paddingLeft, paddingRight: h.paddingRight,
                        tooltip: typeof h.tooltip === 'string' ? h.tooltip : h.tooltip ? markdown(h.tooltip)[0] : undefined
                    })),
                    dispose: () => undefined
                };
            }
        }),
        monaco.languages.registerCodeLensProvider(languageId, {
            async provideCodeLenses(model) {
                const lenses = await client.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: textDocument(model) });
                // The counts are the point; the flow list behind them is the editor's (VS Code's quick pick).
                return { lenses: (lenses ?? []).filter(l => l.command).map(l => ({ range: toRange(l.range), command: { id: '', title: l.command!.title } })), dispose: () => undefined };
            }
        })
    ];
}
