import { CstUtils, type AstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import {
    isAllowRule, isComponentType, isFeature, isFlow, isImport, isInstance, isPlanHeader, isPlatform, isPortOverride,
    isPortSetting, isSite, isSitePair, isUseFeature, isVendor, isZone
} from '../generated/ast.js';

/**
 * Puts a space between words that touch (`a->b` becomes `a -> b`), writes lists as `a, b` and
 * indents vendor blocks. Line breaks, comments and the columns an engineer lined up stay as written.
 */
export class SegplanFormatter extends AbstractFormatter {
    protected override format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (isVendor(node)) {
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent({ allowMore: true }));
            close.prepend(Formatting.newLine({ allowMore: true }));
            this.spaceWords(node, f.cst.bind(f), true);
        } else if (isPlanHeader(node) || isImport(node) || isZone(node) || isSite(node) || isSitePair(node) || isInstance(node)
            || isUseFeature(node) || isPortOverride(node) || isAllowRule(node) || isPlatform(node) || isFeature(node)
            || isPortSetting(node) || isComponentType(node) || isFlow(node)) {
            this.spaceWords(node, f.cst.bind(f), false);
        }
    }

    /** At least one space before each word that follows another on the same line; none before a comma. */
    private spaceWords(node: AstNode, region: (nodes: CstNode[]) => { prepend(f: ReturnType<typeof Formatting.oneSpace>): void }, headerOnly: boolean): void {
        const cst = node.$cstNode;
        if (!cst) return;
        let previous: CstNode | undefined;
        for (const leaf of CstUtils.flattenCst(cst)) {
            if (headerOnly && leaf.text === '{') break;
            if (leaf.hidden) { previous = undefined; continue; }
            if (previous && previous.range.end.line === leaf.range.start.line) {
                region([leaf]).prepend(leaf.text === ',' || previous.text === '.' || leaf.text === '.' ? Formatting.noSpace()
                    : previous.text === ',' ? Formatting.oneSpace() : Formatting.oneSpace({ allowMore: true }));
            }
            previous = leaf;
        }
    }
}
