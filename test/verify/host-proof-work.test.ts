import * as assert from 'node:assert/strict';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { sharedReading } from '../../language/verify/verify.js';
import { loadPlanText } from '../emit/plan-fixture.js';

/**
 * A host target's file is proven host by host, and every host loads the same file: what the proof
 * reads of the file itself (its lines left unread, its rules joined by host name, the host names
 * they use) is the same for each host and is looked through once; each host's proof finds the
 * rules of other hosts that reach its addresses (components sharing an address) by an index, not
 * by trying every rule of the file. So the proof grows with the file, not with the file times its
 * hosts.
 */

/**
 * `n` Linux hosts in one zone, each allowed from the one before it and from an admin host, and a
 * hardened repository on the first host's machine: that host's firewall must let in what the
 * backup server needs of the repository.
 */
function plan(n: number): string {
    const lines = ['plan "hosts"', 'zone z0 10.70.0.0/16', 'admin : infra.VmGuest in z0 at 10.70.255.1 os linux',
        'vbr : veeam.BackupServer in z0 at 10.70.255.2 os windows', 'repo : veeam.HardenedRepository in z0 at 10.70.0.1'];
    for (let k = 0; k < n; k++) lines.push(`h${k} : infra.VmGuest in z0 at 10.70.${Math.floor(k / 200)}.${(k % 200) + 1} os linux`);
    for (let k = 0; k < n; k++) lines.push(`allow admin -> h${k} tcp 22`, `allow h${(k + n - 1) % n} -> h${k} tcp 443`);
    return lines.join('\n') + '\n';
}

/** Rules of the file looked through, other hosts' rules tried for whether they reach a host, over the proof of every host, and the verdict. */
async function proofOf(n: number): Promise<{ looked: number; tried: number; verdict: string; hosts: number; byRules: { rules: number; tried: number } }> {
    const loaded = await loadPlanText('hosts.segplan', plan(n));
    const text = loaded.emit('iptables-host');
    const shared = sharedReading();
    const v = await verifyGenerated(loaded.analysis, loaded.ruleSet, 'iptables-host', text, { now: new Date('2026-06-01T12:00:00Z'), shared });
    return { looked: shared.rulesLookedAt, tried: shared.hostRulesTried, verdict: overallVerdict(v), hosts: v.kind === 'verified' ? v.results.length : 0, byRules: { ...shared.byRules } };
}

describe('verify: a host target\'s file is looked through once, not once per host', function () {
    this.timeout(120_000);
    let small: Awaited<ReturnType<typeof proofOf>>, large: Awaited<ReturnType<typeof proofOf>>;
    before(async () => { small = await proofOf(20); large = await proofOf(40); });

    it('doubling the hosts doubles the rules looked through, not fourfold', async () => {
        assert.equal(small.verdict, 'equal');
        assert.equal(large.verdict, 'equal');
        assert.ok(large.hosts === 41 && small.hosts === 21, `hosts proven: ${small.hosts}, ${large.hosts}`);
        assert.ok(small.looked > 0, 'the file\'s rules are looked through');
        assert.ok(large.looked <= 2.5 * small.looked, `rules looked through: ${small.looked} → ${large.looked}`);
    });

    it('each host\'s proof tries the other hosts\' rules that reach its addresses, not all of them', async () => {
        // Every host takes the file's rules, and each must still find those of other hosts that reach it.
        assert.ok(small.tried > 0, 'the other hosts\' rules are tried');
        assert.ok(large.tried <= 2.5 * small.tried, `other hosts' rules tried: ${small.tried} → ${large.tried}`);
    });

    it('each host is proven rule by rule against its own rules, not every rule of the file', async () => {
        // The file is an accept list: every host's proof goes rule by rule, over the rules that reach that host.
        assert.ok(small.byRules.rules > 0, 'proven rule by rule');
        const work = `${JSON.stringify(small.byRules)} → ${JSON.stringify(large.byRules)}`;
        assert.ok(large.byRules.rules <= 2.5 * small.byRules.rules, `rules checked: ${work}`);
        assert.ok(large.byRules.tried <= 2.5 * small.byRules.tried, `matches tried: ${work}`);
    });
});
