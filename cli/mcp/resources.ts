import { catalogJson } from '../commands/catalog.js';
import type { McpServer, ReadResourceResult } from './mcp-sdk.js';
import { ResourceTemplate } from './mcp-sdk.js';
import { loadCatalog } from './plan-input.js';

/** What the resources read: the findings reference (docs/findings.md), from where the server finds it. */
export interface ResourceSources {
    /** The text of docs/findings.md, or undefined when this copy of SegPlan has none. */
    findingsReference(): string | undefined;
}

type CatalogJson = ReturnType<typeof catalogJson>;

/**
 * The built-in vendor catalogs as `segplan catalog --json` writes them, read once: they are part
 * of this copy of SegPlan and do not change while it runs.
 */
export class BuiltinCatalog {
    #json: Promise<CatalogJson> | undefined;

    json(): Promise<CatalogJson> {
        this.#json ??= loadCatalog({}).then(catalogJson);
        // A failed read is tried again at the next request, not remembered.
        this.#json.catch(() => { this.#json = undefined; });
        return this.#json;
    }
}

function jsonContents(uri: URL, value: unknown): ReadResourceResult {
    return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}

export function registerResources(server: McpServer, catalog: BuiltinCatalog, sources: ResourceSources): void {
    server.registerResource('catalog', 'segplan://catalog', {
        title: 'SegPlan vendor catalogs',
        description: 'Every built-in vendor catalog as `segplan catalog --json`: components (types, roles, aliases), features, port settings and flows, '
            + 'each flow with its protocol, ports, conditions and the document, section and row it comes from; the ports each vendor says can be blocked.',
        mimeType: 'application/json'
    }, async uri => jsonContents(uri, await catalog.json()));

    server.registerResource('vendor-catalog', new ResourceTemplate('segplan://catalog/{vendor}', {
        list: async () => ({
            resources: (await catalog.json()).vendors.map(v => ({
                uri: `segplan://catalog/${v.id}`, name: `${v.id} catalog`, title: `${v.name} catalog`, mimeType: 'application/json',
                description: `${v.name}: ${v.components.length} component types, ${v.flows.length} flows, with their sources.`
            }))
        })
    }), {
        title: 'One vendor\'s catalog',
        description: 'One built-in vendor catalog (segplan://catalog/veeam, segplan://catalog/zerto, …), as in segplan://catalog.',
        mimeType: 'application/json'
    }, async (uri, variables) => {
        const id = String(variables.vendor);
        const json = await catalog.json();
        const vendor = json.vendors.find(v => v.id === id);
        if (!vendor) throw new Error(`No built-in vendor catalog '${id}'; there are ${json.vendors.map(v => v.id).join(', ')}.`);
        return jsonContents(uri, vendor);
    });

    server.registerResource('findings', 'segplan://findings', {
        title: 'SegPlan findings reference',
        description: 'What each finding code of check_plan means and what to do about it (docs/findings.md).',
        mimeType: 'text/markdown'
    }, uri => {
        const text = sources.findingsReference();
        if (text === undefined) throw new Error('This copy of SegPlan has no findings reference (docs/findings.md is missing).');
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    });
}
