import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AddressSet } from '../../language/network/addresses.js';
import { readableConfigs } from '../../language/verify/read-configs.js';
import { importerForTarget, overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { verifyConfigs, type VerifyResult } from '../../language/verify/verify.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * SegPlan's AWS and Azure Terraform allow exactly the plan, and verify proves it from the file
 * alone: the groups it wrote are mapped to the plan's zones by the names and tags it wrote (a
 * hand-written file still needs --map); AWS groups let out what the plan allows as well as let it in
 * (Terraform removes the default allow-all outbound rule); Azure's default rules never decide (each
 * NSG ends in denies of everything each way); temporary rules end where Terraform plans after them.
 */

const PLAN = `plan "cloud"
zone z0 10.70.0.0/24, fd70::/64
zone z1 10.71.0.0/24, fd71::/64
zone quiet 10.72.0.0/24
zone net internet
c0 : infra.VmGuest in z0 at 10.70.0.5, fd70::5 os linux
c1 : infra.VmGuest in z1 at 10.71.0.0/28, fd71::/124 os windows
c2 : infra.VmGuest in z1 at 10.71.0.3 os linux
c3 : infra.VmGuest in quiet at 10.72.0.9 os linux
allow c0 -> c1 tcp 443, 8000-8050
allow 10.70.0.0/28 -> c2 udp 53
allow c3 -> z0 tcp/udp 22 until 2099-12-31
allow net -> c2 tcp 8443
allow c2 -> net tcp 443
`;
const now = new Date('2026-06-01T12:00:00Z');

function summary(results: readonly VerifyResult[]): string {
    return results.map(r => [r.verdict, ...r.differences.map(d => `${d.kind} ${d.protocol} ${d.sources.format()} -> ${d.destinations.format()} (${d.config.text})`), ...r.unknown.map(u => u.why)].join('\n')).join('\n');
}

/** The verify of one target's text with the plan's zones under their own names and, when given, the virtual network mapped. */
async function verifyText(plan: LoadedPlan, target: string, text: string, virtualNetwork?: AddressSet): Promise<VerifyResult> {
    const zones = [...plan.analysis.plan.facts.zones.values()];
    const interfaces = new Map(zones.map(z => [z.name, z.internet ? AddressSet.ANY : z.networks] as const));
    if (virtualNetwork) interfaces.set('VirtualNetwork', virtualNetwork);
    const configs = readableConfigs([{ text, file: `cloud.${target}` }], () => importerForTarget(target)!);
    return verifyConfigs(plan.analysis, plan.ruleSet, configs, { now, interfaces, formatGiven: true });
}

