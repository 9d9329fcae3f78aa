import type { ValidationAcceptor } from 'langium';
import type { SourceDocument } from '../generated/ast.js';
import { isDocumentUrl } from '../catalog/document-url.js';

export const INVALID_DOCUMENT_URL = 'invalid-document-url';

/** A document's `url` becomes a link in hovers: it must be a plain http(s) address. */
export function checkDocumentUrl(document: SourceDocument, accept: ValidationAcceptor): void {
    if (document.url === undefined || isDocumentUrl(document.url)) return;
    accept('error', `"${document.url}" is not a web address SegPlan can link to: write the document's public address, starting with https:// (no spaces, quotes or brackets), or leave the url out.`,
        { node: document, property: 'url', code: INVALID_DOCUMENT_URL, data: { code: INVALID_DOCUMENT_URL } });
}
