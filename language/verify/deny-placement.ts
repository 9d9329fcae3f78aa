import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import { guardrailViolations, type GuardrailViolation } from '../audit/audit-plan.js';
import type { ConfigImporter } from '../audit/importers/importer.js';
import { interfacesOf, type ConfigInput } from '../audit/run-audit.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { importAt, locatedIn, readableConfigs } from './read-configs.js';

/**
 * `generate --device-config`: the output's denies, pasted over the device's configuration as it
 * was exported, stand above every policy of it. Proven as the audit proves a deployed firewall
 * keeps the plan's denies: both files read as one configuration, applied in order, and no policy
 * of either lets through any traffic a deny forbids. Each one that does is returned (with the file
 * and line of the policy), and the file must not be written.
 */
export async function denyPlacementViolations(
    analysis: PlanAnalysis, catalog: Catalog, importer: ConfigImporter, device: ConfigInput, output: ConfigInput,
    options: { readonly zoneNames?: ReadonlyMap<string, string>; readonly now?: Date } = {}
): Promise<GuardrailViolation[]> {
    const [config] = readableConfigs([device, output], () => importer);
    const interfaces = interfacesOf(analysis, [...options.zoneNames ?? []].map(([zone, name]) => `${zone}=${name}`), true);
    const now = options.now ?? new Date();
    const { policies } = await importAt([config], interfaces, 'forward', now, true);
    return guardrailViolations(policies, { now, hook: 'forward', denied: analysis.denies.denied })
        .map(v => ({ ...v, decidedBy: locatedIn(config, v.decidedBy) }));
}
