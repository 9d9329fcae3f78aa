import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EMITTERS } from '../../language/emit/registry.js';
import { cloudPlanBoxes, compareBoxes, hostBoxes, planBoxes } from './boxes.js';
import { todayUtc } from './oracle.js';
import { changeRequestBoxes, parseAsa, parseAws, parseAzure, parseCsv, parseFortigate, parseMarkdownTable, parsePanos, parseWindows } from './parsers.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';

/**
 * Plan text that tries to break out of strings and comments: quotes of every kind, a newline,
 * `;`, `$()`, backticks, backslashes, `#`, `!`, `|`, formula prefixes and non-ASCII text. Every
 * target must keep it inert: no such character reaches the output, the output still parses, and
 * it allows exactly what the plan allows.
 */

const HOSTILE = `"; drop table inet filter; $(reboot) \`id\` 'x' \\\\ } { | =cmd() @evil -x +y # ! % \${var} Zürich ☃ \u202e
second line"`;

const PLAN = `plan ${HOSTILE}
zone mgmt 10.80.1.0/24, fd80:1::/64 ${HOSTILE}
zone backup 10.80.2.0/24
vbr : veeam.BackupServer in mgmt at 10.80.1.10, fd80:1::10 os windows ${HOSTILE}
repo : veeam.Repository in backup at 10.80.2.20 os windows
allow vbr -> repo tcp/udp 135, 137-139, 445 ${HOSTILE}
allow vbr -> repo tcp 6160, 6162, 2500-3300 ${HOSTILE} until 2099-12-31
allow repo -> vbr tcp 6162 ${HOSTILE}
`;

const BREAKOUT = /[`\u0080-\uffff]|\$\(|\$\{/;

describe('plan text cannot break out of any target', function () {
    let plan: LoadedPlan;
    let folder: string;
    before(async function () {
        plan = await loadPlanText('hostile.segplan', PLAN);
        folder = mkdtempSync(path.join(tmpdir(), 'segplan-emit-'));
    });
    after(function () { rmSync(folder, { recursive: true, force: true }); });

    it('the hostile texts reach the rule set unchanged (so the test tests something)', function () {
        assert.match(plan.ruleSet.planName, /\$\(reboot\)/);
        assert.ok(plan.ruleSet.rules.some(r => r.descriptions.some(d => d.includes('\n') && d.includes('`id`'))));
    });

    for (const emitter of EMITTERS) {
        it(`${emitter.id}: no backtick, $( or non-ASCII character, and the plan's words are still there`, function () {
            const text = plan.emit(emitter.id, true);
            assert.doesNotMatch(text, BREAKOUT);
            assert.match(text, /second line/, 'the description is cleaned, not dropped');
        });
    }

    it('nftables and iptables output still load (nft -c, iptables-restore --test)', function () {
        for (const [target, command] of [['nftables', 'nft'], ['nftables-host', 'nft'], ['iptables', 'iptables-restore'], ['ip6tables', 'ip6tables-restore'], ['iptables-host', 'iptables-restore'], ['ip6tables-host', 'ip6tables-restore']]) {
            const file = path.join(folder, target);
            writeFileSync(file, plan.emit(target, true));
            execFileSync(command, command === 'nft' ? ['-c', '-f', file] : ['--test', file], { stdio: 'pipe' });
        }
    });

    it('every other target parses back to exactly the plan\'s rules', function () {
        const none = { missing: [], extra: [] };
        const zone = planBoxes(plan.analysis, { names: true });
        assert.deepStrictEqual(compareBoxes(zone, parseAsa(plan.emit('cisco-asa', true))), none);
        assert.deepStrictEqual(compareBoxes(zone, parsePanos(plan.emit('panos', true))), none);
        assert.deepStrictEqual(compareBoxes(zone, parseFortigate(plan.emit('fortigate', true))), none);
        for (const [target, cloud] of [['aws', parseAws(plan.emit('aws-terraform', true))], ['azure', parseAzure(plan.emit('azure-terraform', true))]] as const) {
            assert.deepStrictEqual(compareBoxes(cloudPlanBoxes(plan.analysis, 'inbound', todayUtc(), target), cloud.inbound), none);
            assert.deepStrictEqual(compareBoxes(cloudPlanBoxes(plan.analysis, 'outbound', todayUtc(), target), cloud.outbound), none);
        }
        assert.deepStrictEqual(compareBoxes(zone, changeRequestBoxes(parseCsv(plan.emit('csv', true)))), none);
        assert.deepStrictEqual(compareBoxes(zone, changeRequestBoxes(parseMarkdownTable(plan.emit('markdown', true)))), none);
        const windows = parseWindows(plan.emit('windows-firewall', true));
        for (const host of ['vbr', 'repo']) assert.deepStrictEqual(compareBoxes(hostBoxes(plan.analysis, host), windows.get(host)!), none);
    });

    it('CSV cells never start like a spreadsheet formula', function () {
        for (const row of parseCsv(plan.emit('csv', true))) {
            for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/, cell);
        }
    });

    it('PowerShell strings hold no single quote and no $ outside the script\'s own variables', function () {
        const text = plan.emit('windows-firewall', true);
        for (const m of text.matchAll(/'([^']*)'/g)) assert.doesNotMatch(m[1], /[$;`"]/);
    });
});

describe('determinism', function () {
    it('the same plan gives byte-identical output for every target, across fresh services', async function () {
        const first = await loadPlanText('hostile.segplan', PLAN);
        const second = await loadPlanText('hostile.segplan', PLAN);
        for (const emitter of EMITTERS) {
            assert.strictEqual(second.emit(emitter.id, true), first.emit(emitter.id, true), emitter.id);
            assert.strictEqual(first.emit(emitter.id, true), first.emit(emitter.id, true), emitter.id);
        }
    });
});

