import * as assert from 'node:assert/strict';
import { createTestServices, diagnosticSummary } from '../helpers/services.js';
import { change, open } from '../lsp/lsp-test-kit.js';

// A statement's checks are replayed after an edit elsewhere only while what they read is the same
// (see statement-validation-cache.ts): an edit to the zone a component is in checks the component again.
describe('checks kept per statement', () => {
    // Zones in between, so that the component lies beyond the statements the edit re-parses.
    const plan = (zone: string) => `plan "p"\nzone m ${zone}\nzone p 10.2.0.0/24\nzone x 10.3.0.0/24\nzone y 10.4.0.0/24\nzone z 10.5.0.0/24\n`
        + 'vbr : veeam.BackupServer in m at 10.1.0.10\nvc : vmware.VCenter in p at 10.2.0.5\nallow vbr -> vc tcp 443\n';

    it('checks a component again when its zone changed, and not only the edited line', async () => {
        const services = await createTestServices();
        const document = await open(services, plan('10.1.0.0/24'));
        assert.ok(!diagnosticSummary(document).some(d => d.endsWith('address-outside-zone')));
        const moved = await change(services, document, plan('10.9.0.0/24'));
        assert.ok(diagnosticSummary(moved).includes('7:error:address-outside-zone'), diagnosticSummary(moved).join('\n'));
        const back = await change(services, moved, plan('10.1.0.0/24'));
        assert.ok(!diagnosticSummary(back).some(d => d.endsWith('address-outside-zone')));
    });
});
