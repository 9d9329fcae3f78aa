import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import type { SegplanDocument } from '../generated/ast.js';
import { importedUri } from '../workspace/plan-imports.js';
import type { UnreadableFiles } from '../workspace/unreadable-files.js';

export const UNRESOLVED_IMPORT = 'unresolved-import';
/** A file that imports itself: it adds nothing, and usually a different file was meant. */
export const SELF_IMPORT = 'self-import';
/** The same file imported a second time (perhaps written another way, `./a.segplan` and `a.segplan`). */
export const REPEATED_IMPORT = 'repeated-import';

export function checkImports(document: LangiumDocument, documents: LangiumDocuments, unreadable: UnreadableFiles, accept: ValidationAcceptor): void {
    const seen = new Map<string, string>();
    for (const imp of (document.parseResult.value as SegplanDocument).imports ?? []) {
        if (typeof imp.path !== 'string') continue; // a syntax error, reported by the parser
        if (!imp.path.endsWith('.segplan')) {
            accept('error', `Only .segplan files can be imported.`, { node: imp, property: 'path', code: UNRESOLVED_IMPORT, data: { code: UNRESOLVED_IMPORT } });
            continue;
        }
        const uri = importedUri(document, imp).toString();
        const earlier = seen.get(uri);
        if (uri === document.uri.toString()) {
            accept('error', `This file imports itself. Import the file that holds the zones or components you need, or remove this line.`,
                { node: imp, property: 'path', code: SELF_IMPORT, data: { code: SELF_IMPORT } });
        } else if (earlier !== undefined) {
            accept('warning', `This file is already imported${earlier === imp.path ? '' : ` as '${earlier}'`}; remove this line.`,
                { node: imp, property: 'path', code: REPEATED_IMPORT, data: { code: REPEATED_IMPORT } });
        } else if (!documents.hasDocument(importedUri(document, imp))) {
            const why = unreadable.why(uri);
            accept('error', why ? `'${imp.path}' ${why}: only regular files are read.` : `Cannot find '${imp.path}' next to this file (paths are relative to the importing file).`,
                { node: imp, property: 'path', code: UNRESOLVED_IMPORT, data: { code: UNRESOLVED_IMPORT } });
        }
        if (earlier === undefined) seen.set(uri, imp.path);
    }
}
