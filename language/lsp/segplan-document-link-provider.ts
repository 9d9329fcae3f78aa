import { AstUtils, GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { isCitation, isSourceDocument, type SourceDocument } from '../generated/ast.js';
import { isDocumentUrl } from '../catalog/document-url.js';

/**
 * Links in catalogs: a citation's document name (`source FirewallRules "2. Backup Server" row 3`)
 * and a declared document's `url` open the document where it is public. Only a checked http(s)
 * address becomes a link (document-url.ts), as in hovers.
 */
export class SegplanDocumentLinkProvider implements DocumentLinkProvider {
    getDocumentLinks(document: LangiumDocument, _params: DocumentLinkParams): MaybePromise<DocumentLink[]> {
        const links: DocumentLink[] = [];
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (isCitation(node) && node.$cstNode) {
                const target = node.document?.ref;
                const name = GrammarUtils.findNodeForProperty(node.$cstNode, 'document');
                const url = publicUrl(target);
                if (name && url) links.push({ range: name.range, target: url, tooltip: `Open ${target!.title}` });
            } else if (isSourceDocument(node) && node.$cstNode) {
                const written = GrammarUtils.findNodeForProperty(node.$cstNode, 'url');
                const url = publicUrl(node);
                // Inside the quotes: the link is the address itself.
                if (written && url) links.push({ range: { start: { ...written.range.start, character: written.range.start.character + 1 }, end: { ...written.range.end, character: written.range.end.character - 1 } }, target: url });
            }
        }
        return links;
    }
}

function publicUrl(document: SourceDocument | undefined): string | undefined {
    return document?.url && isDocumentUrl(document.url) ? document.url : undefined;
}
