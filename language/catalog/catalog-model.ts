import type { AstNode, LangiumDocument } from 'langium';
import {
    isVendor, isComponentType, isFeature, isPortSetting, isFlow, isPlatform, isNotRequiredPorts, isSourceDocument, isGuardrail,
    type ComponentType, type Guardrail, type GuardrailEndpoint, type PortItem, type Feature, type Flow, type FlowEndpoint, type NotRequiredPorts, type PortSetting, type SegplanDocument,
    type Vendor, type Platform, type Condition, type Scope, type Os, type Protocol, type Citation, type SourceDocument
} from '../generated/ast.js';
import { qualifiedName, referencedName } from '../scoping/qualified-names.js';
import { ALL_PORTS, parsePortText, portSetOf, type PortRange, type PortSet } from '../network/ports.js';

export interface CatalogVendor {
    readonly id: string;
    readonly name: string;
    readonly node: Vendor;
    readonly types: CatalogType[];
    readonly features: CatalogFeature[];
    readonly portSettings: CatalogPortSetting[];
    readonly flows: CatalogFlow[];
}

export interface CatalogType {
    readonly id: string;
    readonly vendorId: string;
    readonly name: string;
    readonly displayName: string;
    readonly aliases: readonly string[];
    readonly description: string;
    readonly os?: Os;
    readonly abstract: boolean;
    readonly supertypeIds: readonly string[];
    readonly node: ComponentType;
}

export interface CatalogFeature {
    readonly id: string;
    readonly displayName: string;
    readonly node: Feature;
}

export interface CatalogPortSetting {
    readonly id: string;
    readonly displayName: string;
    readonly defaultPort: number;
    readonly node: PortSetting;
}

export interface CatalogFlowEndpoint {
    readonly typeId: string;
    readonly os?: Os;
    readonly platforms: readonly string[];
    /** Subtypes of `typeId` the flow does not apply to. */
    readonly excludedTypeIds: readonly string[];
}

/** A flow's port: a fixed range, or a vendor port setting that a plan may override. */
export type CatalogPort =
    | {
        readonly kind: 'fixed'; readonly range: PortRange; readonly openEnded: boolean; readonly text: string;
        /** `N+ 2 per T`: the range grows to count × hosts of type T on the far side of the flow. */
        readonly per?: { readonly count: number; readonly typeId: string };
    }
    | { readonly kind: 'setting'; readonly settingId: string; readonly defaultPort: number };

/** A document a catalog's flows cite, declared once in the catalog (`document FirewallRules "…"`). */
export interface CatalogDocument {
    /** `veeam.FirewallRules`. */
    readonly id: string;
    readonly title: string;
    readonly publisher?: string;
    readonly edition?: string;
    readonly url?: string;
    /** The file of SegPlan's copy (../shared/seeds), which the catalog tests read. */
    readonly seed?: string;
    readonly node?: AstNode;
}

export interface CatalogCitation {
    /** The declared document's seed file, or the file a citation names directly. */
    readonly file: string;
    readonly section: string;
    readonly row?: number;
    /** The document's own words the fact rests on (`quote "…"`), when the citation gives them. */
    readonly quote?: string;
    /** The declared document, when the citation names one. */
    readonly document?: CatalogDocument;
}

/**
 * A vendor's guardrail (`guardrail HardenedRepositorySsh "…" deny … source … quote "…"`): traffic
 * its hardening text says must never pass. A plan switches it on with `use guardrail`.
 */
export interface CatalogGuardrail {
    /** `veeam.HardenedRepositorySsh` */
    readonly id: string;
    readonly vendorId: string;
    readonly displayName: string;
    readonly denies: readonly CatalogGuardrailDeny[];
    readonly sources: readonly CatalogCitation[];
    readonly node: Guardrail;
    /**
     * False when the parser could not read the guardrail completely (a syntax error within it):
     * what its denies say is then not known (plan-denies.ts takes it as denying everything).
     */
    readonly readWhole: boolean;
}

