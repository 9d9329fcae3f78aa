import { CstNodeBuilder, type CompositeCstNode, type CstNode } from 'langium';
import type { IToken } from 'chevrotain';

/** Children inserted at once: a spread argument list of this length is safe on any stack. */
const CHUNK = 8192;

/**
 * Langium's CST builder, with two fixes for large files.
 *
 * It inserts all hidden tokens (comments, white space) before a node with one
 * spread `splice(…, ...children)` (and appends trailing ones with a spread `push`): 130,000 comment lines overflow the stack and the file cannot be
 * parsed at all. The same insertion, in chunks.
 *
 * Before every token it also looked for where the comments in front of it go, even when there were
 * none; at the first token of a statement that meant finding the statement among the file's
 * statements from the first one (indexOf), quadratic in a plan of 10,000 lines. Nothing is done
 * for no comments, and the statement is found from the end, where it was just added.
 */
export class SegplanCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) return;
        const nodes: CstNode[] = tokens.map(token => this.createLeafNode(token, true));
        let current: CompositeCstNode = this.current;
        // Within a node that has content already, the comments follow it.
        if (current.content.length > 0) {
            this.appendChildren(current, nodes);
            return;
        }
        // A node just begun: the comments go before it, in the first enclosing node that has content before it.
        while (current.container) {
            const index = current.container.content.lastIndexOf(current);
            if (index > 0) {
                this.insertChildren(current.container, index, nodes);
                return;
            }
            current = current.container;
        }
        // The first nodes of the file.
        this.insertChildren(current, 0, nodes);
    }

    override insertChildren(parent: CompositeCstNode, index: number, children: CstNode[]): void {
        if (children.length <= CHUNK) {
            super.insertChildren(parent, index, children);
            return;
        }
        for (let start = 0; start < children.length; start += CHUNK) {
            super.insertChildren(parent, index + start, children.slice(start, start + CHUNK));
        }
    }

    override appendChildren(parent: CompositeCstNode, children: CstNode[]): void {
        for (let start = 0; start < children.length; start += CHUNK) {
            super.appendChildren(parent, children.slice(start, start + CHUNK));
        }
    }
}
