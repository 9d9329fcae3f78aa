import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { SegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT, readText } from '../helpers/fixtures.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

const CATALOGS = ['acronis-scs.segplan', 'acronis-cyber-protect.segplan'];
const EXAMPLES = [
    'acronis-scenario-2-isolated-management.segplan',
    'acronis-scenario-3-sensitive-data.segplan',
    'acronis-scenario-4-sensitive-data-offsite-sftp.segplan'
];

function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
    return diagnostics.map(d => `${d.range.start.line + 1}: ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`).join('\n');
}

describe('Acronis catalogs and examples are clean', () => {
    let services: SegplanServices;
    beforeEach(async () => { services = await createTestServices(); });

    // The document builder never validates builtin: documents, so each catalog is loaded again as
    // an ordinary file, where every check runs.
    for (const file of CATALOGS) {
        it(`${file} validates with no diagnostics`, async () => {
            const text = readText(path.join(PROJECT_ROOT, 'language', 'vendor-catalogs', file));
            const [document] = await buildDocuments(services, { [file]: text });
            assert.ok(document.uri.scheme === 'file');
            assert.equal(document.parseResult.lexerErrors.length + document.parseResult.parserErrors.length, 0);
            assert.deepEqual(document.diagnostics ?? [], [], describeDiagnostics(document.diagnostics ?? []));
        });
    }

    it('lists every Acronis example', () => {
        const found = readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(n => n.startsWith('acronis-')).sort();
        assert.deepEqual(found, [...EXAMPLES].sort());
    });

    for (const file of EXAMPLES) {
        it(`${file} has no errors and no warnings, and its rules carry the Acronis flows`, async () => {
            const text = readText(path.join(PROJECT_ROOT, 'examples', file));
            const [document] = await buildDocuments(services, { [file]: text });
            const serious = (document.diagnostics ?? []).filter(d => d.severity === 1 || d.severity === 2);
            assert.deepEqual(serious, [], describeDiagnostics(serious));
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            const crossing = analysis.flows.filter(f => f.status === 'covered');
            // Agents reach the management server on 7780 across a zone boundary in every scenario.
            assert.ok(crossing.some(f => f.flow.destination.typeId === 'acronis.ManagementServer' && f.flow.ports.some(p => p.from === 7780)));
            assert.ok(analysis.flows.every(f => f.status !== 'missing' && f.status !== 'partial'));
        });
    }

    it('the sensitive-data examples declare the layout and keep the management server and admins away from archive storage', async () => {
        for (const file of EXAMPLES.slice(1)) {
            const text = readText(path.join(PROJECT_ROOT, 'examples', file));
            const [document] = await buildDocuments(services, { [file]: text });
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            assert.ok(analysis.plan.facts.features.has('acronis.SensitiveDataSegment'), file);
            assert.ok([...analysis.plan.facts.instances.values()].some(i => services.analysis.PlanAnalyzer.catalog().ancestorsOf(i.typeId).has('acronis.ArchiveStorage')), file);
        }
    });
});
