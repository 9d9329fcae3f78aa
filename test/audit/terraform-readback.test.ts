import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { awsTerraformImporter } from '../../language/audit/importers/aws-terraform.js';
import { azureTerraformImporter } from '../../language/audit/importers/azure-terraform.js';
import type { ConfigImporter } from '../../language/audit/importers/importer.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import type { RuleSetRule } from '../../language/emit/rule-set.js';
import { AddressSet } from '../../language/network/addresses.js';
import type { LoadedPlan } from '../emit/plan-fixture.js';
import { compareWithRules, ruleMatches, unionOf, type AllowedDifference } from './allowed-exactly.js';
import { examplePlans, OTHER_TARGETS } from './example-outputs.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * The AWS and Azure Terraform read back with HashiCorp's HCL parser and evaluated as the
 * security-group and NSG exports are: every example plan's output allows exactly its rule set on
 * the hosts behind its groups; a hand-edited file is judged by what it says, or unknown.
 */

const NOW = new Date();
/** The address Azure's health probes come from (the AzureLoadBalancer tag). */
const AZURE_PLATFORM = addresses('168.63.129.16');

/** Each zone under its own name (as the audit maps them), and the plan's own networks as Azure's VirtualNetwork. */
function interfacesOf(plan: LoadedPlan): Map<string, AddressSet> {
    const zones = [...plan.analysis.plan.zones.values()];
    const interfaces = new Map(zones.map(z => [z.name, z.internet ? EVERY_ADDRESS : z.networks] as const));
    interfaces.set('VirtualNetwork', zones.filter(z => !z.internet).reduce((u, z) => u.union(z.networks), AddressSet.EMPTY));
    return interfaces;
}

function zonesOverlap(plan: LoadedPlan): boolean {
    const zones = [...plan.analysis.plan.zones.values()].filter(z => !z.internet);
    return zones.some((a, i) => zones.slice(i + 1).some(b => a.networks.intersects(b.networks)));
}

interface Case {
    readonly target: string;
    readonly importer: ConfigImporter;
    /** AWS: the destination's view (groups Terraform creates have no egress rule; see the report). */
    readonly hook: 'forward' | 'input';
    /** The rules the target holds (it leaves out destinations of any, and Azure those on the internet). */
    readonly holds: (plan: LoadedPlan, rule: RuleSetRule) => boolean;
}

const CASES: Case[] = [
    { target: 'aws-terraform', importer: awsTerraformImporter, hook: 'input', holds: () => true },
    { target: 'azure-terraform', importer: azureTerraformImporter, hook: 'forward', holds: (plan, r) => r.destinationZone !== 'any' && !plan.ruleSet.internetZones.includes(r.destinationZone) }
];

async function compare(c: Case, plan: LoadedPlan, text: string): Promise<AllowedDifference> {
    const policy = await c.importer.import(text, { file: 'main.tf', interfaces: interfacesOf(plan), hook: c.hook, now: NOW, formatGiven: true }) as FirewallPolicy;
    const rules = plan.ruleSet.rules.filter(r => c.holds(plan, r));
    const destinations = (r: RuleSetRule) => unionOf(r.destinations.filter(d => !d.any));
    // The hosts behind the file's groups: the destinations it holds rules for (AWS), the plan's subnets (Azure).
    const guarded = c.target === 'aws-terraform' ? rules.reduce((u, r) => u.union(destinations(r)), AddressSet.EMPTY) : interfacesOf(plan).get('VirtualNetwork')!;
    // Azure's default AllowAzureLoadBalancerInBound lets the platform's health probes in, as the emitter says it keeps them.
    const sources = c.target === 'azure-terraform' ? EVERY_ADDRESS.subtract(AZURE_PLATFORM) : EVERY_ADDRESS;
    return compareWithRules(policy, ruleMatches(rules, NOW, destinations), { sources, destinations: guarded });
}

