import * as assert from 'node:assert/strict';
import { loadPlanText } from '../emit/plan-fixture.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/**
 * A component given by host name: the proof treats the name as exactly the addresses it resolves
 * to, whatever they are (within the component's zone), never as a block of addresses of its own.
 */
const PLAN = `plan "host names"
zone lab 10.1.0.0/24
zone net internet
web : infra.ObjectStorage in net at files.example.com
allow lab -> web tcp 443 "HTTPS to the object store"
`;

/** A PAN-OS deny of lab to 203.0.113.0/24 on 443, after SegPlan's rules (`top`: moved before them). */
function withDeny(text: string, top: boolean): string {
    const service = /service (SP-tcp-\w+)/.exec(text)![1];
    return `${text}\nset address T_block ip-netmask 203.0.113.0/24\n`
        + `set rulebase security rules T-deny from lab to any source any destination T_block application any service ${service} action deny\n`
        + (top ? 'move rulebase security rules T-deny top\n' : '');
}

describe('verify: a host name is exactly its addresses', function () {
    this.timeout(300_000);

    it('PAN-OS: SegPlan\'s FQDN address object is verified equal to the plan', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('panos', true);
        assert.match(text, /set address \S+ fqdn files\.example\.com/);
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'panos', text)), 'equal');
    });

    it('"deny 203.0.113.0/24; allow H" differs from the plan (H may resolve into 203.0.113.0/24); "allow H; deny …" does not', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('panos', true);
        const after = await verifyGenerated(plan.analysis, plan.ruleSet, 'panos', withDeny(text, false));
        assert.equal(overallVerdict(after), 'equal');
        const before = await verifyGenerated(plan.analysis, plan.ruleSet, 'panos', withDeny(text, true));
        assert.equal(overallVerdict(before), 'different');
        const found = before.kind === 'verified' ? before.results.flatMap(r => r.differences) : [];
        assert.ok(found.some(d => d.kind === 'not-allowed' && d.destinations.names.has('files.example.com') && d.ports.some(p => p.from <= 443 && 443 <= p.to)),
            'the difference names the host name and port 443');
    });

    it('PAN-OS: an FQDN object of a host name the plan does not place stays unknown at its line', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('panos', true).replace(/fqdn files\.example\.com/, 'fqdn other.example.com');
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'panos', text);
        assert.notEqual(overallVerdict(result), 'equal');
        assert.ok(result.kind === 'verified' && result.results.some(r => r.unknown.some(u => /other\.example\.com/.test(u.why))));
    });

    it('a rule set that drops the flow to the host name is different, not verified', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('panos', true).replace(/(destination SP_fqdn_\S+ .*) action allow/, '$1 action deny');
        assert.notEqual(text, plan.emit('panos', true));
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'panos', text)), 'different');
    });
    for (const target of ['csv', 'markdown']) {
        it(`${target}: the change request names the host name, and is verified equal to the plan`, async () => {
            const plan = await loadPlanText('names.segplan', PLAN);
            const text = plan.emit(target, true);
            assert.match(text, /files\.example\.com/);
            assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, text)), 'equal');
        });

        it(`${target}: a host name the plan does not place stays unknown at its row`, async () => {
            const plan = await loadPlanText('names.segplan', PLAN);
            const text = plan.emit(target, true).replace(/files\.example\.com/, 'other.example.com');
            const result = await verifyGenerated(plan.analysis, plan.ruleSet, target, text);
            assert.notEqual(overallVerdict(result), 'equal');
            const rowLine = text.split('\n').findIndex(l => l.includes('other.example.com')) + 1;
            assert.ok(result.kind === 'verified' && result.results.some(r => r.unknown.some(u => /other\.example\.com/.test(u.why) && u.config.line === rowLine)),
                'unknown at the row that names it');
        });

        it(`${target}: a row to the host name on another port is different, not verified`, async () => {
            const plan = await loadPlanText('names.segplan', PLAN);
            const text = plan.emit(target, true).replace(/(files\.example\.com.*?\btcp\W+)443/, '$18443');
            assert.notEqual(text, plan.emit(target, true));
            assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, text)), 'different');
        });
    }

    // A plan whose source zone has both families: the host name's IPv4 and IPv6 addresses are both allowed.
    const DUAL = PLAN.replace('zone lab 10.1.0.0/24', 'zone lab 10.1.0.0/24, fd01:1::/64');
    const verdictOf = async (target: string, edit: (text: string) => string) => {
        const plan = await loadPlanText('names.segplan', DUAL);
        const text = edit(plan.emit(target, true));
        return { plan, text, result: await verifyGenerated(plan.analysis, plan.ruleSet, target, text) };
    };

    it('ASA: an FQDN object per family (fqdn v4, fqdn v6) is verified equal to the plan', async () => {
        const { text, result } = await verdictOf('cisco-asa', t => t);
        assert.match(text, /^ fqdn v4 files\.example\.com$/m);
        assert.match(text, /^ fqdn v6 files\.example\.com$/m);
        assert.equal(overallVerdict(result), 'equal');
    });

    it('ASA: without its fqdn v6 object (or with `fqdn` alone, which is IPv4) the name\'s IPv6 addresses are not allowed: different', async () => {
        for (const edit of [(t: string) => t.replace(/^ fqdn v6 files\.example\.com$/m, ' fqdn v4 files.example.com'), (t: string) => t.replace(/^ fqdn v6 files\.example\.com$/m, ' fqdn files.example.com')]) {
            const { result } = await verdictOf('cisco-asa', edit);
            assert.equal(overallVerdict(result), 'different');
            const found = result.kind === 'verified' ? result.results.flatMap(r => r.differences) : [];
            assert.ok(found.some(d => d.kind === 'not-allowed' && d.destinations.names.has('files.example.com')), 'the difference names the host name');
        }
    });

    it('ASA: `fqdn files.example.com` without v4 or v6 is the name\'s IPv4 addresses', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('cisco-asa', true).replace(/^ fqdn v4 files\.example\.com$/m, ' fqdn files.example.com');
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', text)), 'equal');
    });

    it('ASA and FortiGate: an FQDN object of a host name the plan does not place stays unknown at its line', async () => {
        for (const target of ['cisco-asa', 'fortigate']) {
            const { result } = await verdictOf(target, t => t.replace(/fqdn (v4 )?"?files\.example\.com"?/, (m, v4) => `fqdn ${v4 ?? ''}${m.includes('"') ? '"other.example.com"' : 'other.example.com'}`));
            assert.notEqual(overallVerdict(result), 'equal', target);
            assert.ok(result.kind === 'verified' && result.results.some(r => r.unknown.some(u => /other\.example\.com/.test(u.why) && u.config.line > 0)), target);
        }
    });

    it('FortiGate: an FQDN address (IPv4) and an FQDN address6 (IPv6) are verified equal to the plan', async () => {
        const { text, result } = await verdictOf('fortigate', t => t);
        assert.match(text, /config firewall address6\n(?:.*\n)*?\s+set type fqdn\n\s+set fqdn "files\.example\.com"/);
        assert.equal(overallVerdict(result), 'equal');
    });

    it('FortiGate: without the address6 FQDN in the policy, the name\'s IPv6 addresses are not allowed: different', async () => {
        const { result } = await verdictOf('fortigate', t => t.replace(/set dstaddr6 "SP_fqdn6_[^"]*"/, 'set dstaddr6 "none"'));
        assert.equal(overallVerdict(result), 'different');
    });

    it('ASA and FortiGate: a deny before the FQDN rule that the name may resolve into is a difference', async () => {
        const asa = await verdictOf('cisco-asa', t => t.replace(/^(access-list (\S+) remark)/m, 'access-list $2 extended deny tcp any 203.0.113.0 255.255.255.0 eq 443\n$1'));
        assert.equal(overallVerdict(asa.result), 'different');
    });
});

