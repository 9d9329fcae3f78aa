import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import type { SegplanDocument } from '../generated/ast.js';
import { importedUri } from '../workspace/plan-imports.js';

export const UNRESOLVED_IMPORT = 'unresolved-import';

export function checkImports(document: LangiumDocument, documents: LangiumDocuments, accept: ValidationAcceptor): void {
    for (const imp of (document.parseResult.value as SegplanDocument).imports ?? []) {
        if (typeof imp.path !== 'string') continue; // a syntax error, reported by the parser
        if (!imp.path.endsWith('.segplan')) {
            accept('error', `Only .segplan files can be imported.`, { node: imp, property: 'path', code: UNRESOLVED_IMPORT, data: { code: UNRESOLVED_IMPORT } });
        } else if (!documents.hasDocument(importedUri(document, imp))) {
            accept('error', `Cannot find '${imp.path}' next to this file (paths are relative to the importing file).`,
                { node: imp, property: 'path', code: UNRESOLVED_IMPORT, data: { code: UNRESOLVED_IMPORT } });
        }
    }
}
