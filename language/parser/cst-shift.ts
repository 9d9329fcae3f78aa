import { CompositeCstNodeImpl, type CstNode } from 'langium';

interface MutableLeaf { _offset: number; _startLine: number; _startColumn: number; _endLine: number; _endColumn: number }

/**
 * Moves a subtree by `offset` characters and `lines` lines; tokens that start (or end) on line
 * `columnLine` (before the move) also move by `columns`. Cached ranges of composite nodes are dropped.
 */
export function shift(node: CstNode, offset: number, lines: number, columnLine: number, columns: number): void {
    if (node instanceof CompositeCstNodeImpl) {
        (node as unknown as { _rangeCache?: unknown })._rangeCache = undefined;
        for (const child of node.content) shift(child, offset, lines, columnLine, columns);
        return;
    }
    const leaf = node as unknown as MutableLeaf;
    if (leaf._startLine === columnLine) leaf._startColumn = (leaf._startColumn + columns) | 0;
    if (leaf._endLine === columnLine) leaf._endColumn = (leaf._endColumn + columns) | 0;
    leaf._offset = (leaf._offset + offset) | 0;
    leaf._startLine = (leaf._startLine + lines) | 0;
    leaf._endLine = (leaf._endLine + lines) | 0;
}
