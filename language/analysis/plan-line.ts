import { AstUtils, type AstNode } from 'langium';
import { startLineOf } from '../parser/node-position.js';

/** Where a statement is written: the plan file's name, its 1-based line, and its text on one line. */
export interface PlanLine {
    readonly file: string;
    readonly line: number;
    readonly text: string;
}

/** A statement's place in the plan, for views that cite it (`backup.segplan:12: allow …`). */
export function planLineOf(node: AstNode): PlanLine {
    const document = AstUtils.getDocument(node);
    return { file: document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1), line: startLineOf(node) + 1, text: node.$cstNode?.text.replace(/\s+/g, ' ').trim() ?? '' };
}
