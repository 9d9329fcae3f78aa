import * as assert from 'node:assert/strict';
import { formatPorts } from '../../language/network/ports.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/** One vCenter Server for both sites (the guide's `**` note): Zerto is installed on one site only. */
const PLAN = `plan "One vCenter"
zone hq-mgmt 10.1.10.0/24
zone hq-repl 10.1.30.0/24
zone br-repl 10.3.30.0/24
site hq "Main office" zones hq-mgmt, hq-repl
site branch "Branch office" zones br-repl
// The one ZVM sits in hq and reaches into the branch, so the pair must include hq -> branch.
pair branch <-> hq
zvm : zerto.Zvm in hq-mgmt at 10.1.10.20 on vsphere
vc : vmware.VCenter in hq-mgmt at 10.1.10.10
vra-hq : zerto.Vra in hq-repl at 10.1.30.11 on vsphere
vra-br : zerto.Vra in br-repl at 10.3.30.11 on vsphere
`;

describe('Zerto with one vCenter Server for both sites', () => {
    async function zvmTargets(text: string): Promise<string[]> {
        const services = await createTestServices();
        const document = await buildPlan(services, text);
        return services.analysis.PlanAnalyzer.analysis(document).flows
            .filter(f => f.flow.source.name === 'zvm' && f.flow.destination.name.startsWith('vra'))
            .map(f => `${f.flow.destination.name} ${formatPorts(f.flow.ports)}`).sort();
    }

    it('without the feature, the ZVM manages only its own site\'s VRAs', async () => {
        assert.deepEqual(await zvmTargets(PLAN), ['vra-hq 4005', 'vra-hq 4006', 'vra-hq 4009']);
    });

    it('with `use zerto.SingleVCenterOrScvmm`, the one ZVM manages the paired branch\'s VRAs too', async () => {
        assert.deepEqual(await zvmTargets(PLAN + 'use zerto.SingleVCenterOrScvmm\n'),
            ['vra-br 4005', 'vra-br 4006', 'vra-br 4009', 'vra-hq 4005', 'vra-hq 4006', 'vra-hq 4009']);
    });
});
