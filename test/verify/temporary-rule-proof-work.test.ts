import * as assert from 'node:assert/strict';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { asDeployed } from '../../language/verify/deployed-iptables.js';
import { sharedReading } from '../../language/verify/verify.js';
import { nftCanLoad } from '../helpers/nft-here.js';
import { loadPlanText } from '../emit/plan-fixture.js';

/**
 * A temporary rule gives the proof more instants: before its end, just after it, and far ahead.
 * The output is read in full once; at each later instant only its lines with a date are read
 * again, so a plan of many rules and one temporary one is not read once per instant. A device
 * whose reader asks the time only whether its dated rules hold is read again only at an instant
 * where one of them holds otherwise.
 */

function plan(n: number, os = 'linux'): string {
    const lines = ['plan "temporary"', 'zone a 10.80.0.0/16', 'zone b 10.81.0.0/16'];
    for (let k = 0; k < n; k++) lines.push(`h${k} : infra.VmGuest in b at 10.81.${Math.floor(k / 200)}.${(k % 200) + 1} os ${os}`);
    lines.push('admin : infra.VmGuest in a at 10.80.0.1 os linux');
    for (let k = 0; k < n; k++) lines.push(`allow admin -> h${k} tcp 22`);
    lines.push('allow admin -> h0 tcp 443 "set-up" until 2027-01-31');
    return lines.join('\n') + '\n';
}

describe('verify: a temporary rule does not make the proof read the whole output again', function () {
    this.timeout(120_000);

    it('lines read: the output once, then its dated lines once per later instant', async () => {
        const loaded = await loadPlanText('temporary.segplan', plan(300));
        const text = loaded.emit('iptables');
        // As the proof reads it: loaded with its jump in place (deployed-iptables.ts).
        const read = asDeployed(text)?.text ?? text;
        const ruleLines = read.split('\n').filter(l => /^-[AI] /.test(l)).length;
        const datedLines = read.split('\n').filter(l => /^-[AI] .*-m time /.test(l)).length;
        assert.ok(ruleLines > 300 && datedLines > 0, `${ruleLines} rule lines, ${datedLines} with a date`);
        const shared = sharedReading();
        const v = await verifyGenerated(loaded.analysis, loaded.ruleSet, 'iptables', text, { now: new Date('2026-12-01T12:00:00Z'), shared });
        assert.equal(overallVerdict(v), 'equal');
        const instants = v.kind === 'verified' ? v.results[0].instants.length : 0;
        assert.ok(instants >= 3, `${instants} instants`);
        assert.equal(shared.linesRead, ruleLines + (instants - 1) * datedLines);
    });

    /**
     * How many ways the output's dated rule holds at the proof's instants: in force, then ended,
     * for nftables, the ASA, Terraform (which plans in UTC) and change requests; PAN-OS and
     * FortiGate read their schedules in the device's own time zone, which the file does not give,
     * so near the end it is uncertain too (and the proof looks further either side). A Windows script is read once per
     * host, as each runs its own part: h0's once more, after its rule has ended.
     */
    const STATES: Record<string, { readonly os: string; readonly readings: number }> = {
        nftables: { os: 'linux', readings: 2 }, 'cisco-asa': { os: 'linux', readings: 2 }, panos: { os: 'linux', readings: 3 }, fortigate: { os: 'linux', readings: 3 },
        'aws-terraform': { os: 'linux', readings: 2 }, 'azure-terraform': { os: 'linux', readings: 2 }, 'windows-firewall': { os: 'windows', readings: 21 },
        csv: { os: 'linux', readings: 2 }, markdown: { os: 'linux', readings: 2 }
    };
    for (const [target, { os, readings }] of Object.entries(STATES)) {
        it(`${target}: the configuration is read once per way its dated rules hold, not once per instant`, async function () {
            // nft reads nftables text, in a network namespace of its own (root).
            if (target === 'nftables' && !nftCanLoad()) this.skip();
            const loaded = await loadPlanText('temporary.segplan', plan(20, os));
            const shared = sharedReading();
            const v = await verifyGenerated(loaded.analysis, loaded.ruleSet, target, loaded.emit(target), { now: new Date('2026-12-01T12:00:00Z'), shared });
            assert.equal(overallVerdict(v), 'equal');
            const instants = v.kind === 'verified' ? v.results.reduce((n, r) => n + r.instants.length, 0) : 0;
            assert.ok(instants > readings, `${instants} instants`);
            assert.equal(shared.readings, readings);
        });
    }
});