/** One `deny` of a guardrail, between component types (a plan's components of them) or `any`. */
export interface CatalogGuardrailDeny {
    readonly from: CatalogGuardrailEndpoint;
    readonly to: CatalogGuardrailEndpoint;
    /** `<->`: denied both ways. */
    readonly bidirectional: boolean;
    readonly protocol: Protocol;
    /** Explicit ports, or all ports when the deny names none. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
    /** False when an item of its port list is not a port number or range (`ports` leaves it out; its error says why). */
    readonly portsRead: boolean;
}

export interface CatalogGuardrailEndpoint {
    /** `any` address. */
    readonly any: boolean;
    /** Component types (a plan's components of them or of their subtypes); empty for `any`. */
    readonly typeIds: readonly string[];
    /** Types whose components are left out (`except`). */
    readonly excludedTypeIds: readonly string[];
    /** False when a type it names does not resolve (`typeIds` leaves it out; its error says why). */
    readonly read: boolean;
}

/**
 * A relation between two components that a plan states on the line of one of them, its subject:
 * `proxy1 : veeam.Proxy in br managed by vbr` (a managing server), `database pg1` (a configuration
 * database), `writes to sn1` (a backup destination), `pushed from ms` (the server that push-installs
 * it), `monitors vbr1` (the servers a monitoring server watches), `administers vbr1` (the servers a
 * console or browser is used on). The words are the grammar's. One relation no plan writes, `served
 * by`: a host or guest is served by the proxies, mount servers and backup server that work for the
 * server managing it, its own site's first (SegPlan infers it from who manages whom).
 */
export type RelationKind = 'managed' | 'database' | 'writes' | 'pushed' | 'monitors' | 'administers' | 'served';

/** What the plan writes for each relation (the keywords of the grammar's Relation rule). */
export const RELATION_WORDS: Readonly<Record<RelationKind, string>> = {
    managed: 'managed by', database: 'database', writes: 'writes to', pushed: 'pushed from', monitors: 'monitors',
    administers: 'administers',
    // Never written in a plan: SegPlan infers it from who manages whom (relations.ts).
    served: 'served by'
};

/** One-of relations: a component has one managing server, one configuration database, one server that pushes it. */
export const ONE_OF_RELATIONS: ReadonlySet<RelationKind> = new Set<RelationKind>(['managed', 'database', 'pushed']);

/** A catalog flow's relation (`follows manages`): the flow runs between exactly the pairs the relation binds. */
export interface CatalogFlowRelation {
    readonly kind: RelationKind;
    /** Whether the flow's source is the component that states the relation (`managed-by`), or its destination (`manages`). */
    readonly subjectIsSource: boolean;
    /** As the catalog writes it: `manages`, `managed-by`, … */
    readonly name: string;
}

const FLOW_RELATIONS: Readonly<Record<string, Omit<CatalogFlowRelation, 'name'>>> = {
    manages: { kind: 'managed', subjectIsSource: false },
    'managed-by': { kind: 'managed', subjectIsSource: true },
    database: { kind: 'database', subjectIsSource: true },
    'writes-to': { kind: 'writes', subjectIsSource: true },
    pushes: { kind: 'pushed', subjectIsSource: false },
    monitors: { kind: 'monitors', subjectIsSource: true },
    administers: { kind: 'administers', subjectIsSource: true },
    serves: { kind: 'served', subjectIsSource: false }
};

export interface CatalogFlow {
    readonly vendorId: string;
    /** The relation the flow follows; such a flow crosses sites and ignores its scope. */
    readonly relation?: CatalogFlowRelation;
    readonly from: CatalogFlowEndpoint;
    readonly to: CatalogFlowEndpoint;
    readonly protocol: Protocol;
    readonly ports: readonly CatalogPort[];
    readonly purpose: string;
    readonly featureIds: readonly string[];
    readonly conditions: ReadonlySet<Condition>;
    readonly scope: Scope;
    readonly sources: readonly CatalogCitation[];
    readonly node: Flow;
}

