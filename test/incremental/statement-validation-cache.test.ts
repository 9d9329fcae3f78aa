import * as assert from 'node:assert/strict';
import { createTestServices, diagnosticSummary } from '../helpers/services.js';
import { change, open } from '../lsp/lsp-test-kit.js';
import type { SegplanAstType } from '../../language/generated/ast.js';

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

    it('replays a full build\'s reports at the editor\'s first edit (which checks only the built-in and fast categories)', async () => {
        const services = await createTestServices();
        let checked = 0;
        services.validation.ValidationRegistry.register<SegplanAstType>({ Instance: () => { checked++; } });
        const components = Array.from({ length: 12 }, (_, i) => `vm${i} : infra.VmGuest in p at 10.2.0.${10 + i} os linux\n`).join('');
        const text = `plan "p"\nzone p 10.2.0.0/24\n${components}allow vm0 -> vm1 tcp 22\n`;
        const document = await open(services, text);
        assert.equal(checked, 12);
        checked = 0;
        await change(services, document, text.replace('tcp 22', 'tcp 2222'));
        // Only the components the re-parse took in around the edited rule are checked again.
        assert.ok(checked > 0 && checked <= 3, `${checked} of 12 components were checked again`);
    });
});
