import * as assert from 'node:assert/strict';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { V1 } from '../emit/branch-plans.js';
import { generateRules } from '../../language/emit/generate.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/** The plan's denies by what they are: `deny prod -> backup any` and `deny any -> vbr tcp 22`, named `d-<digest>`. */
function denyNames(plan: LoadedPlan): { zone: string; ssh: string } {
    const zone = plan.ruleSet.denies.filter(d => d.protocol === 'any' && d.sourceZone === 'prod' && d.destinationZone === 'backup');
    const ssh = plan.ruleSet.denies.filter(d => d.protocol === 'tcp' && d.ports.some(p => p.from <= 22 && 22 <= p.to));
    assert.equal(zone.length, 1, 'one deny prod -> backup any');
    assert.ok(ssh.length >= 1 && ssh.every(d => d.id === ssh[0].id), 'one deny any -> vbr tcp 22');
    return { zone: `d-${zone[0].id}`, ssh: `d-${ssh[0].id}` };
}

/** The devices' explicit denies are read back by verify's importers: the output still allows exactly the plan. */
describe('verify reads the plan\'s denies on the devices', function () {
    this.timeout(300_000);
    for (const target of ['cisco-asa', 'panos', 'fortigate', 'azure-terraform']) {
        it(`${target}: the output with deny rules is verified equal`, async () => {
            const plan = await loadPlanText('branch.segplan', V1);
            const text = plan.emit(target, true);
            assert.match(text, { 'cisco-asa': /extended deny tcp any/, panos: /action deny/, fortigate: /set action deny/, 'azure-terraform': /access {22}= "Deny"\n {2}protocol {20}= "Tcp"/ }[target]!);
            const verdict = overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, text));
            assert.equal(verdict, 'equal');
        });
    }
});

describe('Azure: the plan\'s denies are NSG rules before every allow, each way', function () {
    this.timeout(300_000);

    it('each deny is denied into its destination\'s zone and out of its source\'s, at the lowest priorities', async () => {
        const plan = await loadPlanText('branch.segplan', V1);
        const text = plan.emit('azure-terraform', true);
        const { zone, ssh } = denyNames(plan);
        const rules = [...text.matchAll(/resource "azurerm_network_security_rule" "([\w-]+)" \{\n[\s\S]*?priority {20}= (\d+)\n {2}direction {19}= "(\w+)"\n {2}access {22}= "(\w+)"[\s\S]*?network_security_group_name = azurerm_network_security_group\.(\w+)\.name/g)]
            .map(([, name, priority, direction, access, nsg]) => ({ name, priority: Number(priority), direction, access, nsg }));
        // `deny prod -> backup any`: into backup, out of prod. `deny any -> vbr tcp 22`: into mgmt, out of every zone.
        assert.deepEqual(rules.filter(r => r.name.includes(`_${zone}_`)).map(r => `${r.nsg} ${r.direction}`).sort(), ['segplan_backup Inbound', 'segplan_prod Outbound']);
        assert.deepEqual(rules.filter(r => r.name.includes(`_${ssh}_`)).map(r => `${r.nsg} ${r.direction}`).sort(), ['segplan_backup Outbound', 'segplan_mgmt Inbound', 'segplan_mgmt Outbound', 'segplan_prod Outbound']);
        const denies = rules.filter(r => /_d-[0-9a-f]{8}(?:-\d+)?_/.test(r.name));
        assert.equal(denies.length, 6, denies.map(d => d.name).join(', '));
        for (const deny of denies) {
            assert.equal(deny.access, 'Deny');
            const allows = rules.filter(r => r.nsg === deny.nsg && r.direction === deny.direction && r.access === 'Allow');
            assert.ok(allows.every(a => a.priority > deny.priority), `${deny.name} (${deny.priority}) is not before every allow of ${deny.nsg} ${deny.direction}`);
        }
    });

    it('a deny whose sources lie in two zones is denied out of each and into its destination, and verified', async () => {
        const plan = await loadPlanText('branch.segplan', `${V1}deny prod, backup -> mgmt udp 161\n`);
        const text = plan.emit('azure-terraform', true);
        const id = plan.ruleSet.denies.find(d => d.protocol === 'udp' && d.sources.length === 2)!.id;
        const nsgs = [...text.matchAll(new RegExp(`resource "azurerm_network_security_rule" "\\w+_d-${id}_(?:out_)?v4" \\{[\\s\\S]*?direction {19}= "(\\w+)"[\\s\\S]*?network_security_group_name = azurerm_network_security_group\\.(\\w+)\\.name`, 'g'))]
            .map(m => `${m[2]} ${m[1]}`).sort();
        assert.deepEqual(nsgs, ['segplan_backup Outbound', 'segplan_mgmt Inbound', 'segplan_prod Outbound']);
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'azure-terraform', text)), 'equal');
    });

    it('an allow rule of someone else\'s placed after SegPlan\'s does not reopen what a deny forbids; without the deny it would', async () => {
        const plan = await loadPlanText('branch.segplan', V1);
        const text = plan.emit('azure-terraform', true);
        const theirs = '\nresource "azurerm_network_security_rule" "theirs" {\n  name = "theirs"\n  priority = 4000\n  direction = "Inbound"\n  access = "Allow"\n  protocol = "Tcp"\n'
            + '  source_port_range = "*"\n  destination_port_range = "22"\n  source_address_prefix = "*"\n  destination_address_prefix = "*"\n  resource_group_name = var.resource_group_name\n'
            + '  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name\n}\n';
        // From the internet (no NSG of the file on that side), only the mgmt NSG's inbound rules decide.
        const withInternet = await loadPlanText('branch.segplan', `${V1}zone net internet\n`);
        const vbr = withInternet.analysis.plan.facts.instances.get('vbr')!.addresses;
        const sshToVbr = (v: Awaited<ReturnType<typeof verifyGenerated>>) => v.kind === 'verified'
            ? v.results[0].differences.filter(d => d.kind === 'not-in-plan' && d.destinations.intersects(vbr) && d.ports.some(p => p.from <= 22 && 22 <= p.to)) : [];
        const kept = await verifyGenerated(withInternet.analysis, withInternet.ruleSet, 'azure-terraform', withInternet.emit('azure-terraform', true) + theirs);
        assert.equal(overallVerdict(kept), 'different', 'their rule opens SSH to the other management hosts');
        assert.deepEqual(sshToVbr(kept), [], 'SSH to vbr stays denied');
        const { ssh } = denyNames(withInternet);
        const withoutDeny = withInternet.emit('azure-terraform', true).replace(new RegExp(`resource "azurerm_network_security_rule" "segplan_mgmt_${ssh}_v4" \\{\\n[\\s\\S]*?\\n\\}\\n`), '') + theirs;
        assert.notEqual(withoutDeny, withInternet.emit('azure-terraform', true) + theirs, 'the deny was taken out');
        assert.ok(sshToVbr(await verifyGenerated(withInternet.analysis, withInternet.ruleSet, 'azure-terraform', withoutDeny)).some(d => d.config.text.startsWith('theirs')));
        assert.ok(text.includes(`segplan_mgmt_${denyNames(plan).ssh}_v4`));
    });
});

