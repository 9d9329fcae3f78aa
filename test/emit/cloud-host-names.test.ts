import * as assert from 'node:assert/strict';
import { azureTerraformEmitter } from '../../language/emit/azure-terraform.js';
import { loadPlanText } from './plan-fixture.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/**
 * Components given by host name on the cloud targets. A network security group cannot match a
 * host name: Azure leaves the rule out and says why and what to do instead, and never writes a
 * service tag or any other broader peer.
 */
const PLAN = `plan "host names"
zone lab 10.1.0.0/24
zone net internet
web : infra.ObjectStorage in net at files.example.com
allow lab -> web tcp 443 "HTTPS to the object store"
`;

describe('cloud targets: components given by host name', function () {
    this.timeout(300_000);

    it('Azure: the rule is left out with the reason a network security group cannot hold it, and what to do', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const { text, warnings } = azureTerraformEmitter.emit(plan.ruleSet);
        const note = warnings.find(w => w.includes('files.example.com'));
        assert.ok(note, warnings.join('\n'));
        assert.match(note, /Azure network security group cannot match/);
        assert.match(note, /Azure Firewall/);
        assert.match(note, /service tag/);
        const rule = plan.ruleSet.rules.find(r => r.sourceZone === 'lab' && r.destinationZone === 'net');
        assert.ok(rule, 'the rule lab to web');
        assert.ok(warnings.some(w => w.startsWith(`r-${rule.id} (zone lab to net, tcp 443) not emitted: its only source or destination is given by host name`)), warnings.join('\n'));
        // Nothing broader is written in its place: no rule of the file allows anything.
        assert.doesNotMatch(text, /access\s*=\s*"Allow"/);
        assert.match(text, /Allow it with Azure Firewall FQDN rules/, 'the file says what to do');
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'azure-terraform', plan.emit('azure-terraform', true));
        assert.notEqual(overallVerdict(result), 'equal');
    });
    const verdictOf = async (text: string) => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'aws-terraform', text);
        const why = result.kind === 'verified' ? result.results.flatMap(r => r.unknown.map(u => u.why)).join('\n') : result.why;
        return { verdict: overallVerdict(result), why };
    };

    it('AWS: a prefix list per host name and family, empty and tagged with the name, verified equal to the plan', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('aws-terraform', true);
        for (const family of ['IPv4', 'IPv6']) {
            assert.match(text, new RegExp(`resource "aws_ec2_managed_prefix_list" "\\w+" \\{\\n  name += "[^"]+"\\n  address_family = "${family}"\\n  max_entries += \\d+\\n  tags = \\{\\n    SegPlanHostName = "files\\.example\\.com"`));
        }
        assert.doesNotMatch(text, /entry|0\.0\.0\.0\/0|::\/0/, 'no entry, nothing broader');
        assert.match(text, /prefix_list_id += aws_ec2_managed_prefix_list\.\w+_ipv4\.id/);
        assert.match(text, /HOST NAMES: .*prefix list/);
        assert.equal(plan.emit('aws-terraform', true), text, 'deterministic');
        const { verdict, why } = await verdictOf(text);
        assert.equal(verdict, 'equal', why);
    });

    it('AWS: a list with an entry in the file, of another name, or of one family alone is unknown, never verified', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('aws-terraform', true);
        const withEntry = text.replace(/(address_family = "IPv4"\n)/, '$1  entry {\n    cidr = "203.0.113.0/24"\n  }\n');
        const otherName = text.replace(/SegPlanHostName = "files\.example\.com"/, 'SegPlanHostName = "other.example.com"');
        // The IPv6 list's egress rule removed: the IPv4 list alone is not the host name.
        const oneFamily = text.replace(/\nresource "aws_vpc_security_group_egress_rule" "[^"]+" \{\n(?:(?!\n\}).)*_ipv6\.id(?:(?!\n\}).)*\n\}\n/s, '\n');
        for (const [name, changed, reason] of [['entry', withEntry, /has entries in the file/], ['other name', otherName, /other\.example\.com, which the plan does not place/], ['one family', oneFamily, /IPv4 addresses of host name files\.example\.com.*IPv6 list/]] as const) {
            assert.notEqual(changed, text, name);
            const { verdict, why } = await verdictOf(changed);
            assert.notEqual(verdict, 'equal', name);
            assert.match(why, reason, name);
        }
    });
});
