import { DefaultScopeComputation, MultiMap, type AstNode, type Cancellation, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isPlatform, isSite, isVendor, isZone, isInstance } from '../generated/ast.js';
import { isPrecompiled } from '../workspace/segplan-document-factory.js';
import { qualifiedName } from './qualified-names.js';

/**
 * Exports vendor members under their qualified names (`veeam.Proxy`) so every plan and catalog in
 * the workspace can name them; zones, sites and instances are exported by their plain names but
 * only become visible to files that import their file (see SegplanScopeProvider).
 */
export class SegplanScopeComputation extends DefaultScopeComputation {
    protected override addExportedSymbol(node: AstNode, exports: AstNodeDescription[], document: LangiumDocument): void {
        if (isVendor(node)) {
            for (const member of node.members) {
                const name = qualifiedName(member);
                if (name) exports.push(this.descriptions.createDescription(member, name, document));
            }
        } else if (isPlatform(node) || isZone(node) || isSite(node) || isInstance(node)) {
            super.addExportedSymbol(node, exports, document);
        }
    }

    // Zones, sites and instances resolve through SegplanScopeProvider's per-document maps; as local
    // symbols of the root they would make every other reference (a component type, a platform)
    // scan all of them, which is quadratic on a 10,000-instance plan.
    protected override addLocalSymbol(node: AstNode, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
        if (isZone(node) || isSite(node) || isInstance(node)) return;
        super.addLocalSymbol(node, document, symbols);
    }

    // A precompiled built-in catalog's references carry their targets (precompiled-catalogs.ts): no
    // reference in it looks anything up, so its local symbols would be made at every start for nothing.
    override async collectLocalSymbols(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<LocalSymbols> {
        return isPrecompiled(document) ? new MultiMap() : super.collectLocalSymbols(document, cancelToken);
    }
}
