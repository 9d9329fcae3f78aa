import * as assert from 'node:assert/strict';
import { buildPlan, createTestServices } from '../helpers/services.js';

// Seed 001, Appendix A legend items 4 and 7: the remote command line talks to the management
// server on 9851 and to an agent on 9850; the web console port (9877, items 3 and 9) is a browser's.
describe('Acronis remote command line', () => {
    it('reaches the management server on 9851 only, not the web console port', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "cl"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nams : acronis.ManagementServer in a at 10.1.0.5 os windows\ncl : acronis.CommandLine in b at 10.2.0.5\n');
        const flows = services.analysis.PlanAnalyzer.analysis(document).flows.filter(r => r.flow.source.name === 'cl').map(r => `${r.flow.destination.name} ${r.flow.portText}`);
        assert.deepEqual(flows, ['ams 9851']);
    });
});
