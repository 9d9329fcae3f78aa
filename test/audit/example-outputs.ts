import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ConfigImporter, ImportOptions } from '../../language/audit/importers/importer.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';

/** Every example plan of the project (examples/*.segplan), loaded once for all the read-back tests. */
let loaded: Promise<LoadedPlan[]> | undefined;
export function examplePlans(): Promise<LoadedPlan[]> {
    const dir = path.join(PROJECT_ROOT, 'examples');
    loaded ??= Promise.all(readdirSync(dir).filter(f => f.endsWith('.segplan')).sort().map(f => loadPlanFile(path.join(dir, f))));
    return loaded;
}

/** Reads a text with an importer as the audit would (its format given). */
export async function readWith(importer: ConfigImporter, text: string, now: Date, options: Partial<ImportOptions> = {}): Promise<FirewallPolicy> {
    return importer.import(text, { file: 'out', interfaces: new Map(), hook: 'forward', now, formatGiven: true, ...options });
}

/** The targets whose outputs the detection is checked on, besides the one under test. */
export const OTHER_TARGETS = ['nftables', 'iptables', 'cisco-asa', 'panos', 'fortigate', 'aws-terraform', 'azure-terraform', 'csv', 'markdown', 'windows-firewall'];
