import type { Catalog, CatalogFlow, CatalogFlowEndpoint, CatalogType } from '../../language/catalog/catalog-model.js';
import { catalogPortText } from '../../language/catalog/catalog-model.js';
import { formatCitation } from '../../language/analysis/finding.js';
import { formatPorts } from '../../language/network/ports.js';
import { loadWorkspace } from '../plan-workspace.js';
import { printable } from '../terminal-text.js';

/** A catalog flow as `segplan catalog --json` prints it. */
export function catalogFlowJson(flow: CatalogFlow) {
    return {
        from: flow.from.typeId,
        to: flow.to.typeId,
        protocol: flow.protocol,
        ports: flow.ports.map(catalogPortText),
        purpose: flow.purpose,
        conditions: [...flow.conditions].sort(),
        feature: flow.featureIds.length ? flow.featureIds.join(', ') : null,
        platforms: [...new Set([...flow.from.platforms, ...flow.to.platforms])].sort(),
        scope: flow.scope,
        // The plan relation the flow follows (`manages`, `writes-to`, …): it then binds its pairs, not its scope.
        follows: flow.relation?.name ?? null,
        source: flow.sources.map(formatCitation).join('; '),
        fromOs: flow.from.os ?? null,
        toOs: flow.to.os ?? null,
        except: [...flow.from.excludedTypeIds, ...flow.to.excludedTypeIds],
        portSettings: flow.ports.flatMap(p => p.kind === 'setting' ? [p.settingId] : [])
    };
}

/** The catalog as `segplan catalog --json` prints it. */
export function catalogJson(catalog: Catalog) {
    return {
        vendors: catalog.vendors.map(vendor => ({
            id: vendor.id,
            name: vendor.name,
            components: vendor.types.map(t => ({ id: t.id, name: t.displayName, aliases: t.aliases, description: t.description, os: t.os ?? null, abstract: t.abstract, is: t.supertypeIds })),
            features: vendor.features.map(f => ({ id: f.id, name: f.displayName })),
            portSettings: vendor.portSettings.map(p => ({ id: p.id, name: p.displayName, default: p.defaultPort })),
            flows: vendor.flows.map(catalogFlowJson),
            // Ports the vendor says can be blocked: a tool reading the catalog needs them as much as the flows.
            notRequired: catalog.notRequiredPorts.filter(n => n.vendorId === vendor.id).map(n => ({
                protocol: n.protocol, ports: formatPorts(n.ports), purpose: n.purpose, platforms: [...n.platforms],
                source: n.sources.map(formatCitation).join('; ')
            }))
        }))
    };
}

export function endpointText(e: CatalogFlowEndpoint): string {
    const filters = [e.os, e.platforms.length ? `on ${e.platforms.join('/')}` : undefined, e.excludedTypeIds.length ? `except ${e.excludedTypeIds.join(', ')}` : undefined].filter(Boolean);
    return filters.length ? `${e.typeId} (${filters.join(', ')})` : e.typeId;
}

export function flowLine(arrow: string, other: string, flow: CatalogFlow): string {
    const extras = [...flow.conditions, ...flow.featureIds.map(f => `when ${f}`)];
    return line(`      ${arrow} ${other.padEnd(38)} ${flow.protocol} ${flow.ports.map(catalogPortText).join(', ')}  ${flow.purpose}${extras.length ? ` [${extras.join(', ')}]` : ''}`);
}

/** Vendor files are user text too: each printed line is escaped, so a name never breaks a line. */
function line(text: string): string {
    return `${printable(text)}\n`;
}

/** The catalog for a reader: per vendor, per component, the flows in and out. */
export function catalogText(catalog: Catalog): string {
    let text = '';
    for (const vendor of catalog.vendors) {
        text += line(`${vendor.name} (${vendor.id})`);
        for (const type of vendor.types) {
            text += describeType(type, catalog);
        }
        // Ports the vendor says can be blocked: a reader planning rules needs them as much as the flows.
        for (const entry of catalog.notRequiredPorts.filter(n => n.vendorId === vendor.id)) {
            const on = entry.platforms.length ? ` on ${entry.platforms.join(', ')}` : '';
            text += line(`  not required: ${entry.protocol} ${formatPorts(entry.ports)}${on}  ${entry.purpose} (${entry.sources.map(formatCitation).join('; ')})`);
        }
        text += '\n';
    }
    return text;
}

function describeType(type: CatalogType, catalog: Catalog): string {
    const aliases = type.aliases.length ? ` — also ${type.aliases.join(', ')}` : '';
    let text = line(`  ${type.id}: ${type.displayName}${type.abstract ? ' (role)' : ''}${aliases}`);
    if (type.supertypeIds.length) text += line(`      is ${type.supertypeIds.join(', ')}`);
    for (const flow of catalog.flows.filter(f => f.from.typeId === type.id)) text += flowLine('out →', endpointText(flow.to), flow);
    for (const flow of catalog.flows.filter(f => f.to.typeId === type.id)) text += flowLine('in  ←', endpointText(flow.from), flow);
    return text;
}

export async function catalogCommand(targets: string[], json: boolean): Promise<number> {
    const { services } = await loadWorkspace(targets, { allowEmpty: true });
    const catalog = services.analysis.PlanAnalyzer.catalog();
    process.stdout.write(json ? JSON.stringify(catalogJson(catalog), null, 2) + '\n' : catalogText(catalog));
    return 0;
}
