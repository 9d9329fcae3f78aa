import { CstNodeBuilder, type CompositeCstNode, type CstNode } from 'langium';

/** Children inserted at once: a spread argument list of this length is safe on any stack. */
const CHUNK = 8192;

/**
 * Langium's CST builder inserts all hidden tokens (comments, white space) before a node with one
 * spread `splice(…, ...children)` (and appends trailing ones with a spread `push`): 130,000 comment lines overflow the stack and the file cannot be
 * parsed at all. The same insertion, in chunks.
 */
export class SegplanCstNodeBuilder extends CstNodeBuilder {
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
