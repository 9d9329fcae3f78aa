import { Cancellation, DefaultScopeComputation, interruptAndCheck, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument } from 'langium';
import { AllowRule, Instance, isInstance, isPlatform, isSite, isVendor, isZone, Zone } from '../generated/ast.js';
import { forEachChild, walkAst } from '../utils/ast-walk.js';
import { PLAN_STATEMENTS } from '../workspace/plan-statements.js';
import { isPrecompiled } from '../workspace/segplan-document-factory.js';
import { qualifiedName } from './qualified-names.js';

/**
 * Exports vendor members under their qualified names (`veeam.Proxy`) so every plan and catalog in
 * the workspace can name them; zones, sites and instances are exported by their plain names but
 * only become visible to files that import their file (see SegplanScopeProvider).
 */
export class SegplanScopeComputation extends DefaultScopeComputation {
    protected override addExportedSymbol(node: AstNode, exports: AstNodeDescription[], document: LangiumDocument): void {
        // The plan's own statements by their type first, as statementsOf (file-statements.ts) sorts them:
        // a component or an allow rule asked five type guards, each a question to the type hierarchy.
        switch (node.$type) {
            case Instance.$type: case Zone.$type: return super.addExportedSymbol(node, exports, document);
            case AllowRule.$type: return;
        }
        if (isVendor(node)) {
            for (const member of node.members) {
                const name = qualifiedName(member);
                if (name) exports.push(this.descriptions.createDescription(member, name, document));
            }
        } else if (isPlatform(node) || isZone(node) || isSite(node) || isInstance(node)) {
            super.addExportedSymbol(node, exports, document);
        }
    }

    /**
     * Langium's export of the root and its statements, walked without a stream and without a turn
     * of the event loop per statement (see SegplanLinker). Same symbols, same order.
     */
    override async collectExportedSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<AstNodeDescription[]> {
        await interruptAndCheck(cancelToken);
        const root = document.parseResult.value;
        const exports: AstNodeDescription[] = [];
        this.addExportedSymbol(root, exports, document);
        forEachChild(root, statement => this.addExportedSymbol(statement, exports, document));
        return exports;
    }

    /**
     * Langium's walk over every node of the file, except inside plan statements: nothing in them
     * below the statement has a name (addresses, endpoints, ports), and a 10,000-instance plan has
     * some 100,000 such nodes to visit after every edit. Same symbols, same order.
     */
    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<MultiMap<AstNode, AstNodeDescription>> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        // A precompiled built-in catalog's references carry their targets (precompiled-catalogs.ts):
        // none of them looks anything up, so its local symbols would be made at every start for nothing.
        if (isPrecompiled(document)) return symbols;
        await interruptAndCheck(cancelToken);
        const root = document.parseResult.value;
        walkAst(root, node => {
            if (node === root) return;
            this.addLocalSymbol(node, document, symbols);
            return !PLAN_STATEMENTS.has(node.$type);
        });
        return symbols;
    }

    // Zones, sites and instances resolve through SegplanScopeProvider's per-document maps; as local
    // symbols of the root they would make every other reference (a component type, a platform)
    // scan all of them, which is quadratic on a 10,000-instance plan.
    protected override addLocalSymbol(node: AstNode, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
        // An allow rule has no name; it and the plan's components and zones are told by their own type (see addExportedSymbol).
        switch (node.$type) {
            case AllowRule.$type: case Instance.$type: case Zone.$type: return;
        }
        if (isZone(node) || isSite(node) || isInstance(node)) return;
        super.addLocalSymbol(node, document, symbols);
    }
}