describe('verify: nftables sets and ipsets per host name', function () {
    this.timeout(300_000);

    it('iptables: SegPlan\'s ipset for the host name is verified equal; an ipset the plan does not name is never verified, and named at its line', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('iptables', true);
        const set = /--match-set (\S+) dst/.exec(text)![1];
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', text)), 'equal');
        const other = text.replace(`--match-set ${set} dst`, '--match-set someone_elses dst');
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', other);
        assert.notEqual(overallVerdict(result), 'equal');
        const line = other.split('\n').findIndex(l => l.includes('someone_elses')) + 1;
        // Unknown to the reader at its line, or refused there by iptables-restore (the set does not exist).
        assert.ok(result.kind === 'verified' && result.results.some(r => r.unknown.some(u => u.config.line === line)
            || (r.loading ?? []).some(l => l.line === line)), 'the foreign ipset is named at its line');
    });

    it('iptables: a negated match on the host name\'s ipset is never verified', async () => {
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('iptables', true).replace('-m set --match-set', '-m set ! --match-set');
        assert.notEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', text)), 'equal');
    });

    it('nftables: the host name\'s set is verified equal; the rule matching outside it (`!= @set`) is never verified', async function () {
        if (process.getuid?.() !== 0) this.skip();
        const plan = await loadPlanText('names.segplan', PLAN);
        const text = plan.emit('nftables', true);
        assert.match(text, /ip daddr @hostname_files\.example\.com_v4/);
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text)), 'equal');
        const negated = text.replace('ip daddr @hostname_files.example.com_v4', 'ip daddr != @hostname_files.example.com_v4');
        assert.notEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', negated)), 'equal');
    });
});
