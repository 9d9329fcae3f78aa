import { CstUtils, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingParams, DocumentRangeFormattingParams, FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import {
    isAllowRule, isDenyRule, isGuardrail, isUseGuardrail, isComponentType, isFeature, isFlow, isImport, isInstance, isPlanHeader, isPlatform, isPortOverride,
    isPortSetting, isRequirement, isSite, isSitePair, isSourceDocument, isUseFeature, isVendor, isZone
} from '../generated/ast.js';

/**
 * Puts a space between words that touch (`a->b` becomes `a -> b`), writes lists as `a, b` and
 * indents vendor blocks. Line breaks, comments and the columns an engineer lined up stay as written.
 */
export class SegplanFormatter extends AbstractFormatter {
    // Formatting may change white space and nothing else: every edit set is checked before it
    // leaves the server (Langium's range formatting once deleted characters that did not lex).
    override formatDocument(document: LangiumDocument, params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
        return onlyWhitespace(document, super.formatDocument(document, { ...params, options: sane(params.options) }));
    }

    override formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
        return onlyWhitespace(document, super.formatDocumentRange(document, { ...params, range: ordered(params.range), options: sane(params.options) }));
    }

    override formatDocumentOnType(document: LangiumDocument, params: DocumentOnTypeFormattingParams): MaybePromise<TextEdit[]> {
        return onlyWhitespace(document, super.formatDocumentOnType(document, { ...params, options: sane(params.options) }));
    }

    protected override format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (isVendor(node)) {
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent({ allowMore: true }));
            close.prepend(Formatting.newLine({ allowMore: true }));
            this.spaceWords(node, f.cst.bind(f), true);
        } else if (isPlanHeader(node) || isImport(node) || isZone(node) || isSite(node) || isSitePair(node) || isInstance(node)
            || isUseFeature(node) || isPortOverride(node) || isAllowRule(node) || isPlatform(node) || isFeature(node)
            || isPortSetting(node) || isComponentType(node) || isFlow(node) || isRequirement(node) || isSourceDocument(node)
            || isDenyRule(node) || isUseGuardrail(node) || isGuardrail(node)) {
            this.spaceWords(node, f.cst.bind(f), false);
        }
    }

    /** At least one space before each word that follows another on the same line; none before a comma. */
    private spaceWords(node: AstNode, region: (nodes: CstNode[]) => { prepend(f: ReturnType<typeof Formatting.oneSpace>): void }, headerOnly: boolean): void {
        const cst = node.$cstNode;
        if (!cst) return;
        let previous: CstNode | undefined;
        for (const leaf of CstUtils.flattenCst(cst)) {
            if (headerOnly && leaf.text === '{') break;
            if (leaf.hidden) { previous = undefined; continue; }
            if (previous && previous.range.end.line === leaf.range.start.line) {
                region([leaf]).prepend(leaf.text === ',' || previous.text === '.' || leaf.text === '.' ? Formatting.noSpace()
                    : previous.text === ',' ? Formatting.oneSpace() : Formatting.oneSpace({ allowMore: true }));
            }
            previous = leaf;
        }
    }
}

/** A range given end first (some clients do) is the same range. */
function ordered(range: Range): Range {
    const { start, end } = range;
    return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** A tab size below 1 (`tabSize: 0`) would indent nothing or loop: treat it as 1. */
function sane(options: FormattingOptions): FormattingOptions {
    return { ...options, tabSize: Number.isFinite(options.tabSize) && options.tabSize >= 1 ? Math.floor(options.tabSize) : 1 };
}

/** The edits, when each replaces white space with white space; none at all otherwise. */
async function onlyWhitespace(document: LangiumDocument, pending: MaybePromise<TextEdit[]>): Promise<TextEdit[]> {
    const edits = await pending;
    const text = document.textDocument;
    const safe = edits.every(e => /^\s*$/.test(e.newText) && /^\s*$/.test(text.getText(e.range)));
    return safe ? edits : [];
}
