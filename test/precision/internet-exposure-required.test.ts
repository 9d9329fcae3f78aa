import * as assert from 'node:assert/strict';
import { buildPlan, createTestServices } from '../helpers/services.js';

// A flow SegPlan requires is never an error to allow: roaming Acronis laptops on the internet must
// reach their management server (seed 001: "All agents … require an open outbound port 7780 to the
// management server"; legend item 5: 9877 to register). The vendor is silent on internet-facing use,
// so the rule gets one warning that says what to decide; ports no flow needs stay an error.
const PLAN = `plan "roaming laptops"
zone mgmt 10.10.0.0/24
zone laptops internet
ams    : acronis.ManagementServer in mgmt    at 10.10.0.5 os windows
laptop : acronis.Agent            in laptops at 198.51.100.0/24 os windows
`;

describe('internet exposure of a flow SegPlan requires', () => {
    it('is one warning with the reason, not an error', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, `${PLAN}allow laptop -> ams tcp 7780, 9877\n`);
        const exposure = (document.diagnostics ?? []).filter(d => d.code === 'internet-exposure');
        assert.equal(exposure.length, 1, JSON.stringify(document.diagnostics));
        assert.equal(exposure[0].severity, 2);
        assert.match(String(exposure[0].message), /flows SegPlan requires.*Decide whether/);
        assert.equal((document.diagnostics ?? []).filter(d => d.severity === 1).length, 0, JSON.stringify(document.diagnostics));
    });

    it('ports no required flow uses stay an error, naming only those ports', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, `${PLAN}allow laptop -> ams tcp 7780, 3389\n`);
        const exposure = (document.diagnostics ?? []).filter(d => d.code === 'internet-exposure');
        assert.equal(exposure.length, 1);
        assert.equal(exposure[0].severity, 1);
        assert.match(String(exposure[0].message), /exposes tcp 3389 to the internet/);
    });
});
