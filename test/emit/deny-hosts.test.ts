import * as assert from 'node:assert/strict';
import { decideConnection } from '../../language/audit/audit-plan.js';
import { windowsFirewallImporter } from '../../language/audit/importers/windows-firewall.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import type { RuleSetRule } from '../../language/emit/rule-set.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';

/**
 * The plan's denies on the host targets: explicit drops (Linux) or Block rules (Windows), which an
 * allow rule of SegPlan's (a plan generated with --force) or a rule someone else added cannot
 * reopen; what the output allows is still exactly what the plan lets through (its allow rules, less
 * what its denies forbid), as verify proves. The kernel test (test/kernel/host-denies.test.ts)
 * loads the Linux outputs.
 */

const ZONES = `zone mgmt 10.10.0.0/24, fd10::/64
zone prod 10.20.0.0/16
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10, fd10::10 os windows
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
repo : veeam.HardenedRepository in backup at 10.30.0.31
allow prod -> mgmt tcp 443, 445
allow prod -> backup tcp 22, 3389
allow vbr -> proxy tcp 6160, 6162, 2500-3300
`;

const DENIES = `deny prod -> vbr tcp 445 "no SMB from production to the backup server"
deny any -> proxy tcp 3389 "no RDP to the proxies"
deny prod -> repo tcp 22 "no SSH to the hardened repository"
`;

const PLAN = `plan "Host denies"\n${ZONES}${DENIES}`;
const WITHOUT_DENIES = `plan "Host denies"\n${ZONES}`;

/** A rule someone made on the host that allows every inbound connection. */
const OUTSIDE_ALLOW = "New-NetFirewallRule -Name 'open-all' -DisplayName 'open all' -Direction Inbound -Action Allow -Protocol Any -RemoteAddress Any\n";

const single = (text: string) => AddressSet.of([(parseAddress(text) as { block: never }).block]);

async function windowsVerdict(script: string, host: string, from: string, to: string, port: number) {
    const policy = await windowsFirewallImporter.import(script, { file: 'rules.ps1', interfaces: new Map(), hook: 'input', now: new Date(), host });
    return decideConnection([policy], 'tcp', single(from), single(to), port);
}

/** The deny that reaches `host` on `port`: found by what it is, as its name is. */
function denyOf(plan: LoadedPlan, host: string, port: number): RuleSetRule {
    const denies = plan.ruleSet.hosts.find(h => h.host === host)?.denies.filter(d => d.ports.some(p => p.from <= port && port <= p.to)) ?? [];
    assert.equal(denies.length, 1, `one deny of ${host} on port ${port}`);
    return denies[0];
}

describe('the plan\'s denies on the host targets', function () {
    this.timeout(300_000);

    it('Windows Firewall: Block rules per host, which an Allow rule added on the host does not reopen', async () => {
        const plan = await loadPlanText('host-denies.segplan', PLAN);
        const script = plan.emit('windows-firewall', true);
        assert.match(script, new RegExp(`New-NetFirewallRule -Name 'SegPlan-vbr-d-${denyOf(plan, 'vbr', 445).id}' .* -Action Block .* -Protocol TCP -LocalPort @\\('445'\\) -LocalAddress @\\('10\\.10\\.0\\.10\\/32', 'fd10::10\\/128'\\) -RemoteAddress @\\('10\\.20\\.0\\.0\\/16'\\)`));
        assert.match(script, new RegExp(`New-NetFirewallRule -Name 'SegPlan-proxy-d-${denyOf(plan, 'proxy', 3389).id}' .* -Action Block .* -LocalPort @\\('3389'\\) -LocalAddress @\\('10\\.30\\.0\\.21\\/32'\\) -RemoteAddress 'Any'`));
        assert.match(script, /FW_RULE_ACTION/, 'the header does not say why Block rules hold');
        const opened = script + OUTSIDE_ALLOW;
        assert.equal(await windowsVerdict(opened, 'vbr', '10.20.1.1', '10.10.0.10', 445), 'drop');
        assert.equal(await windowsVerdict(opened, 'vbr', '10.20.1.1', '10.10.0.10', 443), 'accept');
        assert.equal(await windowsVerdict(opened, 'proxy', '10.10.0.10', '10.30.0.21', 3389), 'drop', 'the deny from any address');
        // The same outside rule on a host whose script has no Block rule lets the traffic in.
        const plain = (await loadPlanText('host-denies.segplan', WITHOUT_DENIES)).emit('windows-firewall', true) + OUTSIDE_ALLOW;
        assert.equal(await windowsVerdict(plain, 'vbr', '10.20.1.1', '10.10.0.10', 445), 'accept');
    });

    it('Linux hosts: the drops of the denies come before every allow rule of every host', async () => {
        const plan = await loadPlanText('host-denies.segplan', PLAN);
        const nft = plan.emit('nftables-host', true).split('\n').filter(l => / (accept|drop) comment "/.test(l));
        assert.ok(nft.some(l => l.includes(` drop comment "repo.d-${denyOf(plan, 'repo', 22).id} `)), nft.join('\n'));
        assert.ok(nft.findIndex(l => / accept comment /.test(l)) > nft.map(l => / drop comment /.test(l)).lastIndexOf(true), nft.join('\n'));
        const ipt = plan.emit('iptables-host', true).split('\n').filter(l => / --comment "repo\.[hd]-[0-9a-f]{8}/.test(l));
        assert.match(ipt[0], /-s 10\.20\.0\.0\/16 -d 10\.30\.0\.31\/32 -p tcp -m tcp --dport 22 .*-j DROP$/);
        assert.ok(ipt.slice(1).every(l => l.endsWith('-j ACCEPT')), ipt.join('\n'));
    });

    it('verify: the output of a plan whose allow rules overlap its denies (--force) allows exactly what the plan lets through', async () => {
        const plan = await loadPlanText('host-denies.segplan', PLAN);
        for (const target of ['iptables', 'ip6tables', 'iptables-host', 'ip6tables-host', 'windows-firewall', 'cisco-asa', 'panos', 'fortigate']) {
            const verdict = overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true)));
            assert.equal(verdict, 'equal', target);
        }
    });

    it('verify: a host rule set that lets denied traffic through is different from the plan', async () => {
        const plan = await loadPlanText('host-denies.segplan', PLAN);
        const withoutDrops = plan.emit('iptables-host', true).split('\n').filter(l => !/ -j DROP$/.test(l) || !/--comment "\w+\.d-/.test(l)).join('\n');
        const result = await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables-host', withoutDrops);
        assert.equal(overallVerdict(result), 'different');
        const repo = result.kind === 'verified' ? result.results.find(r => r.scope === 'host firewall of repo') : undefined;
        assert.deepEqual(repo?.differences.map(d => [d.kind, d.protocol, d.sources.format(), d.destinations.format()]), [['not-in-plan', 'tcp', '10.20.0.0/16', '10.30.0.31']]);
    });
});
