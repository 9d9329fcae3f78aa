import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { awsTerraformImporter } from '../../language/audit/importers/aws-terraform.js';
import { azureTerraformImporter } from '../../language/audit/importers/azure-terraform.js';
import type { ConfigImporter } from '../../language/audit/importers/importer.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { AddressSet } from '../../language/network/addresses.js';
import type { LoadedPlan } from '../emit/plan-fixture.js';
import { compareWithRules, ruleMatches, type AllowedDifference } from './allowed-exactly.js';
import { examplePlans, OTHER_TARGETS } from './example-outputs.js';

/**
 * The AWS and Azure Terraform read back with HashiCorp's HCL parser and evaluated as the
 * security-group and NSG exports are: every example plan's output allows exactly its rule set on
 * the hosts behind its groups; a hand-edited file is judged by what it says, or unknown.
 */

const NOW = new Date();

/** Each zone under its own name (as the audit maps them), and the plan's own networks as Azure's VirtualNetwork. */
function interfacesOf(plan: LoadedPlan): Map<string, AddressSet> {
    const zones = [...plan.analysis.plan.facts.zones.values()];
    const interfaces = new Map(zones.map(z => [z.name, z.internet ? EVERY_ADDRESS : z.networks] as const));
    interfaces.set('VirtualNetwork', zones.filter(z => !z.internet).reduce((u, z) => u.union(z.networks), AddressSet.EMPTY));
    return interfaces;
}

function zonesOverlap(plan: LoadedPlan): boolean {
    const zones = [...plan.analysis.plan.facts.zones.values()].filter(z => !z.internet);
    return zones.some((a, i) => zones.slice(i + 1).some(b => a.networks.intersects(b.networks)));
}

interface Case {
    readonly target: string;
    readonly importer: ConfigImporter;
}

const CASES: Case[] = [
    { target: 'aws-terraform', importer: awsTerraformImporter },
    { target: 'azure-terraform', importer: azureTerraformImporter }
];

/**
 * The file's groups guard the plan's zones: every connection into them and out of them is
 * compared (between two addresses outside every zone the file decides nothing), both ways, as a
 * connection passes its source's group out and its destination's group in.
 */
async function compare(c: Case, plan: LoadedPlan, text: string): Promise<AllowedDifference> {
    const policy = await c.importer.import(text, { file: 'main.tf', interfaces: interfacesOf(plan), hook: 'forward', now: NOW, formatGiven: true }) as FirewallPolicy;
    const expected = ruleMatches(plan.ruleSet.rules, NOW);
    const zones = interfacesOf(plan).get('VirtualNetwork')!;
    const into = compareWithRules(policy, expected, { destinations: zones }), out = compareWithRules(policy, expected, { sources: zones });
    return { missing: into.missing, extra: [...into.extra, ...out.extra], unknown: [...into.unknown, ...out.unknown] };
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
                // A host name's prefix lists (AWS): the audit cannot resolve names, and says so for exactly those rules.
                const found = await compare(c, plan, text);
                const named = found.unknown.filter(u => /stands for host name \S+: the audit cannot tell which addresses it holds/.test(u));
                const outsideNames = plan.ruleSet.rules.some(r => [...r.sources, ...r.destinations].some(e => e.hostNames.length > 0 && plan.ruleSet.internetZones.includes(e.zone)));
                assert.equal(named.length > 0, c.target === 'aws-terraform' && outsideNames, plan.name);
                assert.deepEqual({ ...found, unknown: found.unknown.filter(u => !named.includes(u)) }, { missing: [], extra: [], unknown: [] }, plan.name);
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
        const first = /(resource "aws_vpc_security_group_ingress_rule" "[\w-]+" \{[\s\S]*?\n\}\n)/.exec(text)![1];
        assert.ok((await compare(c, plan, text.replace(first, ''))).missing.length > 0, 'a deleted rule');
        // A connection passes its source's group out and its destination's group in: the rule's ports widened on both.
        const rule = /SegPlanRule = "(r-[0-9a-f]{8}(?:-\d+)?)"/.exec(first)![1], from = /from_port\s+=\s+(\d+)/.exec(first)![1];
        const widened = text.replace(/resource "aws_vpc_security_group_(?:ingress|egress)_rule" "[\w-]+" \{[\s\S]*?\n\}\n/g, block =>
            block.includes(`SegPlanRule = "${rule}"`) && new RegExp(`from_port\\s+=\\s+${from}\\n`).test(block) ? block.replace(/to_port\s+=\s+(\d+)/, 'to_port = 65535') : block);
        assert.ok(/to_port = 65535/.test(widened) && /egress_rule[^}]*to_port = 65535/.test(widened), 'both directions widened');
        assert.ok((await compare(c, plan, widened)).extra.length > 0, 'a wider port range');
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
        assert.ok((await compare(c, plan, text.replace(/access\s+=\s+"Deny"/, 'access = "Allow"'))).extra.length > 0, 'a final deny made an allow');
        const clash = await Promise.resolve(c.importer.import(text + rule(4096, '"*"'), { file: 'main.tf', interfaces: interfacesOf(plan), hook: 'forward', now: NOW })).then(() => undefined, (e: Error) => e);
        assert.match(String(clash), /both have inbound priority 4096/);
    });

    it('a file HashiCorp\'s parser refuses is an error at its line', async () => {
        const error = await Promise.resolve(awsTerraformImporter.import('resource "aws_security_group" "a" {\n  name = "x"\n', { file: 'bad.tf', interfaces: new Map(), hook: 'forward', now: NOW })).then(() => undefined, (e: Error) => e);
        assert.match(String(error), /bad\.tf line \d+: not valid Terraform \(.*Unclosed configuration block/);
    });
});
