import { DefaultLangiumDocumentFactory, isOperationCancelled, type AstNode, type LangiumDocument, type ParseResult, type URI } from 'langium';
import { Cancellation } from 'langium';
import type { Mutable, ParserOptions } from 'langium';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SegplanDocument } from '../generated/ast.js';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import { inputTooLarge } from './input-limits.js';
import { reparseStatements } from './statement-reparse.js';

type UnparsedCode = 'input-too-large' | 'internal-error' | 'unreadable-file';

/** Why a parse result stands for a file that was not parsed (too large, unreadable, or the parser failed). */
const unparsed = new WeakMap<AstNode, { code: UnparsedCode; message: string }>();

export function unparsedReason(root: AstNode): { code: UnparsedCode; message: string } | undefined {
    return unparsed.get(root);
}

const fromSyntaxTrees = new WeakSet<LangiumDocument>();

/**
 * Whether a document is a precompiled built-in catalog (see precompiled-catalogs.ts): it is never
 * edited, so its references are resolved when read instead of all at start, and indexed for
 * find references only when first asked for (SegplanIndexManager).
 */
export function isPrecompiled(document: LangiumDocument): boolean {
    return fromSyntaxTrees.has(document);
}

/** The version of the editor's text each document was parsed from (none for text read from disk). */
const parsedVersions = new WeakMap<LangiumDocument, number>();

/**
 * The editor's version of the text `document` was parsed from, or undefined when it was read from
 * disk. The editor's text object is updated in place as the user types, so a document whose
 * `textDocument.version` differs from this is being re-parsed and its positions are out of date.
 */
export function parsedVersion(document: LangiumDocument): number | undefined {
    return parsedVersions.get(document);
}

/**
 * Parses within the input limits; a file beyond them, or one the parser fails on, becomes an empty
 * document that the validator reports (see SegplanDocumentValidator) — the server keeps serving
 * and the file is never taken as clean.
 */
export class SegplanDocumentFactory extends DefaultLangiumDocumentFactory {
    // A file read from disk may start with a UTF-8 byte order mark; editors hide it, so columns on
    // the first line must not count it (the CLI reported them one too far right).
    protected override create<T extends AstNode = AstNode>(uri: URI, content: Parameters<DefaultLangiumDocumentFactory['create']>[1], options?: ParserOptions): LangiumDocument<T> {
        const version = editorVersion(content);
        return withVersion(super.create<T>(uri, (typeof content === 'string' ? withoutBom(content) : content) as never, options), version);
    }

    protected override async createAsync<T extends AstNode = AstNode>(uri: URI, content: Parameters<DefaultLangiumDocumentFactory['createAsync']>[1], cancelToken: Parameters<DefaultLangiumDocumentFactory['createAsync']>[2]): Promise<LangiumDocument<T>> {
        // Read before parsing: the editor's text object changes in place while the parser awaits.
        const version = editorVersion(content);
        return withVersion(await super.createAsync<T>(uri, typeof content === 'string' ? withoutBom(content) : content, cancelToken), version);
    }

    /** A document for a syntax tree made elsewhere (a precompiled built-in catalog) from `text`. */
    fromSyntaxTree<T extends AstNode>(root: T, text: string, uri: URI): LangiumDocument<T> {
        const document = this.createLangiumDocument<T>({ value: root, parserErrors: [], lexerErrors: [] }, uri, undefined, text);
        fromSyntaxTrees.add(document);
        return document;
    }

    /**
     * A request can reach a document the editor has just opened before the update that adds it
     * has run; Langium then creates it from disk — the wrong text for an edited file, and an
     * error for one never saved. The editor's text comes first.
     */
    override async fromUri<T extends AstNode = AstNode>(uri: URI, cancellationToken?: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        const open = this.textDocuments?.get(uri.toString());
        return open ? this.createAsync<T>(uri, open, cancellationToken ?? Cancellation.CancellationToken.None) : super.fromUri<T>(uri, cancellationToken);
    }

    /**
     * Files whose read failed while being updated, with the message their document shows: `update`
     * reads the text, then parses it. Kept by this factory: another services instance in the same
     * process may be parsing the same file meanwhile.
     */
    private readonly unreadable = new Map<string, string>();

    private takeReadError(uri: URI): string | undefined {
        const message = this.unreadable.get(uri.toString());
        this.unreadable.delete(uri.toString());
        return message;
    }

    /** The parse results of the documents being updated, from before the update: the edit is re-parsed against them. */
    private readonly previous = new Map<string, ParseResult>();

