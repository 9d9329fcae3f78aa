import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPlanFile } from '../emit/plan-fixture.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/**
 * The examples with components given by host name (S3, the Acronis and Zero Networks clouds,
 * Azure), through generate's own proof, for every target that has a reader. Where the target
 * matches host names (FQDN address objects on PAN-OS, ASA and FortiGate, nftables sets and ipsets
 * per host name, a change request's cells, AWS prefix lists per host name) the output is verified; where its output does
 * not yet match them, the proof says so (different or unknown) and never "verified".
 */
const EXAMPLES = ['veeam-reference', 'acronis-scenario-2-isolated-management', 'mixed-vendors', 'zero-networks-segment', 'zerto-azure'];

/** Targets whose output matches each host name: verified equal (a change request names it in its cell). */
const MATCH_HOST_NAMES = ['panos', 'cisco-asa', 'fortigate', 'nftables', 'nftables-host', 'iptables', 'iptables-host', 'ip6tables', 'ip6tables-host', 'csv', 'markdown', 'aws-terraform'];
/** Targets whose output leaves host names out (or reads them as unknown): never verified. */
const LEAVE_THEM_OUT = ['azure-terraform'];

describe('generate --verify on the examples with host names', function () {
    this.timeout(600_000);
    for (const example of EXAMPLES) {
        for (const target of MATCH_HOST_NAMES) {
            it(`${example} → ${target}: verified`, async () => {
                const plan = await loadPlanFile(path.join(process.cwd(), 'examples', `${example}.segplan`));
                assert.ok(plan.ruleSet.rules.some(r => [...r.sources, ...r.destinations].some(e => e.hostNames.length > 0)), 'a rule names a host name');
                const result = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true));
                const why = result.kind === 'verified' ? result.results.flatMap(r => [...r.differences.map(d => `${d.kind} ${d.destinations.format()}`), ...r.unknown.map(u => u.why)]).join('\n') : result.why;
                assert.equal(overallVerdict(result), 'equal', why);
            });
        }
        for (const target of LEAVE_THEM_OUT) {
            it(`${example} → ${target}: never called verified`, async () => {
                const plan = await loadPlanFile(path.join(process.cwd(), 'examples', `${example}.segplan`));
                const result = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true));
                assert.notEqual(overallVerdict(result), 'equal');
            });
        }
    }
});
