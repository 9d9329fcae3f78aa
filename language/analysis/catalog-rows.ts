import type { Catalog, CatalogCitation, CatalogFlow } from '../catalog/catalog-model.js';
import { formatPorts, portSetOf, type PortSet } from '../network/ports.js';
import type { BindingHow, CatalogRelations } from './relations.js';
import type { RequirementRelation } from './required-flows.js';

/** What a requirement inherits from its catalog rows: the same for every pair of components. */
export interface RowTraits {
    readonly purpose: string;
    readonly installOnly: boolean;
    readonly internetFacing: boolean;
    /** Legacy, not-required or host-internal in every row: listed, but no rule is needed. */
    readonly notNeeded: boolean;
    readonly sources: readonly CatalogCitation[];
}

/** A row's ports when no plan setting changes them: the same for every pair of components. */
export interface FixedPorts {
    readonly set: PortSet;
    readonly text: string;
    readonly open: number[];
    /** What makes catalog rows the same requirement (signatureOf). */
    readonly key: string;
}

interface Row {
    /** The row as a one-element list: shared by every requirement that comes from this row alone. */
    readonly list: readonly CatalogFlow[];
    readonly fixed: FixedPorts | undefined;
    traits?: RowTraits;
    relations?: Map<BindingHow, RequirementRelation>;
}

/** What makes two catalog rows the same requirement between one pair of components. */
export function signatureOf(flow: CatalogFlow, ports: PortSet): string {
    return `${flow.protocol}\u0000${formatPorts(ports)}\u0000${flow.conditions.has('install-only')}`;
}

/** Purposes of merged rows, without repeats ("Veeam Data Mover" is in "Veeam Data Mover (Transport Service)"). */
function distinctPurposes(purposes: string[]): string[] {
    const unique = [...new Set(purposes)];
    return unique.filter(p => !unique.some(q => q !== p && q.startsWith(p)));
}

function traitsOf(flows: readonly CatalogFlow[]): RowTraits {
    const has = (condition: string) => flows.some(f => f.conditions.has(condition as never));
    return Object.freeze({
        purpose: distinctPurposes(flows.map(f => f.purpose)).join('; '),
        installOnly: flows.every(f => f.conditions.has('install-only')),
        internetFacing: has('internet-facing'),
        notNeeded: flows.every(f => f.conditions.has('legacy') || f.conditions.has('not-required') || f.conditions.has('host-internal')),
        sources: flows.flatMap(f => f.sources)
    });
}

function fixedPortsOf(flow: CatalogFlow): FixedPorts | undefined {
    if (!flow.ports.every(p => p.kind === 'fixed' && !p.per)) return undefined;
    const ranges = [], texts: string[] = [], open: number[] = [];
    for (const port of flow.ports) {
        if (port.kind !== 'fixed') continue;
        ranges.push(port.range);
        texts.push(port.text);
        if (port.openEnded) open.push(port.range.from);
    }
    const set = portSetOf(ranges);
    return { set, text: texts.join(', '), open, key: signatureOf(flow, set) };
}

/**
 * What every site's pass of the first pass takes alike from a catalog row — its ports when no
 * plan setting changes them, its traits, the relation it names — worked out once per catalog,
 * not once per site nor once per plan: the derivation keeps it (derive-requirements.ts), a later
 * analysis with the same catalog takes it over, and the plans of one workspace share one
 * (PlanAnalyzer). Every requirement of a row shares these objects (frozen), so a plan of many
 * sites, or a workspace of many plans, allocates them once.
 */
export class CatalogRows {
    private readonly rows = new Map<CatalogFlow, Row>();
    /** Traits of several merged rows, by the rows' places in the catalog. */
    private readonly merged = new Map<string, RowTraits>();
    private index?: Map<CatalogFlow, number>;
    /**
     * Rows and sets of merged rows prepared, and the catalog's relations grouped: once each per
     * catalog (the relations once per set of features), whatever the number of sites and plans
     * (counted, never timed).
     */
    readonly work = { prepared: 0, relationSets: 0 };
    /**
     * The catalog's relations (relations.ts), worked out when a plan first asks: which flows
     * follow each relation depends on the catalog and on which of the features those flows need
     * the plan uses, not on the plan's components.
     */
    relations?: CatalogRelations;

    constructor(private readonly catalog: Catalog) {}

    /** Whether these are the rows of `catalog` (a catalog file edited makes a new catalog, with rows of its own). */
    isFor(catalog: Catalog): boolean {
        return catalog === this.catalog;
    }

    private row(flow: CatalogFlow): Row {
        let row = this.rows.get(flow);
        if (!row) {
            this.work.prepared++;
            this.rows.set(flow, row = { list: Object.freeze([flow]), fixed: fixedPortsOf(flow) });
        }
        return row;
    }

    /** The row as a one-element list (most requirements come from one row). */
    listOf(flow: CatalogFlow): readonly CatalogFlow[] {
        return this.row(flow).list;
    }

    /** The row's ports, when they depend on no plan setting and on no count of components. */
    fixedPorts(flow: CatalogFlow): FixedPorts | undefined {
        return this.row(flow).fixed;
    }

    /** What a requirement of these rows inherits from them. */
    traits(flows: readonly CatalogFlow[]): RowTraits {
        if (flows.length === 1) {
            const row = this.row(flows[0]);
            return row.traits ??= traitsOf(flows);
        }
        const index = this.index ??= new Map(this.catalog.flows.map((f, i) => [f, i]));
        const key = flows.map(f => index.get(f)).join(',');
        let traits = this.merged.get(key);
        if (!traits) {
            this.work.prepared++;
            this.merged.set(key, traits = traitsOf(flows));
        }
        return traits;
    }

    /** The relation `flow` follows, bound `how`, as its requirements name it. */
    relation(flow: CatalogFlow, how: BindingHow): RequirementRelation {
        const row = this.row(flow);
        const relations = row.relations ??= new Map();
        let relation = relations.get(how);
        if (!relation) relations.set(how, relation = Object.freeze({ name: flow.relation!.name, how }));
        return relation;
    }
}
