import * as assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { SegplanServices } from '../../language/segplan-module.js';
import { ACRONIS_ARCHIVE_REACHABLE, ACRONIS_PUSH_PORTS_OPEN } from '../../language/checks/acronis-checks.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

const PUSH_BASE = `plan "push"
zone mgmt 10.10.0.0/24
zone admins 10.10.10.0/24
zone srv 10.20.0.0/24
ams : acronis.ManagementServer in mgmt at 10.10.0.20
adm : acronis.WebConsole in admins at 10.10.10.5
agents : acronis.Agent in srv at 10.20.0.0/25
nas : acronis.SmbArchive in srv at 10.20.0.200
allow agents -> ams tcp 7780, acronis.ConsolePort
allow adm -> ams tcp acronis.ConsolePort
`;

const ARCHIVE_BASE = `plan "archive"
zone mgmt 10.10.0.0/24
zone pci 10.20.0.0/24
zone vault 10.30.0.0/24
ams : acronis.ManagementServer in mgmt at 10.10.0.20
adm : acronis.WebConsole in mgmt at 10.10.0.100
agents : acronis.Agent in pci at 10.20.0.0/25
nas : acronis.SmbArchive in vault at 10.30.0.5
sftp : acronis.SftpArchive in vault at 10.30.0.6
allow agents -> ams tcp 7780, acronis.ConsolePort
allow adm -> ams tcp acronis.ConsolePort
allow agents -> nas tcp 139, 445
allow agents -> nas udp 137, 138
allow agents -> sftp tcp acronis.SftpPort
`;

function withCode(document: LangiumDocument, code: string): Diagnostic[] {
    return (document.diagnostics ?? []).filter(d => d.code === code);
}

function messageOf(d: Diagnostic): string {
    return typeof d.message === 'string' ? d.message : d.message.value;
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
    return text.split('\n').findIndex(l => l.includes(needle)) + 1;
}