describe('verify: SegPlan\'s AWS and Azure Terraform', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanText('cloud.segplan', PLAN); });

    for (const target of ['aws-terraform', 'azure-terraform']) {
        it(`${target}: proven to allow exactly the plan without --map, at now and after the temporary rule ends`, async () => {
            const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true), { now });
            assert.equal(overallVerdict(v), 'equal', v.kind === 'verified' ? summary(v.results) : v.why);
            assert.ok(v.kind === 'verified' && v.results[0].instants.some(i => i > new Date('2100-01-01T00:00:00Z')), 'checked after the expiry');
        });
    }

    it('aws-terraform: every zone has a group, also one that receives nothing, and each group lets out what its hosts may send', () => {
        const text = plan.emit('aws-terraform', true);
        for (const zone of ['z0', 'z1', 'quiet']) assert.match(text, new RegExp(`SegPlanEndpoint  = "zone ${zone}"`));
        // c3 only sends: its group holds the outbound rules of r3 (to z0, both protocols, IPv4).
        const c3 = /resource "aws_vpc_security_group_egress_rule" "r-[0-9a-f]{8}(?:-\d+)?_out_\d+" \{\n(?: {2}count[^\n]*\n)? {2}security_group_id = aws_security_group\.segplan_c3\.id/g;
        assert.equal([...text.matchAll(c3)].length, 2);
        assert.match(text, /Terraform removes AWS's default\n# allow-all outbound rule from these groups: they let out only what the plan allows\./);
    });

    it('aws-terraform: without its outbound rules a zone\'s hosts reach nothing (as Terraform leaves such a group)', async () => {
        const text = plan.emit('aws-terraform', true).replace(/resource "aws_vpc_security_group_egress_rule" "[^"]+" \{\n[\s\S]*?\n\}\n/g, '');
        const r = await verifyText(plan, 'aws-terraform', text);
        assert.equal(r.verdict, 'different');
        assert.ok(r.differences.every(d => d.kind === 'not-allowed' && /no outbound rule of/.test(d.config.text)), summary([r]));
    });

    it('azure-terraform: the default rules decide nothing, whether or not the virtual network is mapped; without the final denies they would', async () => {
        const text = plan.emit('azure-terraform', true);
        const zones = [...plan.analysis.plan.facts.zones.values()].filter(z => !z.internet).reduce((u, z) => u.union(z.networks), AddressSet.EMPTY);
        assert.equal((await verifyText(plan, 'azure-terraform', text)).verdict, 'equal');
        assert.equal((await verifyText(plan, 'azure-terraform', text, zones)).verdict, 'equal');
        // The internet zone makes every outside address owed exactly: Azure's load balancer probes
        // (AllowAzureLoadBalancerInBound) and AllowInternetOutBound would let through what the plan does not allow.
        const open = text.replace(/\n# Deny the (?:inbound|outbound) traffic[^\n]*\nresource "azurerm_network_security_rule" "segplan_z1_deny_(?:in|out)" \{\n[\s\S]*?\n\}\n/g, '\n');
        assert.notEqual(open, text);
        const r = await verifyText(plan, 'azure-terraform', open, zones);
        assert.equal(r.verdict, 'different');
        assert.ok(r.differences.some(d => d.kind === 'not-in-plan' && d.sources.format() === '168.63.129.16' && /AllowAzureLoadBalancerInBound/.test(d.config.text)), summary([r]));
        assert.ok(r.differences.some(d => d.kind === 'not-in-plan' && /AllowInternetOutBound/.test(d.config.text)), summary([r]));
    });

    it('a hand-written Terraform file is not mapped by guess: without --map verify cannot tell, and says to map', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cloud-'));
        try {
            writeFileSync(path.join(dir, 'plan.segplan'), PLAN);
            writeFileSync(path.join(dir, 'main.tf'), [
                'resource "aws_security_group" "web" {', '  name = "web-servers"', '}',
                'resource "aws_vpc_security_group_ingress_rule" "https" {', '  security_group_id = aws_security_group.web.id',
                '  ip_protocol = "tcp"', '  from_port = 443', '  to_port = 443', '  cidr_ipv4 = "10.70.0.5/32"', '}'
            ].join('\n') + '\n');
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'verify', 'plan.segplan', '--config', 'main.tf'], { cwd: dir, encoding: 'utf8' });
            assert.equal(run.status, 2, run.stdout + run.stderr);
            assert.match(run.stdout + run.stderr, /--map/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('a temporary rule\'s resources exist only while Terraform plans before its end (terraform plan, where installed)', function () {
        if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status !== 0) this.skip();
        // The count SegPlan writes for the rule until 2099-12-31, and the same for a day that has passed.
        const count = /\n {2}(count = [^\n]*"2100-01-01T00:00:00Z"[^\n]*)\n/.exec(plan.emit('aws-terraform', true))![1];
        const ended = count.replace('2100-01-01', '2020-07-01');
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-terraform-'));
        try {
            writeFileSync(path.join(dir, 'main.tf'), `resource "terraform_data" "ahead" {\n  ${count}\n}\nresource "terraform_data" "ended" {\n  ${ended}\n}\n`);
            const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
            const init = spawnSync('terraform', ['init', '-no-color', '-input=false'], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
            if (init.status !== 0) this.skip();
            const run = spawnSync('terraform', ['plan', '-no-color', '-input=false'], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
            assert.equal(run.status, 0, run.stderr);
            assert.match(run.stdout, /terraform_data\.ahead\[0\] will be created/);
            assert.doesNotMatch(run.stdout, /terraform_data\.ended/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
