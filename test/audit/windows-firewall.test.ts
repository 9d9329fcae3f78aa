import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { windowsFirewallImporter } from '../../language/audit/importers/windows-firewall.js';
import { windowsHosts } from '../../language/emit/windows-firewall.js';
import { configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { compareWithRules, ruleMatches } from './allowed-exactly.js';
import { examplePlans, OTHER_TARGETS, readWith } from './example-outputs.js';

/**
 * The Windows Firewall script read back with Windows' semantics: for each Windows host of each
 * example plan, the rules the script creates when run with -SegPlanHost allow exactly the host's
 * rules; a hand-edited script is judged as Windows would judge it, or unknown.
 */

const NOW = new Date();
const read = (text: string, host?: string, now = NOW): Promise<FirewallPolicy> => readWith(windowsFirewallImporter, text, now, { hook: 'input', host });

const SCRIPT = [
    "$Group = 'SegPlan test'",
    "if ($SegPlanHost -eq 'web') {",
    "    New-NetFirewallRule -Name 'a' -DisplayName 'a' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('443', '8000-8010') -LocalAddress @('10.0.0.5') -RemoteAddress @('10.1.0.0/24', 'fd00::/64') | Out-Null",
    '}',
    "if ($SegPlanHost -eq 'db') {",
    "    New-NetFirewallRule -Name 'b' -Protocol UDP -LocalPort 53 -LocalAddress 10.0.0.6 -RemoteAddress Any | Out-Null",
    '}',
    ''
].join('\n');

/** The script with one line added to web's block. */
const withLine = (line: string) => SCRIPT.replace('| Out-Null\n}', `| Out-Null\n    ${line}\n}`);

describe('audit: Windows Firewall scripts', function () {
    this.timeout(300_000);

    it("each example plan's script, run for each Windows host, allows exactly that host's rules", async () => {
        let hosts = 0;
        for (const plan of await examplePlans()) {
            const windows = windowsHosts(plan.ruleSet);
            if (windows.length === 0) continue;
            const text = plan.emit('windows-firewall', true);
            assert.equal(detectImporter(text)?.id, 'windows-firewall', plan.name);
            for (const host of windows) {
                hosts++;
                const d = compareWithRules(await read(text, host.host), ruleMatches(host.rules, NOW));
                assert.deepEqual(d, { missing: [], extra: [], unknown: [] }, `${plan.name} ${host.host}`);
            }
        }
        assert.ok(hosts >= 5, `${hosts} Windows hosts in the examples`);
    });

    it('judges the rules of the host it runs on, and says unknown when it is not told which', async () => {
        assert.equal(verdictOf(await read(SCRIPT, 'web'), 'tcp', '10.1.0.9', '10.0.0.5', 8005).verdict, 'accept');
        assert.equal(verdictOf(await read(SCRIPT, 'WEB'), 'tcp', '10.1.0.9', '10.0.0.5', 8005).verdict, 'accept', '-eq ignores case');
        assert.equal(verdictOf(await read(SCRIPT, 'db'), 'tcp', '10.1.0.9', '10.0.0.5', 8005).verdict, 'drop');
        assert.equal(verdictOf(await read(SCRIPT, 'db'), 'udp', '192.0.2.1', '10.0.0.6', 53).verdict, 'accept');
        assert.match(verdictOf(await read(SCRIPT), 'udp', '192.0.2.1', '10.0.0.6', 53).why ?? '', /hosts web, db: name the host/);
        assert.equal(verdictOf(await read(SCRIPT, 'web'), 'tcp', '10.1.0.9', '10.0.0.5', 444).verdict, 'drop');
        assert.equal(verdictOf(await read(SCRIPT, 'web'), 'tcp', '10.1.0.9', '10.0.0.5', 443, 'established').verdict, 'accept');
    });

    it('a Block rule wins over an Allow rule whatever the order; a disabled rule allows nothing', async () => {
        const blocked = await read(withLine("New-NetFirewallRule -DisplayName 'x' -Action Block -Protocol TCP -LocalPort 443 -RemoteAddress 10.1.0.9"), 'web');
        assert.equal(verdictOf(blocked, 'tcp', '10.1.0.9', '10.0.0.5', 443).verdict, 'drop');
        assert.equal(verdictOf(blocked, 'tcp', '10.1.0.8', '10.0.0.5', 443).verdict, 'accept');
        const disabled = await read(SCRIPT.replace('-Enabled True', '-Enabled False'), 'web');
        assert.equal(verdictOf(disabled, 'tcp', '10.1.0.9', '10.0.0.5', 443).verdict, 'drop');
    });

    it('an added rule, a wider port and an outbound rule are read as written', async () => {
        const added = await read(withLine('New-NetFirewallRule -DisplayName x -Prot TCP -LocalP 22'), 'web');
        assert.equal(verdictOf(added, 'tcp', '198.51.100.1', '10.9.9.9', 22).verdict, 'accept', 'no address: any, abbreviated parameter names');
        const wider = await read(SCRIPT.replace("'8000-8010'", "'8000-9000'"), 'web');
        assert.equal(verdictOf(wider, 'tcp', '10.1.0.9', '10.0.0.5', 8500).verdict, 'accept');
        const outbound = await read(withLine('New-NetFirewallRule -DisplayName x -Direction Outbound -Protocol TCP -RemotePort 22'), 'web');
        assert.equal(verdictOf(outbound, 'tcp', '198.51.100.1', '10.0.0.5', 22).verdict, 'drop');
    });

    it('what the script does not fix is unknown, never a verdict', async () => {
        const cases: [string, RegExp][] = [
            ['New-NetFirewallRule -DisplayName x -Profile Domain -Protocol TCP -LocalPort 22', /applies only in the domain profile/],
            ['New-NetFirewallRule -DisplayName x -Program C:\\x.exe -Protocol TCP -LocalPort 22', /-Program/],
            ['New-NetFirewallRule -DisplayName x -Protocol TCP -LocalPort $Port', /\$Port is not set/],
            ['New-NetFirewallRule -DisplayName x -Protocol TCP -LocalPort 22 -RemoteAddress LocalSubnet', /LocalSubnet/],
            ['New-NetFirewallRule -DisplayName x -Protocol TCP -LocalPort 22 -Enabled False | Enable-NetFirewallRule', /passed to 'Enable-NetFirewallRule'/],
            ['Set-NetFirewallProfile -DefaultInboundAction Allow', /Set-NetFirewallProfile/],
            ["if ($env:COMPUTERNAME -eq 'x') { New-NetFirewallRule -DisplayName x -Protocol TCP -LocalPort 22 }", /not evaluate/]
        ];
        for (const [line, why] of cases) {
            const { verdict, why: said } = verdictOf(await read(withLine(line), 'web'), 'tcp', '198.51.100.1', '10.0.0.5', 22);
            assert.equal(verdict, 'unknown', line);
            assert.match(said ?? '', why, line);
        }
    });

    it('a temporary rule exists until its date (the script is run again after it), judged on the UTC clock or unknown near a local one', async () => {
        const dated = (kind: string) => withLine(`if ([datetime]::${kind} -lt [datetime]::new(2026, 3, 2, 0, 0, 0, [DateTimeKind]::Utc)) {\n        New-NetFirewallRule -DisplayName t -Protocol TCP -LocalPort 22\n    }`);
        assert.equal(verdictOf(await read(dated('UtcNow'), 'web', new Date('2026-03-01T23:59:00Z')), 'tcp', '192.0.2.1', '10.0.0.5', 22).verdict, 'accept');
        assert.equal(verdictOf(await read(dated('UtcNow'), 'web', new Date('2026-03-02T00:00:00Z')), 'tcp', '192.0.2.1', '10.0.0.5', 22).verdict, 'drop');
        assert.equal(verdictOf(await read(dated('Now'), 'web', new Date('2026-03-02T00:00:00Z')), 'tcp', '192.0.2.1', '10.0.0.5', 22).verdict, 'unknown');
    });

    it('a command Windows refuses stops the script: an error at its line', async () => {
        assert.match(configErrorOf(() => windowsFirewallImporter.import(withLine("New-NetFirewallRule -Name 'a' -Protocol TCP -LocalPort 22"), { file: 'x.ps1', interfaces: new Map(), hook: 'input', now: NOW, host: 'web' })).message, /line 4: a rule named 'a' is created twice/);
        assert.match(configErrorOf(() => windowsFirewallImporter.import(withLine('New-NetFirewallRule -Protocol Any -LocalPort 22'), { file: 'x.ps1', interfaces: new Map(), hook: 'input', now: NOW, host: 'web' })).message, /line 4: ports are given with protocol Any/);
        assert.match(configErrorOf(() => windowsFirewallImporter.import(withLine('New-NetFirewallRule -Colour red'), { file: 'x.ps1', interfaces: new Map(), hook: 'input', now: NOW, host: 'web' })).message, /line 4: New-NetFirewallRule has no parameter -Colour/);
    });

    it("no other target's output is taken for a Windows Firewall script", async () => {
        const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
        for (const other of OTHER_TARGETS.filter(t => t !== 'windows-firewall')) assert.equal(windowsFirewallImporter.detect(plan.emit(other, true)), false, other);
    });
});
