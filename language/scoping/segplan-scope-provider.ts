import {
    AstUtils, DefaultScopeProvider, MapScope, WorkspaceCache, type AstNode, type AstNodeDescription, type LangiumDocument, type LangiumDocuments,
    type LocalSymbols, type ReferenceInfo, type Scope
} from 'langium';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import { Instance, Site, Zone, isVendor } from '../generated/ast.js';
import { importClosure } from '../workspace/plan-imports.js';
import { PlanNames } from './plan-scope.js';
import { innerMap } from '../utils/inner-map.js';

const PLAN_ELEMENT_TYPES = new Set<string>([Zone.$type, Instance.$type, Site.$type]);
const PLAN_REFERENCE_TYPES = new Set<string>([...PLAN_ELEMENT_TYPES, 'Endpoint']);

/**
 * Zones, sites and component instances resolve within the file and the files it imports — two
 * unrelated plans in one workspace may both have a zone `mgmt`. Catalog names (types, features,
 * port settings, platforms) are global. Plan scopes are cached per document and reference type,
 * on one hash map of the names per file and its imports (PlanNames), so a 10,000-instance plan
 * links in linear time. The caches are emptied on every change in the workspace, not only for
 * the changed file: a plan's scope holds the names of the files it imports, and a name added to,
 * or deleted with, an imported file must reach the plan.
 */
export class SegplanScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    /** By document, then reference type: no key is written per reference (a 5,000-rule plan links 15,000). */
    private readonly planScopes: WorkspaceCache<LangiumDocument, Map<string, Scope>>;
    private readonly planNamesByFile: WorkspaceCache<string, PlanNames>;
    /** A vendor's own members by short name and reference type, for as long as its file's local symbols last. */
    private readonly vendorScopes = new WeakMap<LocalSymbols, WeakMap<AstNode, Map<string, { global: Scope; scope: Scope }>>>();

    constructor(services: SegplanCoreServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.planScopes = new WorkspaceCache(services.shared);
        this.planNamesByFile = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const document = AstUtils.getDocument(context.container);
        if (!PLAN_REFERENCE_TYPES.has(referenceType)) return this.catalogScope(context, referenceType, document);
        const byType = this.planScopes.get(document, () => new Map());
        let scope = byType.get(referenceType);
        if (!scope) byType.set(referenceType, scope = this.planNames(document).scopeOf(referenceType, this.reflection));
        return scope;
    }

    /** The names of the file and the files it imports, the file's own first; validation reports clashes. */
    private planNames(document: LangiumDocument): PlanNames {
        return this.planNamesByFile.get(document.uri.toString(), () => {
            const names = new PlanNames();
            for (const file of importClosure(document, this.documents)) {
                for (const description of this.indexManager.allElements(undefined, new Set([file.uri.toString()]))) {
                    if (PLAN_ELEMENT_TYPES.has(description.type)) names.add(description);
                }
            }
            return names;
        });
    }

    /**
     * Catalog names: a vendor's own members by their short names inside its block, everything by
     * qualified name from the global index. The default walk would also filter the file's root
     * symbols for every reference — quadratic in a plan with thousands of instances.
     */
    private catalogScope(context: ReferenceInfo, referenceType: string, document: LangiumDocument): Scope {
        const global = this.getGlobalScope(referenceType, context);
        const vendor = AstUtils.getContainerOfType(context.container, isVendor);
        const symbols = document.localSymbols;
        return vendor && symbols?.has(vendor) ? this.vendorScope(symbols, vendor, referenceType, global) : global;
    }

    /**
     * A vendor's members of one reference type, each name once (the first, as a scan of the
     * block finds it; validation reports the repeated name), before the global names. Kept per
     * vendor and type while the global scope stays: a scan per reference made linking a catalog
     * quadratic in its vendor's size.
     */
    private vendorScope(symbols: LocalSymbols, vendor: AstNode, referenceType: string, global: Scope): Scope {
        let byVendor = this.vendorScopes.get(symbols);
        if (!byVendor) this.vendorScopes.set(symbols, byVendor = new WeakMap());
        const byType = innerMap(byVendor, vendor);
        const kept = byType.get(referenceType);
        if (kept?.global === global) return kept.scope;
        const first = new Map<string, AstNodeDescription>();
        for (const d of symbols.getStream(vendor)) {
            if (!first.has(d.name) && this.reflection.isSubtype(d.type, referenceType)) first.set(d.name, d);
        }
        const scope = new MapScope(first.values(), global);
        byType.set(referenceType, { global, scope });
        return scope;
    }
}
