import { endpointMismatch } from '../../language/analysis/flow-endpoints.js';
import { formatCitations } from '../../language/analysis/finding.js';
import type { Catalog, CatalogFlow, CatalogType } from '../../language/catalog/catalog-model.js';
import type { PlanInstance } from '../../language/plan/plan-model.js';
import { catalogFlowJson, endpointText, flowLine } from '../commands/catalog.js';
import { printable } from '../terminal-text.js';
import { citationsJson } from './citations.js';
import type { McpServer } from './mcp-sdk.js';
import { z } from './mcp-sdk.js';
import { loadCatalog, planInputShape } from './plan-input.js';
import { toolAnswer, ToolInputError } from './tool-result.js';
import type { ToolContext } from './tool-context.js';

/** A component type by id (`veeam.Proxy`), or by a name or alias when only one type has it. */
export function componentType(catalog: Catalog, asked: string): CatalogType {
    const exact = catalog.types.get(asked);
    if (exact) return exact;
    const lower = asked.toLowerCase();
    const byId = [...catalog.types.values()].filter(t => t.id.toLowerCase() === lower);
    if (byId.length === 1) return byId[0];
    const byName = [...catalog.types.values()].filter(t => [t.name, t.displayName, ...t.aliases].some(n => n.toLowerCase() === lower));
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) throw new ToolInputError(`'${asked}' names ${byName.length} component types: ${byName.map(t => `${t.id} (${t.displayName})`).join(', ')}. Give one by its id.`);
    const near = [...catalog.types.values()].filter(t => t.id.toLowerCase().includes(lower.split('.').pop()!) || lower.includes(t.name.toLowerCase()));
    const vendor = catalog.vendors.find(v => lower.startsWith(`${v.id.toLowerCase()}.`));
    const listed = near.length ? near : vendor?.types ?? [];
    throw new ToolInputError(`'${asked}' is not a component type of the catalogs.${listed.length ? ` Did you mean ${listed.slice(0, 20).map(t => t.id).join(', ')}?` : ' Types are written vendor.Type (veeam.Proxy); the segplan://catalog resource lists them all.'}`);
}

/**
 * A component of the type as a plan places it without saying its OS or platform: the component a
 * type's flows are asked about. The flows' own filters (OS, platform, the subtypes they leave out)
 * are then read exactly as for a placed component (flow-endpoints.ts).
 */
function typicalComponent(type: CatalogType): PlanInstance {
    return { name: type.id, typeId: type.id } as PlanInstance;
}

interface TypeFlow {
    readonly direction: 'out' | 'in';
    readonly flow: CatalogFlow;
    /** Why the flow does not reach a component of the type (an OS filter, a subtype it leaves out). */
    readonly notFor?: string;
}

/** Every catalog flow the type takes part in through itself or a role it plays, out and in. */
function flowsOfType(catalog: Catalog, type: CatalogType): TypeFlow[] {
    const ancestors = catalog.ancestorsOf(type.id);
    const component = typicalComponent(type);
    const result: TypeFlow[] = [];
    for (const flow of catalog.flowsTouching(type.id)) {
        for (const direction of ['out', 'in'] as const) {
            const endpoint = direction === 'out' ? flow.from : flow.to;
            if (!ancestors.has(endpoint.typeId)) continue;
            result.push({ direction, flow, notFor: endpointMismatch(component, endpoint, catalog, flow.vendorId) });
        }
    }
    return result;
}

function typeFlowText(f: TypeFlow): string {
    const arrow = f.direction === 'out' ? 'out →' : 'in  ←';
    const other = endpointText(f.direction === 'out' ? f.flow.to : f.flow.from);
    return flowLine(arrow, other, f.flow) + printable(`      source: ${formatCitations(f.flow.sources)}`) + '\n'
        + (f.notFor ? printable(`      not for this type: ${f.notFor}`) + '\n' : '');
}

/** component_flows' answer: the type's flows as text, and as structured content with their citations. */
export function componentFlows(catalog: Catalog, type: CatalogType) {
    const all = flowsOfType(catalog, type);
    const json = (f: TypeFlow) => ({
        direction: f.direction,
        // The role the flow is written for, when it is not the type itself (veeam.ManagedServer for a proxy).
        via: (f.direction === 'out' ? f.flow.from.typeId : f.flow.to.typeId),
        vendor: f.flow.vendorId,
        ...catalogFlowJson(f.flow),
        sources: citationsJson(f.flow.sources),
        ...(f.notFor ? { notFor: f.notFor } : {})
    });
    const applying = all.filter(f => !f.notFor), apart = all.filter(f => f.notFor);
    const head = printable(`${type.id}: ${type.displayName}${type.abstract ? ' (role)' : ''} — ${applying.length} flow(s)`) + '\n'
        + (type.supertypeIds.length ? printable(`      is ${type.supertypeIds.join(', ')}`) + '\n' : '');
    const text = head + applying.map(typeFlowText).join('')
        + (apart.length ? `\nNot for ${printable(type.id)} (a filter of the flow leaves it out):\n${apart.map(typeFlowText).join('')}` : '');
    return {
        text,
        structured: {
            type: {
                id: type.id, name: type.displayName, vendor: type.vendorId, abstract: type.abstract, is: type.supertypeIds,
                aliases: type.aliases, description: type.description, os: catalog.osOf(type.id) ?? null
            },
            flows: applying.map(json),
            notForThisType: apart.map(json)
        }
    };
}

export function registerCatalogTools(server: McpServer, context: ToolContext): void {
    server.registerTool('component_flows', {
        title: 'Flows of a component type',
        description: 'Every catalog flow a vendor component type takes part in, both directions (as source and as destination), also through the roles '
            + 'it plays: protocol, ports, purpose, conditions (install-only, feature, OS, platform, scope, the relation it follows) and the vendor document, '
            + 'section and table row it comes from. Flows whose OS or type filter leaves the type out are listed apart, with why. '
            + 'The built-in catalogs; with a plan (or a catalog file), its own vendors too.',
        inputSchema: z.object({
            type: z.string().describe('The component type, as vendor.Type (veeam.Proxy, zerto.Zvm); a name or alias (VBR, ZVM) when only one type has it.'),
            path: planInputShape.path.describe('Optional: a plan or catalog file whose own vendors count too.'),
            text: planInputShape.text.describe('Optional: a plan or catalog as text whose own vendors count too.')
        }),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const catalog = await loadCatalog(input);
        const { text, structured } = componentFlows(catalog, componentType(catalog, input.type));
        return toolAnswer(text, structured);
    }));
}