    override async update<T extends AstNode = AstNode>(document: Mutable<LangiumDocument<T>>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        const key = document.uri.toString();
        this.previous.set(key, document.parseResult);
        try {
            return await super.update(document, cancellationToken);
        } finally {
            this.previous.delete(key);
        }
    }

    // `update` reads the text here, synchronously before it parses: the version read with it is the parsed one.
    protected override async getUpdatedText<T extends AstNode>(document: Mutable<LangiumDocument<T>>, textDocument: TextDocument | undefined, cancellationToken: Cancellation.CancellationToken): Promise<string> {
        if (textDocument) parsedVersions.set(document, textDocument.version);
        else parsedVersions.delete(document);
        try {
            return await super.getUpdatedText(document, textDocument, cancellationToken);
        } catch (error) {
            // The file went away or became unreadable between the event and the read: the
            // document says so instead of the whole build failing.
            this.unreadable.set(document.uri.toString(), `SegPlan could not read this file from disk (${error instanceof Error ? error.message : String(error)}). It is not checked: do not take it as clean.`);
            return '';
        }
    }

    protected override parse<T extends AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
        const readError = this.takeReadError(uri);
        if (readError) return this.emptyBecause(uri, options, 'unreadable-file', readError);
        const tooLarge = inputTooLarge(text);
        if (tooLarge) return this.emptyBecause(uri, options, 'input-too-large', tooLarge);
        try {
            return this.leanParse<T>(uri, text, options) ?? super.parse<T>(uri, text, options);
        } catch (error) {
            return this.emptyBecause(uri, options, 'internal-error', `SegPlan could not parse this file: ${error instanceof Error ? error.message : String(error)}. Its findings are incomplete: do not take it as clean. Please report this.`);
        }
    }

    protected override async parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: Parameters<DefaultLangiumDocumentFactory['parseAsync']>[2]): Promise<ParseResult<T>> {
        const readError = this.takeReadError(uri);
        if (readError) return this.emptyBecause(uri, undefined, 'unreadable-file', readError);
        const tooLarge = inputTooLarge(text);
        if (tooLarge) return this.emptyBecause(uri, undefined, 'input-too-large', tooLarge);
        const previous = this.previous.get(uri.toString());
        if (previous && !unparsedReason(previous.value)) {
            // Only the statements the edit touched (see statement-reparse.ts); undefined when that could differ from a full parse.
            let statements: ParseResult<SegplanDocument> | undefined;
            try {
                statements = reparseStatements(previous as ParseResult<SegplanDocument>, text, window => super.parse<SegplanDocument>(uri, window));
            } catch {
                // The parser failed on the window: the whole text is parsed, and says why if it fails too.
            }
            if (statements) return statements as unknown as ParseResult<T>;
        }
        try {
            return this.leanParse<T>(uri, text, undefined) ?? await super.parseAsync<T>(uri, text, cancellationToken);
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            return this.emptyBecause(uri, undefined, 'internal-error', `SegPlan could not parse this file: ${error instanceof Error ? error.message : String(error)}. Its findings are incomplete: do not take it as clean. Please report this.`);
        }
    }

    /**
     * A well-formed plan parsed without Langium's parser, where the services have the lean parser
     * (the CLI: see LeanPlanParser); undefined where it gives up, and Langium parses.
     */
    private leanParse<T extends AstNode>(uri: URI, text: string, options: ParserOptions | undefined): ParseResult<T> | undefined {
        if (options?.rule) return undefined;
        const lean = (this.serviceRegistry.getServices(uri) as Partial<SegplanCoreServices>).parser?.LeanPlanParser;
        try {
            return lean?.parse(text) as ParseResult<T> | undefined;
        } catch {
            // A fault of the lean parser itself: Langium's parser, which it only stands in for, reads the file.
            return undefined;
        }
    }

    private emptyBecause<T extends AstNode>(uri: URI, options: ParserOptions | undefined, code: UnparsedCode, message: string): ParseResult<T> {
        const result = super.parse<T>(uri, '', options);
        unparsed.set(result.value, { code, message });
        return result;
    }
}

function editorVersion(content: unknown): number | undefined {
    return typeof content === 'object' && content !== null && 'getText' in content && 'version' in content ? (content as TextDocument).version : undefined;
}

function withVersion<T extends AstNode>(document: LangiumDocument<T>, version: number | undefined): LangiumDocument<T> {
    if (version === undefined) parsedVersions.delete(document);
    else parsedVersions.set(document, version);
    return document;
}

function withoutBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