describe('AWS: security groups cannot deny, and the output says so', function () {
    this.timeout(300_000);

    it('the header and the warnings name each deny and how it is kept; the output is verified equal', async () => {
        const plan = await loadPlanText('branch.segplan', V1);
        const outcome = generateRules(plan.services, plan.document, { target: 'aws-terraform', force: true });
        assert.equal(outcome.kind, 'generated');
        if (outcome.kind !== 'generated') return;
        const { zone, ssh } = denyNames(plan);
        assert.ok(outcome.text.includes(`# DENIES: AWS security groups cannot deny, so the 2 denies of this plan, ${zone} (branch.segplan line 11), ${ssh} (branch.segplan line 12),\n# are not written as rules. They hold all the same: these groups only allow, no rule in this file lets\n# denied traffic through`), outcome.text.slice(0, 3000));
        assert.ok(outcome.warnings.some(w => w.includes('AWS security groups cannot deny') && w.indexOf(zone) >= 0 && w.indexOf(zone) < w.indexOf(ssh) && w.includes('guardrail-violated')), outcome.warnings.join('\n'));
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'aws-terraform', outcome.text)), 'equal');
    });

    it('an allow rule that lets denied traffic through (--force) is left out with the deny it breaks, never written', async () => {
        const plan = await loadPlanText('branch.segplan', `${V1}allow esx -> proxy tcp 6162\n`);
        const outcome = generateRules(plan.services, plan.document, { target: 'aws-terraform', force: true });
        assert.equal(outcome.kind, 'generated');
        if (outcome.kind !== 'generated') return;
        const rule = plan.ruleSet.rules.find(r => r.sourceZone === 'prod' && r.destinationZone === 'backup')!;
        const { zone } = denyNames(plan);
        assert.ok(outcome.warnings.some(w => w.startsWith(`r-${rule.id} (zone prod to backup, tcp 6162) not emitted: it lets through traffic that ${zone} (branch.segplan line 11) forbids, and security groups cannot deny`)), outcome.warnings.join('\n'));
        assert.ok(!outcome.text.includes(`SegPlanRule = "r-${rule.id}"`));
    });
});
