import { AstUtils, type LangiumDocument } from 'langium';
import { isAllowRule, type AllowRule, type SegplanDocument } from '../generated/ast.js';
import { startLineOf } from '../parser/lean-cst.js';

/**
 * Allow rules the parser could not read completely. Parser recovery keeps what it understood:
 * `allow vbr -> proxy tcp port 6162` becomes "tcp, all ports", a malformed `until` disappears —
 * each wider than what was written. A rule with a syntax error anywhere from its first character
 * to the next element is never emitted, `--force` or not.
 */
export function incompletelyReadRules(documents: readonly LangiumDocument[]): Set<AllowRule> {
    const result = new Set<AllowRule>();
    for (const document of documents) {
        const { lexerErrors, parserErrors, value } = document.parseResult;
        const errorOffsets = [
            ...lexerErrors.map(e => e.offset),
            ...parserErrors.map(e => (Number.isFinite(e.token.startOffset) ? e.token.startOffset : document.textDocument.getText().length))
        ];
        if (errorOffsets.length === 0) continue;
        const text = document.textDocument;
        const errorLines = errorOffsets.map(o => text.positionAt(Math.min(o, text.getText().length)).line);
        const elements = (value as SegplanDocument).elements ?? [];
        elements.forEach((element, i) => {
            if (!isAllowRule(element) || !element.$cstNode) return;
            const from = element.$cstNode.offset;
            // Up to and including the next element's first token: a rule that wanted more (a port
            // after a trailing comma) makes the parser complain there.
            const to = elements[i + 1]?.$cstNode?.offset ?? Number.MAX_SAFE_INTEGER;
            const { start, end } = element.$cstNode.range;
            // Something the parser took for the next element on the rule's own line (`… until 2026-01-31 because`) was meant as part of it.
            const nextOnSameLine = elements[i + 1]?.$cstNode?.range.start.line === end.line;
            if (errorOffsets.some(o => o >= from && o <= to) || errorLines.some(l => l >= start.line && l <= end.line) || nextOnSameLine) result.add(element);
        });
    }
    return result;
}

export function ruleLine(rule: AllowRule): string {
    return `${AstUtils.getDocument(rule).uri.path.split('/').pop()} line ${startLineOf(rule) + 1}`;
}
