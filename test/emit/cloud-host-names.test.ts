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
        assert.ok(warnings.some(w => /r1 .*not emitted: its only source or destination is given by host name/.test(w)), warnings.join('\n'));
        // Nothing broader is written in its place: no rule of the file allows anything.
        assert.doesNotMatch(text, /access\s*=\s*"Allow"/);
        assert.match(text, /Allow it with Azure Firewall FQDN rules/, 'the file says what to do');
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'azure-terraform', plan.emit('azure-terraform', true));
        assert.notEqual(overallVerdict(result), 'equal');
    });
});
