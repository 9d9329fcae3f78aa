import * as assert from 'node:assert/strict';
import { DocumentState } from 'langium';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';
import type { Finding } from '../../language/analysis/finding.js';

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
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        const after = diagnosticSummary(document, true);
        assert.ok(!after.includes('5:warning:missing-flow'), 'the install-only flow is no longer a warning');
        assert.deepEqual(after.filter(d => d.endsWith(':error:missing-flow')).sort(), ['11:error:missing-flow', '5:error:missing-flow'], after.join('\n'));
        assert.ok(!after.some(d => d.endsWith(':unused-rule')), 'unused rules are hidden');
        assert.equal(messageAt(5, 'missing-flow'), installOnlyMessage, 'a retuned finding keeps its message');

        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { installOnlySeverity: 'off', unusedRuleSeverity: 'bogus' } } });
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
        await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, document.uri);
        assert.equal(severityIn(finding('missing-flow', true)), 'info', 'the install-only setting applies');
        assert.equal(severityIn(finding('partial-flow', false)), 'error', 'a flow needed always keeps its error');
        assert.equal(dataReads, 0);
    });
});