describe('Acronis checks', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    describe(ACRONIS_PUSH_PORTS_OPEN, () => {
        it('the base plan is clean', async () => {
            const document = await buildPlan(services, PUSH_BASE);
            assert.deepEqual(diagnosticSummary(document), []);
        });

        it('warns when the push ports stay open after the agents are installed', async () => {
            const text = PUSH_BASE + 'allow ams -> agents tcp 7780, 445, 25001, 43234 "push install"\n';
            const document = await buildPlan(services, text);
            const [finding, ...rest] = withCode(document, ACRONIS_PUSH_PORTS_OPEN);
            assert.equal(rest.length, 0);
            assert.equal(finding.severity, 2);
            assert.equal(finding.range.start.line + 1, lineOf(text, 'push install'));
            // Anchored at the first push port, not at the unrelated 7780.
            const line = text.split('\n')[finding.range.start.line];
            assert.equal(line.slice(finding.range.start.character, finding.range.end.character), '445');
            assert.match(messageOf(finding), /445, 25001, 43234/);
            assert.match(messageOf(finding), /Networks with Firewall Segmentation[^"]*"SCENARIO 3/);
            assert.match(messageOf(finding), /use acronis\.RemoteInstallation/);
        });

        it('reaches agents through a zone and leaves ports other checks explain alone', async () => {
            const text = PUSH_BASE + 'allow mgmt -> srv tcp 25001\n';
            const document = await buildPlan(services, text);
            const findings = withCode(document, ACRONIS_PUSH_PORTS_OPEN);
            assert.equal(findings.length, 1);
            assert.match(messageOf(findings[0]), /tcp 25001 open/);
        });

        it('does not repeat the core install-only-permanent finding while the plan still push-installs', async () => {
            const text = PUSH_BASE + 'use acronis.RemoteInstallation\nallow ams -> agents tcp 445, 25001, 43234\n';
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, ACRONIS_PUSH_PORTS_OPEN).length, 0);
            assert.deepEqual(diagnosticSummary(document), [`${lineOf(text, 'allow ams -> agents')}:warning:install-only-permanent`]);
        });

        it('is silent for a temporary rule', async () => {
            const text = PUSH_BASE + 'use acronis.RemoteInstallation\nallow ams -> agents tcp 445, 25001, 43234 until 2027-01-31\n';
            const document = await buildPlan(services, text);
            assert.deepEqual(diagnosticSummary(document), []);
        });

        it('asks for the management server alone when another source pushes', async () => {
            const text = PUSH_BASE + 'use acronis.RemoteInstallation\nallow ams -> agents tcp 445, 25001, 43234 until 2027-01-31\nallow adm -> agents tcp 25001\n';
            const document = await buildPlan(services, text);
            const findings = withCode(document, ACRONIS_PUSH_PORTS_OPEN);
            assert.equal(findings.length, 1);
            assert.equal(findings[0].range.start.line + 1, lineOf(text, 'allow adm -> agents'));
            assert.match(messageOf(findings[0]), /Only the management server pushes/);
        });

        it('takes SMB to an agent from anywhere but a management server for file sharing, not the push path', async () => {
            const text = PUSH_BASE + 'allow adm -> agents tcp 445\n';
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, ACRONIS_PUSH_PORTS_OPEN).length, 0);
        });

        it('ignores push ports to machines that are not Acronis agents', async () => {
            const text = PUSH_BASE + 'allow agents -> nas tcp 445\n';
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, ACRONIS_PUSH_PORTS_OPEN).length, 0);
        });
    });

    describe(ACRONIS_ARCHIVE_REACHABLE, () => {
        const SENSITIVE = 'use acronis.SensitiveDataSegment\n';

        it('the sensitive-data plan in which only agents reach archive storage is clean', async () => {
            const document = await buildPlan(services, ARCHIVE_BASE + SENSITIVE);
            assert.deepEqual(diagnosticSummary(document), []);
        });

        it('warns when the management server can reach archive storage', async () => {
            const text = ARCHIVE_BASE + SENSITIVE + 'allow ams -> nas tcp 445 "restore test"\n';
            const document = await buildPlan(services, text);
            const findings = withCode(document, ACRONIS_ARCHIVE_REACHABLE);
            assert.equal(findings.length, 1);
            assert.equal(findings[0].severity, 2);
            assert.equal(findings[0].range.start.line + 1, lineOf(text, 'restore test'));
            assert.match(messageOf(findings[0]), /lets ams reach archive storage \(nas\)/);
            assert.match(messageOf(findings[0]), /SCENARIO 3 – SENSITIVE DATA SEGMENTATION/);
        });

        it('warns for admins, for zone-wide sources and for any', async () => {
            const text = ARCHIVE_BASE + SENSITIVE + 'allow agents, mgmt -> vault tcp 22\nallow any -> sftp tcp 22\n';
            const document = await buildPlan(services, text);
            const findings = withCode(document, ACRONIS_ARCHIVE_REACHABLE);
            assert.deepEqual(findings.map(f => f.range.start.line + 1), [lineOf(text, 'allow agents, mgmt'), lineOf(text, 'allow any')]);
            assert.match(messageOf(findings[0]), /lets ams, adm reach archive storage \(nas, sftp\)/);
            // The squiggle sits on the source that lets them in: `mgmt`, the second source.
            const line = text.split('\n')[findings[0].range.start.line];
            assert.equal(line.slice(findings[0].range.start.character, findings[0].range.end.character), 'mgmt');
        });

        it('counts a storage node as archive storage', async () => {
            const text = ARCHIVE_BASE + SENSITIVE + 'asn : acronis.StorageNode in vault at 10.30.0.7\nallow adm -> asn tcp 9876\n';
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, ACRONIS_ARCHIVE_REACHABLE).length, 1);
        });

        it('says nothing when the plan does not declare the sensitive-data layout', async () => {
            const text = ARCHIVE_BASE + 'allow ams -> nas tcp 445\n';
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, ACRONIS_ARCHIVE_REACHABLE).length, 0);
            assert.equal(withCode(document, 'unused-rule').length, 1, 'the core still reports the rule as serving nothing');
        });
    });
});
