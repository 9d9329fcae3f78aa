import * as assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import type { SegplanServices } from '../../language/segplan-module.js';
import { formatPorts, portCount } from '../../language/network/ports.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

/**
 * The guide's own example ("MSP Environments", port 9082 and up): customer A has 3 VRAs, customer B
 * 2, the provider's management network 4. The provider's VRAs need 6 ports to reach A's VRAs and 4
 * to reach B's; A's and B's VRAs each need 8 to reach the cloud's.
 */
function mspPlan(vras: { a: string; b: string; cloud: string }): string {
    return `plan "MSP example"
zone cloud-repl 172.16.30.0/24
zone a-repl 10.101.30.0/24
zone a-cc 10.101.99.0/29
zone b-repl 10.102.30.0/24
zone b-cc 10.102.99.0/29
site cloud "Provider" zones cloud-repl
site a "Customer A" zones a-repl, a-cc
site b "Customer B" zones b-repl, b-cc
pair a <-> cloud
pair b <-> cloud
${vras.cloud}
${vras.a}
${vras.b}
cc-a : zerto.CloudConnector in a-cc at 10.101.99.4 on msp
cc-b : zerto.CloudConnector in b-cc at 10.102.99.4 on msp
`;
}

const AS_RANGES = {
    cloud: 'vra : zerto.Vra in cloud-repl at 172.16.30.11-172.16.30.14 on msp',
    a: 'vra-a : zerto.Vra in a-repl at 10.101.30.11-10.101.30.13 on vsphere',
    b: 'vra-b : zerto.Vra in b-repl at 10.102.30.11, 10.102.30.12 on vsphere'
};

/** The connector ports each side's VRAs need, keyed `source site -> connector`. */
function connectorPorts(services: SegplanServices, document: LangiumDocument): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const { flow } of services.analysis.PlanAnalyzer.analysis(document).flows) {
        if (flow.destination.typeId !== 'zerto.CloudConnector' || flow.source.typeId !== 'zerto.Vra') continue;
        const key = `${flow.source.zone.site} -> ${flow.destination.name}`;
        const list = result.get(key) ?? [];
        list.push(`${portCount(flow.ports)}: ${formatPorts(flow.ports)}`);
        result.set(key, list);
    }
    return result;
}

/** One line per source site and connector, whatever the number of VRA instances on that side. */
function summary(ports: Map<string, string[]>): Record<string, string> {
    return Object.fromEntries([...ports].map(([key, list]) => [key, [...new Set(list)].join(' | ')]).sort());
}

describe('Zerto MSP: two ports per VRA from 9082, per direction', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('gives the guide\'s 6 / 8 / 4 / 8 ports for its example', async () => {
        const document = await buildPlan(services, mspPlan(AS_RANGES));
        assert.deepEqual(summary(connectorPorts(services, document)), {
            'a -> cc-a': '8: 9082-9089',
            'b -> cc-b': '8: 9082-9089',
            'cloud -> cc-a': '6: 9082-9087',
            'cloud -> cc-b': '4: 9082-9085'
        });
    });

    it('counts hosts, not instances: one instance per VRA gives the same ports', async () => {
        const single = (name: string, zone: string, base: string, count: number, platform: string) =>
            Array.from({ length: count }, (_, i) => `${name}${i + 1} : zerto.Vra in ${zone} at ${base}.${11 + i} on ${platform}`).join('\n');
        const document = await buildPlan(services, mspPlan({
            cloud: single('vra', 'cloud-repl', '172.16.30', 4, 'msp'),
            a: single('vra-a', 'a-repl', '10.101.30', 3, 'vsphere'),
            b: single('vra-b', 'b-repl', '10.102.30', 2, 'vsphere')
        }));
        assert.deepEqual(summary(connectorPorts(services, document)), {
            'a -> cc-a': '8: 9082-9089',
            'b -> cc-b': '8: 9082-9089',
            'cloud -> cc-a': '6: 9082-9087',
            'cloud -> cc-b': '4: 9082-9085'
        });
    });

    it('grows with the VRAs on the far side only', async () => {
        const document = await buildPlan(services, mspPlan({ ...AS_RANGES, cloud: 'vra : zerto.Vra in cloud-repl at 172.16.30.11-172.16.30.15 on msp' }));
        assert.deepEqual(summary(connectorPorts(services, document)), {
            'a -> cc-a': '10: 9082-9091',
            'b -> cc-b': '10: 9082-9091',
            'cloud -> cc-a': '6: 9082-9087',
            'cloud -> cc-b': '4: 9082-9085'
        });
    });

    it('asks for no connector ports when the far side has no VRAs', async () => {
        const document = await buildPlan(services, mspPlan({ ...AS_RANGES, cloud: '' }));
        assert.deepEqual(summary(connectorPorts(services, document)), {});
    });

    it('reports the exact missing range, and a rule of that range covers it', async () => {
        const rules = `allow vra-a -> cc-a tcp 9082-9088\nallow vra -> cc-a tcp 9082-9087\nallow vra-b -> cc-b tcp 9082-9089\nallow vra -> cc-b tcp 9082-9085\n`;
        const document = await buildPlan(services, mspPlan(AS_RANGES) + rules);
        const findings = services.analysis.PlanAnalyzer.analysis(document).findings.filter(f => f.code === 'partial-flow' || f.code === 'missing-flow');
        const connector = findings.filter(f => /→ cc-/.test(f.message));
        assert.equal(connector.length, 1, connector.map(f => f.message).join('\n'));
        assert.match(connector[0].message, /vra-a → cc-a tcp 9082-9089 .*still blocked: tcp 9089/);
    });

    it('keeps a plain `N+` meaning its first port, and parses `N+ count per Type` in a user catalog', async () => {
        const document = await buildPlan(services, `plan "grow"
vendor t "Test vendor" {
    component Relay "Relay"
    component Node "Node"
    flow Node -> Relay tcp 7000+ "first port only" scope any source "f.txt" "s"
    flow Node -> Relay tcp 8000+ 3 per Node "three per node on the far side" scope any source "f.txt" "s"
}
zone x 10.0.0.0/24
zone y 10.0.1.0/24
site one "one" zones x
site two "two" zones y
pair one <-> two
n : t.Node in x at 10.0.0.1
far : t.Node in y at 10.0.1.1-10.0.1.2
r : t.Relay in y at 10.0.1.10
`);
        // No rules: only the flows themselves are reported, nothing about the syntax.
        assert.deepEqual(diagnosticSummary(document).filter(d => !d.endsWith(':missing-flow')), []);
        const ports = services.analysis.PlanAnalyzer.analysis(document).flows
            .filter(f => f.flow.source.name === 'n' && f.flow.destination.name === 'r').map(f => formatPorts(f.flow.ports)).sort();
        // n is in site one; r is in the paired site two, which holds 2 Node hosts (far): 3 x 2 ports.
        assert.deepEqual(ports, ['7000', '8000-8005']);
    });

    it('rejects a growing range in an allow rule', async () => {
        const document = await buildPlan(services, `plan "bad"
zone x 10.0.0.0/24
zone y 10.0.1.0/24
a : zerto.Vra in x at 10.0.0.1
b : zerto.CloudConnector in y at 10.0.1.1
allow a -> b tcp 9082+ 2 per zerto.Vra
`);
        assert.ok(diagnosticSummary(document).includes('6:error:invalid-port'), diagnosticSummary(document).join(', '));
    });
});