describe('Windows Firewall groups are exact and unique per plan', () => {
    it('a plan name with wildcard characters, and two plans whose names differ only after the cut, get their own exact groups', async () => {
        const { loadPlanText } = await import('./plan-fixture.js');
        const base = 'zone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvbr : veeam.BackupServer in a at 10.0.0.10 os windows\nproxy : veeam.Proxy in b at 10.0.1.20 os windows on vsphere\nallow vbr -> proxy tcp 6160\n';
        const long = 'x'.repeat(140);
        const group = async (name: string) => /^\$Group = '([^']*)'$/m.exec((await loadPlanText('p.segplan', `plan "${name}"\n${base}`)).emit('windows-firewall', true))![1];
        const wild = await group('Prod*[1]?');
        assert.doesNotMatch(wild, /[*?[\]]/);
        assert.notEqual(await group(`${long}A`), await group(`${long}B`));
        const script = (await loadPlanText('p.segplan', `plan "p"\n${base}`)).emit('windows-firewall', true);
        assert.match(script, /^Get-NetFirewallRule -All \| Where-Object \{ \$_\.Group -ceq \$Group \} \| Remove-NetFirewallRule$/m);
        assert.doesNotMatch(script, /Get-NetFirewallRule -Group/);
    });
});

describe('AWS security groups stay within the default quota', () => {
    it('a destination with more than 60 inbound rules per address family is split into groups of at most 60, all listed', async () => {
        const { loadPlanText } = await import('./plan-fixture.js');
        const { AWS_RULES_PER_FAMILY } = await import('../../language/emit/aws-terraform.js');
        const sources = Array.from({ length: 75 }, (_, i) => `h${i} : infra.VmGuest in a at 10.0.0.${i + 1} os linux`).join('\n');
        const rules = Array.from({ length: 75 }, (_, i) => `allow h${i} -> repo tcp ${5000 + i}`).join('\n');
        const plan = await loadPlanText('p.segplan', `plan "many"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nrepo : veeam.Repository in b at 10.0.1.5 os windows\n${sources}\n${rules}\n`);
        const text = plan.emit('aws-terraform', true);
        // Each direction's rules per group: the quota counts inbound and outbound rules apart.
        const perGroup = new Map<string, number>();
        for (const m of text.matchAll(/_(ingress|egress)_rule" "[\w-]+" \{\n(?:  count[^\n]*\n)?  security_group_id = aws_security_group\.(\w+)\.id/g)) perGroup.set(`${m[1]} ${m[2]}`, (perGroup.get(`${m[1]} ${m[2]}`) ?? 0) + 1);
        assert.deepEqual([...perGroup.keys()].filter(k => k.startsWith('ingress')).sort(), ['ingress segplan_repo', 'ingress segplan_repo_part2']);
        for (const [group, count] of perGroup) assert.ok(count <= AWS_RULES_PER_FAMILY, `${group} has ${count} rules`);
        assert.match(text, /split into 2 security groups \(AWS allows 60 inbound and 60 outbound rules per address family in one group\): attach all of them/);
        const { inbound, outbound } = parseAws(text);
        assert.deepStrictEqual(compareBoxes(cloudPlanBoxes(plan.analysis, 'inbound', todayUtc(), 'aws'), inbound), { missing: [], extra: [] });
        assert.deepStrictEqual(compareBoxes(cloudPlanBoxes(plan.analysis, 'outbound', todayUtc(), 'aws'), outbound), { missing: [], extra: [] });
    });
});

describe('zone names on devices are never merged or cut', () => {
    const PLAN = `plan "collide"
zone app-1 10.0.1.0/24
zone app_1 10.0.2.0/24
zone a-very-long-zone-name-that-goes-on-and-on-beyond-limits-x 10.0.3.0/24
vbr : veeam.BackupServer in app-1 at 10.0.1.10 os windows
px : veeam.Proxy in app_1 at 10.0.2.20 os windows on vsphere
allow vbr -> px tcp 6162
allow app-1 -> a-very-long-zone-name-that-goes-on-and-on-beyond-limits-x tcp 22
`;
    it('app-1 and app_1 stay two zones; a name the platform cannot take is refused, never cut; --map names it', async () => {
        const { loadPlanText } = await import('./plan-fixture.js');
        const { generateRules } = await import('../../language/emit/generate.js');
        const plan = await loadPlanText('collide.segplan', PLAN);
        const panos = plan.emit('panos', true);
        assert.match(panos, /^set rulebase security rules SP-r-[0-9a-f]{8}(?:-\d+)?-[0-9a-f]{6} from app-1 to app_1 /m);
        assert.doesNotMatch(panos, /from (\S+) to \1 /, 'two zones merged into one');
        assert.doesNotMatch(panos, /a-very-long-zone-name-that-go\b|a_very_long_zone_name_that_go\b/);
        assert.match(panos, /PAN-OS takes zone and interface names of at most 31 .* its rules are left out/);
        const forti = plan.emit('fortigate', true);
        assert.match(forti, /set srcintf "app-1"\n\s+set dstintf "app_1"/);
        const asa = plan.emit('cisco-asa', true);
        assert.match(asa, /^access-group SP_app-1_in in interface app-1$/m);
        assert.match(asa, /^access-group SP_app_1_in in interface app_1$/m);
        const mapped = generateRules(plan.services, plan.document, { target: 'panos', force: true, zoneNames: new Map([['a-very-long-zone-name-that-goes-on-and-on-beyond-limits-x', 'dmz1']]) });
        assert.ok(mapped.kind === 'generated');
        assert.match(mapped.text, /^set rulebase security rules SP-r-[0-9a-f]{8}(?:-\d+)?-[0-9a-f]{6} from app-1 to dmz1 /m);
    });
});
