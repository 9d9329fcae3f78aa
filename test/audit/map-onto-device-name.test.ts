import * as assert from 'node:assert/strict';
import { runAudit } from '../../language/audit/run-audit.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * `--map partners=outside` puts the plan zone partners behind the device's outside interface or
 * zone; the plan zone named outside stays behind it too (a plan zone keeps its own name's binding
 * unless it is mapped elsewhere), and several plan zones may map onto one device name.
 */
const PLAN = `plan "Mapped"
zone outside 198.51.100.0/24
zone partners 203.0.113.0/24
zone vendors 192.0.2.0/24
zone inside 10.1.0.0/24

ext : infra.AdminWorkstation in outside at 198.51.100.7
partner : infra.AdminWorkstation in partners at 203.0.113.7
supplier : infra.AdminWorkstation in vendors at 192.0.2.7
web : infra.VmGuest in inside at 10.1.0.10

require ext -> web tcp 443 "Public web"
require partner -> web tcp 443 "Partner web"
require supplier -> web tcp 443 "Vendor web"
allow ext, partner, supplier -> web tcp 443 "Web"
`;

const ASA = `: Saved
ASA Version 9.16(4)
interface GigabitEthernet0/0
 nameif outside
 security-level 0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
access-list OUT extended permit tcp any host 10.1.0.10 eq 443
access-group OUT in interface outside
`;

const PANOS = `set zone outside network layer3 ethernet1/1
set zone inside network layer3 ethernet1/2
set zone partners network layer3 ethernet1/3
set address web ip-netmask 10.1.0.10/32
set service https-443 protocol tcp port 443
set rulebase security rules web-in from outside to inside source any destination web service https-443 application any action allow
set rulebase security rules partners-out from partners to inside source any destination any service any application any action deny
`;

const NOW = new Date('2026-06-01T12:00:00Z');

describe('--map onto a device name keeps the plan zone of that name bound to it', function () {
    this.timeout(60_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanText('mapped.segplan', PLAN); });
    const verdicts = async (text: string, maps: string[]) => {
        const report = await runAudit(plan.analysis, [{ text, file: 'fw.cfg' }], { maps, now: NOW, catalog: plan.services.analysis.PlanAnalyzer.catalog() });
        return Object.fromEntries(report.flows.filter(f => f.counts).map(f => [f.result.flow.source.name, `${f.verdict} ${f.why ?? ''}`.trim()]));
    };

    for (const [platform, text] of [['Cisco ASA', ASA], ['PAN-OS', PANOS]] as const) {
        it(`${platform}: --map partners=outside: outside and partners both come in on outside and reach the web server`, async () => {
            const got = await verdicts(text, ['partners=outside', 'vendors=outside']);
            assert.match(got.ext, /^allowed/, 'outside keeps its own name\'s binding');
            assert.match(got.partner, /^allowed/, 'partners is behind outside');
            assert.match(got.supplier, /^allowed/, 'several plan zones map onto one device name');
        });
    }

    it('PAN-OS: the device zone partners is no longer the plan zone partners once it is mapped elsewhere; its deny decides nothing of the plan\'s', async () => {
        const got = await verdicts(PANOS, ['partners=outside']);
        assert.match(got.partner, /^allowed/);
        // Without the map the plan zone partners is the device zone partners, whose deny decides.
        assert.match((await verdicts(PANOS, []))['partner'], /^blocked/);
    });

    it('a plan zone mapped elsewhere leaves its own name: --map outside=inside2 takes outside off the device\'s outside', async () => {
        const got = await verdicts(ASA, ['outside=inside2']);
        assert.doesNotMatch(got.ext, /^allowed/);
    });
});