/** Ports a vendor says are not required and can be blocked; a rule opening them is reported. */
export interface CatalogNotRequiredPorts {
    readonly vendorId: string;
    readonly protocol: Protocol;
    readonly ports: PortSet;
    readonly purpose: string;
    /** The platforms whose tables say so; empty: every platform. */
    readonly platforms: readonly string[];
    readonly sources: readonly CatalogCitation[];
    readonly node: NotRequiredPorts;
}

/** Everything the analysis knows about vendors, from the built-in catalogs and the user's own. */
export class Catalog {
    readonly vendors: CatalogVendor[] = [];
    readonly types = new Map<string, CatalogType>();
    readonly features = new Map<string, CatalogFeature>();
    readonly portSettings = new Map<string, CatalogPortSetting>();
    readonly platforms = new Map<string, Platform>();
    readonly flows: CatalogFlow[] = [];
    readonly notRequiredPorts: CatalogNotRequiredPorts[] = [];
    /** Built-in guardrails by id (`veeam.HardenedRepositorySsh`). */
    readonly guardrails = new Map<string, CatalogGuardrail>();
    /** Declared source documents by id (`veeam.FirewallRules`). */
    readonly documents = new Map<string, CatalogDocument>();
    private readonly ancestorCache = new Map<string, ReadonlySet<string>>();
    private readonly flowsByEndpointType = new Map<string, CatalogFlow[]>();
    private readonly osCache = new Map<string, Os | undefined>();

    /**
     * A citation of a declared document found by its seed file: vendor checks cite their vendor's
     * document this way. Without such a document the citation names the file.
     */
    cite(seed: string, section: string, row?: number): CatalogCitation {
        for (const document of this.documents.values()) if (document.seed === seed) return { file: seed, section, row, document };
        return { file: seed, section, row };
    }

    /** The type itself and every type it `is`, transitively. */
    ancestorsOf(typeId: string): ReadonlySet<string> {
        let result = this.ancestorCache.get(typeId);
        if (!result) {
            const seen = new Set<string>();
            const visit = (id: string) => {
                if (seen.has(id)) return;
                seen.add(id);
                for (const parent of this.types.get(id)?.supertypeIds ?? []) visit(parent);
            };
            visit(typeId);
            result = seen;
            this.ancestorCache.set(typeId, result);
        }
        return result;
    }

    private flowSourceTypes?: ReadonlySet<string>;

    /**
     * Whether components of this type start flows of their own (a backup server, a console) —
     * as opposed to a service that only receives them (object storage, a vendor's cloud).
     */
    startsFlows(typeId: string): boolean {
        this.flowSourceTypes ??= new Set(this.flows.map(f => f.from.typeId));
        for (const id of this.ancestorsOf(typeId)) if (this.flowSourceTypes.has(id)) return true;
        return false;
    }

    /** The effective OS of a type: its own, or the first one a supertype declares. */
    osOf(typeId: string): Os | undefined {
        if (!this.osCache.has(typeId)) {
            let found: Os | undefined;
            for (const id of this.ancestorsOf(typeId)) {
                found = this.types.get(id)?.os;
                if (found) break;
            }
            this.osCache.set(typeId, found);
        }
        return this.osCache.get(typeId);
    }

    /** Flows that start or end at one of the given type's ancestors, for hover and documentation. */
    flowsTouching(typeId: string): CatalogFlow[] {
        let result = this.flowsByEndpointType.get(typeId);
        if (!result) {
            const ancestors = this.ancestorsOf(typeId);
            result = this.flows.filter(f => ancestors.has(f.from.typeId) || ancestors.has(f.to.typeId));
            this.flowsByEndpointType.set(typeId, result);
        }
        return result;
    }
}

function refName(ref: { ref?: unknown; $refText: string } | undefined): string {
    return referencedName(ref as never);
}

