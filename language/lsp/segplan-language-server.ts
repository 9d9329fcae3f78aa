import { DefaultLanguageServer } from 'langium/lsp';
import { CodeActionKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver';

/**
 * Advertises the kinds of code actions SegPlan offers, so editors can run "fix all" on save, and
 * keeps whether the editor takes snippet edits (a quick fix then puts the cursor where to type).
 */
export class SegplanLanguageServer extends DefaultLanguageServer {
    snippetEdits = false;

    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        this.snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
        const result = super.buildInitializeResult(params);
        if (result.capabilities.codeActionProvider) {
            result.capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] };
        }
        return result;
    }
}