describe('audit: AWS and Azure Terraform', function () {
    this.timeout(600_000);

    for (const c of CASES) {
        it(`${c.target}: each example plan's file allows exactly its rule set on the hosts behind its groups`, async () => {
            for (const plan of await examplePlans()) {
                const text = plan.emit(c.target, true);
                assert.equal(detectImporter(text)?.id, c.importer.id, plan.name);
                if (!/^resource\s/m.test(text)) continue;
                // Overlapping zones (a plan error) put one address behind two groups, which no subnet can be: Azure cannot say.
                if (c.target === 'azure-terraform' && zonesOverlap(plan)) continue;
                assert.deepEqual(await compare(c, plan, text), { missing: [], extra: [], unknown: [] }, plan.name);
            }
        });

        it(`${c.target}: no other target's output is taken for it`, async () => {
            const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
            for (const other of OTHER_TARGETS.filter(t => t !== c.target)) assert.equal(c.importer.detect(plan.emit(other, true)), false, other);
        });
    }

    it('aws-terraform: an added rule, a wider port, a deleted rule and a variable are read as written', async () => {
        const c = CASES[0];
        const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
        const text = plan.emit(c.target, true);
        const group = /resource "aws_security_group" "(\w+)"/.exec(text)![1];
        const added = await compare(c, plan, `${text}\nresource "aws_vpc_security_group_ingress_rule" "extra" {\n  security_group_id = aws_security_group.${group}.id\n  ip_protocol = "tcp"\n  from_port = 1\n  to_port = 65535\n  cidr_ipv4 = "0.0.0.0/0"\n}\n`);
        assert.ok(added.extra.length > 0);
        const first = /(resource "aws_vpc_security_group_ingress_rule" "\w+" \{[\s\S]*?\n\}\n)/.exec(text)![1];
        assert.ok((await compare(c, plan, text.replace(first, ''))).missing.length > 0, 'a deleted rule');
        const wider = first.replace(/to_port\s+=\s+(\d+)/, 'to_port = 65535');
        assert.notEqual(wider, first);
        assert.ok((await compare(c, plan, text.replace(first, wider))).extra.length > 0, 'a wider port range');
        const variable = first.replace(/cidr_ipv(4|6)\s+=\s+"[^"]+"/, 'cidr_ipv$1 = var.allowed');
        assert.match((await compare(c, plan, text.replace(first, variable))).unknown.join('\n'), /cidr_ipv(4|6) = var\.allowed: its value is not fixed in the file/);
        const counted = first.replace('{\n', '{\n  count = var.n\n');
        assert.match((await compare(c, plan, text.replace(first, counted))).unknown.join('\n'), /count is not fixed/);
    });

    it('azure-terraform: an added rule, a deny turned to allow and a variable are read as written; a clash is an error', async () => {
        const c = CASES[1];
        const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
        const text = plan.emit(c.target, true);
        const group = /resource "azurerm_network_security_group" "(\w+)"/.exec(text)![1];
        const rule = (priority: number, source: string) => `\nresource "azurerm_network_security_rule" "extra" {\n  name = "extra"\n  priority = ${priority}\n  direction = "Inbound"\n  access = "Allow"\n  protocol = "Tcp"\n  source_port_range = "*"\n  destination_port_range = 22\n  source_address_prefix = ${source}\n  destination_address_prefix = "*"\n  resource_group_name = var.resource_group_name\n  network_security_group_name = azurerm_network_security_group.${group}.name\n}\n`;
        assert.ok((await compare(c, plan, text + rule(4000, '"*"'))).extra.length > 0);
        assert.match((await compare(c, plan, text + rule(4000, 'var.admins'))).unknown.join('\n'), /var\.admins: its value is not fixed in the file/);
        assert.ok((await compare(c, plan, text.replace(/access\s+=\s+"Deny"/, 'access = "Allow"'))).extra.length > 0, 'the deny of the virtual network made an allow');
        const clash = await Promise.resolve(c.importer.import(text + rule(4096, '"*"'), { file: 'main.tf', interfaces: interfacesOf(plan), hook: 'forward', now: NOW })).then(() => undefined, (e: Error) => e);
        assert.match(String(clash), /both have inbound priority 4096/);
    });

    it('a file HashiCorp\'s parser refuses is an error at its line', async () => {
        const error = await Promise.resolve(awsTerraformImporter.import('resource "aws_security_group" "a" {\n  name = "x"\n', { file: 'bad.tf', interfaces: new Map(), hook: 'forward', now: NOW })).then(() => undefined, (e: Error) => e);
        assert.match(String(error), /bad\.tf line \d+: not valid Terraform \(.*Unclosed configuration block/);
    });
});