function endpointOf(endpoint: FlowEndpoint): CatalogFlowEndpoint {
    return {
        typeId: refName(endpoint.type),
        os: endpoint.os[0],
        platforms: endpoint.platforms.map(p => p?.ref?.name ?? p?.$refText ?? ''),
        excludedTypeIds: endpoint.excluded.map(refName)
    };
}

const documents = new WeakMap<SourceDocument, CatalogDocument>();

function documentOf(node: SourceDocument): CatalogDocument {
    let document = documents.get(node);
    if (!document) {
        const vendor = node.$container;
        document = {
            id: `${vendor.name}.${node.name}`, title: node.title, publisher: node.publisher, edition: node.edition,
            url: node.url, seed: node.seed, node
        };
        documents.set(node, document);
    }
    return document;
}

function citationOf(c: Citation): CatalogCitation {
    const declared = c.document?.ref;
    const document = declared ? documentOf(declared) : undefined;
    return { file: document?.seed ?? c.file ?? c.document?.$refText ?? '', section: c.section, row: c.row, quote: c.quote, document };
}

/** Builds the catalog from every loaded document that declares vendors or platforms. */
export function buildCatalog(documents: Iterable<LangiumDocument>): Catalog {
    const catalog = new Catalog();
    for (const document of documents) {
        const root = document.parseResult.value as SegplanDocument;
        for (const element of root.elements ?? []) {
            if (isPlatform(element)) catalog.platforms.set(element.name, element);
            if (!isVendor(element)) continue;
            const vendor: CatalogVendor = {
                id: element.name, name: element.displayName, node: element, types: [], features: [], portSettings: [], flows: []
            };
            catalog.vendors.push(vendor);
            for (const member of element.members) {
                const id = qualifiedName(member); // `vendor.Member`; flows have none and come below
                if (!id) continue;
                if (isComponentType(member)) {
                    const type: CatalogType = {
                        id, vendorId: element.name, name: member.name, displayName: member.displayName,
                        aliases: member.aliases, description: member.description[0] ?? '', os: member.os[0],
                        abstract: member.abstract, supertypeIds: member.supertypes.map(refName).filter(Boolean), node: member
                    };
                    vendor.types.push(type);
                    catalog.types.set(id, type);
                } else if (isFeature(member)) {
                    const feature = { id, displayName: member.displayName, node: member };
                    vendor.features.push(feature);
                    catalog.features.set(id, feature);
                } else if (isSourceDocument(member)) {
                    catalog.documents.set(id, documentOf(member));
                } else if (isPortSetting(member)) {
                    const setting = { id, displayName: member.displayName, defaultPort: member.default, node: member };
                    vendor.portSettings.push(setting);
                    catalog.portSettings.set(id, setting);
                }
            }
            for (const member of element.members) {
                if (!isNotRequiredPorts(member)) continue;
                const ranges = fixedPortRanges(member.ports);
                catalog.notRequiredPorts.push({
                    vendorId: element.name, protocol: member.protocol, ports: portSetOf(ranges), purpose: member.purpose,
                    platforms: member.platforms.map(p => p.$refText), sources: member.sources.map(citationOf), node: member
                });
            }
            for (const member of element.members) {
                if (!isGuardrail(member) || !member.name) continue;
                const guardrail = guardrailOf(member, element.name);
                catalog.guardrails.set(guardrail.id, guardrail);
            }
            for (const member of element.members) {
                // A flow half-typed in the editor has no endpoints yet: it requires nothing.
                if (!isFlow(member) || !member.from?.type || !member.to?.type) continue;
                const flow = flowOf(member, element, catalog);
                vendor.flows.push(flow);
                catalog.flows.push(flow);
            }
        }
    }
    return catalog;
}

/** The port numbers and ranges of a port list (catalog validation reports any other item). */
function fixedPortRanges(ports: readonly PortItem[]): PortRange[] {
    return ports.flatMap(item => {
        const parsed = item.value !== undefined ? parsePortText(String(item.value)) : undefined;
        return parsed && 'range' in parsed ? [parsed.range] : [];
    });
}

