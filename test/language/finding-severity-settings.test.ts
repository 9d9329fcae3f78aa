import * as assert from 'node:assert/strict';
import { DocumentState } from 'langium';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';
import { withSeverity, type Finding } from '../../language/analysis/finding.js';
import type { SegplanSharedServices } from '../../language/segplan-module.js';

const PLAN = `plan "settings"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
zone prod   10.20.0.0/16
vbr   : veeam.BackupServer in mgmt at 10.10.0.10
vc    : vmware.VCenter in prod at 10.20.0.5
repo  : veeam.HardenedRepository in backup at 10.30.0.31
mount : veeam.MountServer in backup at 10.30.0.40 os linux
allow vbr -> repo tcp 6162, 2500-3300
allow vbr -> mount tcp 22, 6162, 6170, 2500-3300
allow vbr -> vc tcp 8443
`;

describe('editor severity settings (segplan.*Severity)', () => {
    it('retune install-only, unused-rule and same-zone findings and re-validate; other findings keep theirs', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, PLAN);
        const before = diagnosticSummary(document, true);
        const messageAt = (line: number, code: string) => String((document.diagnostics ?? []).find(d => d.range.start.line === line - 1 && d.code === code)?.message);
        const installOnlyMessage = messageAt(5, 'missing-flow');
        assert.match(installOnlyMessage ?? '', /No allow rule lets vbr → repo/);
        assert.ok(before.includes('5:warning:missing-flow'), before.join('\n'));   // vbr → repo tcp 22, install-only
        assert.ok(before.includes('11:error:missing-flow'));                       // vbr → vc tcp 443, on the 8443 rule between them
        assert.ok(before.includes('11:warning:unused-rule'));

        services.shared.workspace.ConfigurationProvider.updateConfiguration({
            settings: { segplan: { installOnlySeverity: 'error', unusedRuleSeverity: 'off', sameZoneFlowSeverity: 'information' } }
        });

        // The re-check runs under the workspace's write lock: a read waits for it.

        await services.shared.workspace.WorkspaceLock.read(() => undefined);
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        const after = diagnosticSummary(document, true);
        assert.ok(!after.includes('5:warning:missing-flow'), 'the install-only flow is no longer a warning');
        assert.deepEqual(after.filter(d => d.endsWith(':error:missing-flow')).sort(), ['11:error:missing-flow', '5:error:missing-flow'], after.join('\n'));
        assert.ok(!after.some(d => d.endsWith(':unused-rule')), 'unused rules are hidden');
        assert.equal(messageAt(5, 'missing-flow'), installOnlyMessage, 'a retuned finding keeps its message');

        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { installOnlySeverity: 'off', unusedRuleSeverity: 'bogus' } } });

        // The re-check runs under the workspace's write lock: a read waits for it.

        await services.shared.workspace.WorkspaceLock.read(() => undefined);
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        const off = diagnosticSummary(document, true);
        assert.deepEqual(off.filter(d => d.endsWith(':missing-flow')), ['11:error:missing-flow'], 'only the always-needed flow is left');
        assert.ok(!off.some(d => d.endsWith(':unused-rule')), 'an invalid value keeps the last valid one');
    });

    it('decide a severity without writing the finding\'s quick-fix data (written when read, for the few shown)', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, PLAN);
        let dataReads = 0;
        const finding = (code: string, installOnly: boolean): Finding => ({
            code, severity: installOnly ? 'warning' : 'error', message: 'm', node: document.parseResult.value, installOnly,
            get data() { dataReads++; return { installOnly }; }
        });
        const severityIn = services.settings.FindingSeverities.severitiesIn(document.uri);
        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { installOnlySeverity: 'information' } } });
        // The re-check runs under the workspace's write lock: a read waits for it.
        await services.shared.workspace.WorkspaceLock.read(() => undefined);
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        assert.equal(severityIn(finding('missing-flow', true)), 'info', 'the install-only setting applies');
        assert.equal(severityIn(finding('partial-flow', false)), 'error', 'a flow needed always keeps its error');
        assert.equal(dataReads, 0);
        // A retuned finding reads the rest from the original when asked, not before.
        const retuned = withSeverity(finding('missing-flow', true), 'info');
        assert.equal(dataReads, 0, 'retuning writes no data');
        assert.deepEqual([retuned.severity, retuned.code, retuned.installOnly, retuned.data], ['info', 'missing-flow', true, { installOnly: true }]);
        assert.equal(dataReads, 1);
    });

    it('a run that reads only errors (generate) reports the errors it would report anyway, and nothing else', async () => {
        const all = diagnosticSummary(await buildPlan(await createTestServices(), PLAN), true);
        const errorsOnly = await createTestServices();
        errorsOnly.settings.FindingSeverities.reportOnly('error');
        const document = await buildPlan(errorsOnly, PLAN);
        const reported = diagnosticSummary(document, true);
        assert.ok(all.some(d => d.includes(':warning:')), 'the plan has warnings to leave out');
        assert.deepEqual(reported, all.filter(d => d.includes(':error:')));
        // A finding raised to an error by the settings is an error like any other.
        errorsOnly.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { unusedRuleSeverity: 'error' } } });
        // The re-check runs under the workspace's write lock: a read waits for it.
        await errorsOnly.shared.workspace.WorkspaceLock.read(() => undefined);
        await errorsOnly.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        assert.ok(diagnosticSummary(document, true).includes('11:error:unused-rule'));
    });

    it('a run that reads only errors does not look for what can only be a warning: a repeated rule, a rule to itself', async () => {
        const text = `${PLAN}allow vbr -> vc tcp 8443
allow vbr -> vbr tcp 22
allow vbr -> repo tcp 6160 until 2025-02-30
`;
        const all = diagnosticSummary(await buildPlan(await createTestServices(), text), true);
        assert.ok(all.some(d => d.endsWith(':warning:repeated-rule')) && all.some(d => d.endsWith(':warning:rule-to-itself')), all.join('\n'));
        const errorsOnly = await createTestServices();
        errorsOnly.settings.FindingSeverities.reportOnly('error');
        const reported = diagnosticSummary(await buildPlan(errorsOnly, text), true);
        assert.ok(reported.some(d => d.endsWith(':error:invalid-date')), 'an allow rule\'s errors are still found');
        assert.deepEqual(reported, all.filter(d => d.includes(':error:')));
    });

    it('retune install-only findings merged per pair and moved onto a temporary rule, as the editor and segplan.json say', async () => {
        // zvm → esx1 has two install-only flows (tcp 22, 443) and a temporary rule between them: the
        // merged finding goes on that rule; zvm → esx2 has the same two and no rule: merged on zvm;
        // vbr → repo has one (tcp 22), moved onto the temporary rule between them.
        const text = `plan "install-only pairs"
zone mgmt   10.1.10.0/24
zone hosts  10.1.20.0/24
zone hosts2 10.1.30.0/24
zone backup 10.30.0.0/24
vcenter : vmware.VCenter  in mgmt   at 10.1.10.10
zvm     : zerto.Zvm       in mgmt   at 10.1.10.20 on vsphere
esx1    : vmware.EsxiHost in hosts  at 10.1.20.11
esx2    : vmware.EsxiHost in hosts2 at 10.1.30.11
vbr     : veeam.BackupServer in mgmt at 10.1.10.30
repo    : veeam.HardenedRepository in backup at 10.30.0.31
allow zvm -> esx1 tcp 80 until 2099-01-01
allow vbr -> repo tcp 6162, 2500-3300
allow vbr -> repo tcp 6160 until 2099-01-01
`;
        const services = await createTestServices();
        const document = await buildPlan(services, text);
        const installOnly = () => diagnosticSummary(document, true).filter(d => d.endsWith(':missing-flow') && ['7', '12', '14'].includes(d.split(':')[0])).sort();
        assert.deepEqual(installOnly(), ['12:warning:missing-flow', '14:warning:missing-flow', '7:warning:missing-flow']);
        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { installOnlySeverity: 'information' } } });
        // The re-check runs under the workspace's write lock: a read waits for it.
        await services.shared.workspace.WorkspaceLock.read(() => undefined);
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        assert.deepEqual(installOnly(), ['12:info:missing-flow', '14:info:missing-flow', '7:info:missing-flow']);

        // The team's segplan.json comes first ('install-only' names them all), and still writes no quick-fix data.
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const configs = (services.shared as unknown as SegplanSharedServices).config.ProjectConfigs as unknown as { nearest: () => unknown };
        configs.nearest = () => ({ config: { severities: new Map([['install-only', 'error']]) } });
        const severityIn = services.settings.FindingSeverities.severitiesIn(document.uri);
        const found = analysis.findings.filter(f => f.installOnly);
        assert.equal(found.length, 3, 'the two merged findings and the moved one');
        let dataReads = 0;
        for (const f of found) {
            assert.equal(severityIn(new Proxy(f, { get: (t, p) => { if (p === 'data') dataReads++; return Reflect.get(t, p, t); } })), 'error');
        }
        assert.equal(dataReads, 0);
    });
});
