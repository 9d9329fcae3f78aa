import * as assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import type { SegplanServices } from '../../language/segplan-module.js';
import {
    ZN_BEHIND_NAT, ZN_CLOUD_ADDRESS, ZN_CLOUD_WHOLE_INTERNET, ZN_CLOUD_ZONE, ZN_MISSING_COUNTERPART, ZN_SERVER_ADDRESS, ZN_SERVER_OS
} from '../../language/checks/zero-networks-checks.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

const BASE = `plan "Zero Networks"
zone seg 10.0.1.0/28
zone ad 10.0.0.0/24
zone users 10.1.0.0/16
zone cloud internet
zns : zeronetworks.SegmentServer in seg at 10.0.1.5
dc : microsoft.DomainController in ad at 10.0.0.10
dns : infra.DnsServer in ad at 10.0.0.53
zncloud : zeronetworks.SegmentCloud in cloud at 34.74.201.149, portal.zeronetworks.com
znmon : zeronetworks.MonitorEndpoint in cloud at 35.201.109.138, monitor.zeronetworks.com
pcs : zeronetworks.WindowsAsset in users at 10.1.0.0/16
allow zns -> dc tcp 389, 636, 3268, 3269, 135, 445
allow zns -> dc tcp/udp 88
allow zns -> dns tcp/udp 53
allow zns -> zncloud, znmon tcp 443, 30022
allow zns -> pcs tcp 5985
allow pcs -> zns tcp/udp 443
`;

/** The base plan with one line replaced; fails loudly if the line is not there. */
function variant(from: string, to: string): string {
    assert.ok(BASE.includes(from), `base plan has no '${from}'`);
    return BASE.replace(from, to);
}

function lineOf(text: string, fragment: string): number {
    return text.split('\n').findIndex(l => l.includes(fragment)) + 1;
}

function withCode(document: LangiumDocument, code: string) {
    return (document.diagnostics ?? []).filter(d => d.code === code)
        .map(d => ({ line: d.range.start.line + 1, severity: d.severity, message: typeof d.message === 'string' ? d.message : d.message.value }));
}

const ERROR = 1, WARNING = 2;

describe('Zero Networks checks', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('the base plan is clean', async () => {
        assert.deepEqual(diagnosticSummary(await buildPlan(services, BASE)), []);
    });

    describe(ZN_BEHIND_NAT, () => {
        it('reports a Segment Server marked behind NAT, at its instance', async () => {
            const text = variant('in seg at 10.0.1.5', 'in seg at 10.0.1.5 behind nat');
            const found = withCode(await buildPlan(services, text), ZN_BEHIND_NAT);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'zns :'));
            assert.equal(found[0].severity, ERROR);
            assert.match(found[0].message, /bridged, not NAT/);
            assert.match(found[0].message, /Segment Deployment Guide[^"]*"2\.1\. Segment Server sizing"/);
        });
        it('reports a Segment Server in a zone behind NAT, naming the zone', async () => {
            const text = variant('zone seg 10.0.1.0/28', 'zone seg 10.0.1.0/28 behind nat');
            const found = withCode(await buildPlan(services, text), ZN_BEHIND_NAT);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'zns :'));
            assert.match(found[0].message, /zone seg, which is behind NAT/);
        });
        it('leaves other components behind NAT alone', async () => {
            const text = variant('zone users 10.1.0.0/16', 'zone users 10.1.0.0/16 behind nat');
            assert.deepEqual(withCode(await buildPlan(services, text), ZN_BEHIND_NAT), []);
        });
    });

    describe(ZN_SERVER_OS, () => {
        it('reports a Segment Server marked os linux', async () => {
            const text = variant('in seg at 10.0.1.5', 'in seg at 10.0.1.5 os linux');
            const found = withCode(await buildPlan(services, text), ZN_SERVER_OS);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, ERROR);
            assert.match(found[0].message, /"3\.1\. Create a Windows virtual machine"/);
        });
        it('accepts os windows', async () => {
            const text = variant('in seg at 10.0.1.5', 'in seg at 10.0.1.5 os windows');
            assert.deepEqual(diagnosticSummary(await buildPlan(services, text)), []);
        });
    });

    describe(ZN_SERVER_ADDRESS, () => {
        it('reports a Segment Server without an IP address', async () => {
            const text = variant('in seg at 10.0.1.5', 'in seg at zns.corp.example');
            const found = withCode(await buildPlan(services, text), ZN_SERVER_ADDRESS);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, WARNING);
            assert.match(found[0].message, /static IP address/);
        });
    });

    describe(ZN_MISSING_COUNTERPART, () => {
        it('names what the plan lacks, and only that', async () => {
            const text = variant('dns : infra.DnsServer in ad at 10.0.0.53\n', '').replace('allow zns -> dns tcp/udp 53\n', '');
            const found = withCode(await buildPlan(services, text), ZN_MISSING_COUNTERPART);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'zns :'));
            assert.match(found[0].message, /infra\.DnsServer/);
            assert.doesNotMatch(found[0].message, /DomainController|SegmentCloud|MonitorEndpoint|ManagedAsset|WindowsAsset/);
            assert.match(found[0].message, /"2\.2\.2 Internal network access requirements"/);
        });
        it('is silent in a plan without a Segment Server', async () => {
            const document = await buildPlan(services, 'plan "assets only"\nzone users 10.1.0.0/16\npcs : zeronetworks.WindowsAsset in users at 10.1.0.0/16\n');
            assert.deepEqual(withCode(document, ZN_MISSING_COUNTERPART), []);
        });
    });

    describe(ZN_CLOUD_ZONE, () => {
        it('reports cloud endpoints placed in an internal zone', async () => {
            const text = variant('zone cloud internet', 'zone cloud 34.74.201.0/24, 35.201.109.0/24');
            const found = withCode(await buildPlan(services, text), ZN_CLOUD_ZONE);
            assert.deepEqual(found.map(f => f.line).sort(), [lineOf(text, 'zncloud :'), lineOf(text, 'znmon :')].sort());
            assert.match(found[0].message, /"2\.2\.1 External network access requirements"/);
        });
    });

    describe(ZN_CLOUD_ADDRESS, () => {
        it('reports a cloud endpoint without host names or addresses', async () => {
            const text = variant('in cloud at 35.201.109.138, monitor.zeronetworks.com', 'in cloud');
            const found = withCode(await buildPlan(services, text), ZN_CLOUD_ADDRESS);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'znmon :'));
            assert.match(found[0].message, /Note¹/);
        });
    });

    describe(ZN_CLOUD_WHOLE_INTERNET, () => {
        it('reports a rule that opens the whole internet zone to reach the cloud', async () => {
            const text = variant('allow zns -> zncloud, znmon tcp 443, 30022', 'allow zns -> cloud tcp 443, 30022');
            const document = await buildPlan(services, text);
            const found = withCode(document, ZN_CLOUD_WHOLE_INTERNET);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'allow zns -> cloud'));
            assert.equal(found[0].severity, WARNING);
            // The flows are covered all the same: the warning is about breadth, not reachability.
            assert.ok(!diagnosticSummary(document).some(d => d.endsWith(':error:missing-flow')));
        });
        it('leaves `any` as the destination to the core overbroad-rule finding', async () => {
            const text = variant('allow zns -> zncloud, znmon tcp 443, 30022', 'allow zns -> any tcp 443, 30022');
            const document = await buildPlan(services, text);
            assert.deepEqual(withCode(document, ZN_CLOUD_WHOLE_INTERNET), []);
            assert.ok(withCode(document, 'overbroad-rule').length > 0);
        });
    });
});