function guardrailOf(node: Guardrail, vendorId: string): CatalogGuardrail {
    const endpoint = (e: GuardrailEndpoint | undefined): CatalogGuardrailEndpoint => ({
        any: e?.any ?? false, typeIds: (e?.types ?? []).map(refName).filter(Boolean), excludedTypeIds: (e?.excluded ?? []).map(refName).filter(Boolean),
        // An `except` type that does not resolve only leaves fewer components out: the side is read wider, never narrower.
        read: e !== undefined && (e.any || e.types.length > 0) && e.types.every(t => t.ref !== undefined)
    });
    const denies = node.denies.map((deny): CatalogGuardrailDeny => {
        const ranges = fixedPortRanges(deny.ports);
        const allPorts = deny.ports.length === 0;
        return {
            from: endpoint(deny.from), to: endpoint(deny.to), bidirectional: deny.bidirectional, protocol: deny.protocol,
            ports: allPorts ? ALL_PORTS : portSetOf(ranges), allPorts,
            portsRead: deny.ports.every(isGuardrailPort)
        };
    });
    return {
        id: `${vendorId}.${node.name}`, vendorId, displayName: node.displayName, denies, sources: node.sources.map(citationOf), node,
        readWhole: !hasSyntaxErrorWithin(node)
    };
}

/** A port item a guardrail can deny: a port number or a closed range (guardrail-validation reports any other). */
export function isGuardrailPort(item: PortItem): boolean {
    const parsed = item.value === undefined ? undefined : parsePortText(String(item.value));
    return parsed !== undefined && 'range' in parsed && !parsed.openEnded && !item.perType;
}

/** Whether the parser reported an error from the node's first character to its last. */
function hasSyntaxErrorWithin(node: AstNode): boolean {
    let root: AstNode = node;
    while (root.$container) root = root.$container;
    // A precompiled built-in catalog has no document: it was built from a text without errors.
    const document = (root as { $document?: LangiumDocument }).$document;
    if (!document) return false;
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length === 0 && parserErrors.length === 0) return false;
    const cst = node.$cstNode;
    if (!cst) return true;
    const within = (offset: number) => offset >= cst.offset && offset <= cst.end;
    return lexerErrors.some(e => within(e.offset)) || parserErrors.some(e => Number.isFinite(e.token.startOffset) && within(e.token.startOffset));
}

function flowOf(node: Flow, vendor: Vendor, catalog: Catalog): CatalogFlow {
    const ports: CatalogPort[] = [];
    for (const item of node.ports) {
        if (item.setting) {
            const settingId = refName(item.setting);
            const defaultPort = catalog.portSettings.get(settingId)?.defaultPort ?? item.setting.ref?.default ?? 0;
            ports.push({ kind: 'setting', settingId, defaultPort });
        } else if (item.value !== undefined) {
            const parsed = parsePortText(String(item.value));
            if (!('range' in parsed)) continue;
            const per = item.perType && item.perCount !== undefined ? { count: item.perCount, typeId: refName(item.perType) } : undefined;
            const text = per ? `${String(item.value)} ${per.count} per ${per.typeId}` : String(item.value);
            ports.push({ kind: 'fixed', range: parsed.range, openEnded: parsed.openEnded && !per, text, per });
        }
    }
    return {
        vendorId: vendor.name,
        from: endpointOf(node.from),
        to: endpointOf(node.to),
        protocol: node.protocol,
        ports,
        purpose: node.purpose,
        featureIds: node.features.map(refName),
        conditions: new Set(node.conditions),
        scope: node.scope[0] ?? vendor.defaultScope ?? 'any',
        relation: node.relation[0] ? { ...FLOW_RELATIONS[node.relation[0]], name: node.relation[0] } : undefined,
        sources: node.sources.map(citationOf),
        node
    };
}

/** How a flow's ports read in a catalog: `6160`, `2500-3300`, `9082+`, `6180 (CloudConnectPort)`. */
export function catalogPortText(port: CatalogPort): string {
    return port.kind === 'fixed' ? port.text : String(port.defaultPort);
}
