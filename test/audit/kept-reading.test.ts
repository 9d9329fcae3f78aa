import * as assert from 'node:assert/strict';
import { awsTerraformImporter } from '../../language/audit/importers/aws-terraform.js';
import { azureTerraformImporter } from '../../language/audit/importers/azure-terraform.js';
import { KeptReading, type ConfigImporter } from '../../language/audit/importers/importer.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { interfacesOf } from '../../language/audit/run-audit.js';
import { loadPlanText } from '../emit/plan-fixture.js';
import { writtenPolicy } from '../helpers/audit-verdicts.js';

/**
 * Verify reads a file once per instant its rules change at. What reading the text costs most is
 * kept for the next instant: nftables ruleset text is read by nft itself, in a network namespace
 * of its own (the ruleset nft listed is kept), a Terraform file by HashiCorp's own parser,
 * compiled to WebAssembly (the parse is kept). Each instant still reads what a reading afresh reads.
 */

const PLAN = [
    'plan "temporary"', 'zone a 10.80.0.0/16', 'zone b 10.81.0.0/16',
    'admin : infra.VmGuest in a at 10.80.0.1 os linux', 'h0 : infra.VmGuest in b at 10.81.0.1 os linux', 'h1 : infra.VmGuest in b at 10.81.0.2 os linux',
    'allow admin -> h0, h1 tcp 22', 'allow admin -> h0 tcp 443 "set-up" until 2027-01-31', 'allow admin -> h1 tcp 8443 "trial" until 2027-03-31', ''
].join('\n');

const INSTANTS = ['2026-12-01T12:00:00Z', '2027-02-15T00:00:00Z', '2027-06-01T00:00:00Z', '2026-12-02T00:00:00Z'].map(t => new Date(t));

const TARGETS: readonly (readonly [string, ConfigImporter, string])[] = [
    ['nftables', nftablesImporter, 'nft lists the text once'],
    ['aws-terraform', awsTerraformImporter, 'the parser reads the text once'],
    ['azure-terraform', azureTerraformImporter, 'the parser reads the text once']
];

describe('audit: a file read again at another instant', function () {
    this.timeout(120_000);

    for (const [target, importer, once] of TARGETS) {
        it(`${target}: ${once}, and each instant reads what a reading afresh reads`, async () => {
            const plan = await loadPlanText('temporary.segplan', PLAN);
            const text = plan.emit(target);
            // The plan's zones, as verify maps them (Azure: each to the group SegPlan names for it).
            const interfaces = interfacesOf(plan.analysis, []);
            const read = async (now: Date, kept?: KeptReading) => writtenPolicy(await importer.import(text, { file: 'fw', interfaces, hook: 'forward', now, kept }));
            const kept = new KeptReading();
            const readings = [];
            for (const now of INSTANTS) {
                const again = await read(now, kept);
                assert.equal(again, await read(now), `at ${now.toISOString()}`);
                readings.push(again);
            }
            assert.equal(kept.made, 1, once);
            // The dates are read at each instant: the rules in force differ.
            assert.equal(new Set(readings).size, 3);
        });
    }
});
