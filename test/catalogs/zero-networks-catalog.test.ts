import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT, readText } from '../helpers/fixtures.js';
import { buildDocuments, createTestServices, diagnosticSummary } from '../helpers/services.js';

const CATALOGS = path.join(PROJECT_ROOT, 'language', 'vendor-catalogs');
const EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'zero-networks-segment.segplan');

describe('Zero Networks catalog file and example', () => {
    it('the catalog validates with no diagnostics at all when loaded as an ordinary file', async () => {
        // Built-in (builtin:) documents skip validation, so load the catalog and the shared
        // infrastructure types it refers to under file: URIs in services without the built-ins.
        const services = createSegplanServices(EmptyFileSystem).Segplan;
        const factory = services.shared.workspace.LangiumDocumentFactory;
        const documents = services.shared.workspace.LangiumDocuments;
        const created = ['infrastructure.segplan', 'zero-networks.segplan'].map(name => {
            const document = factory.fromString(readText(path.join(CATALOGS, name)), URI.parse(`file:///catalogs/${name}`));
            documents.addDocument(document);
            return document;
        });
        await services.shared.workspace.DocumentBuilder.build(created, { validation: true });
        const catalog = created[1];
        assert.equal(catalog.parseResult.parserErrors.length, 0);
        assert.deepEqual(diagnosticSummary(catalog, true), []);
        // It did link: the flows reach the shared infrastructure types.
        const flows = services.analysis.PlanAnalyzer.catalog().flows.filter(f => f.vendorId === 'zeronetworks');
        assert.ok(flows.some(f => f.to.typeId === 'microsoft.DomainController') && flows.some(f => f.to.typeId === 'infra.DnsServer'));
    });

    it('a typo in the catalog would be reported (the validation above is live)', async () => {
        const services = createSegplanServices(EmptyFileSystem).Segplan;
        const factory = services.shared.workspace.LangiumDocumentFactory;
        const documents = services.shared.workspace.LangiumDocuments;
        const text = readText(path.join(CATALOGS, 'zero-networks.segplan')).replace('microsoft.DomainController tcp 389', 'microsoft.DomainControler tcp 389');
        const created = [['infrastructure.segplan', readText(path.join(CATALOGS, 'infrastructure.segplan'))], ['zero-networks.segplan', text]].map(([name, t]) => {
            const document = factory.fromString(t, URI.parse(`file:///catalogs/${name}`));
            documents.addDocument(document);
            return document;
        });
        await services.shared.workspace.DocumentBuilder.build(created, { validation: true });
        assert.ok(diagnosticSummary(created[1]).some(d => d.endsWith(':error:unknown-component-type')));
    });

    it('the example deployment is clean: no errors, no warnings', async () => {
        const services = await createTestServices();
        const [document] = await buildDocuments(services, { 'zero-networks-segment.segplan': readText(EXAMPLE) });
        assert.equal(document.parseResult.parserErrors.length, 0);
        assert.deepEqual(diagnosticSummary(document), []);
        // Clean because it is covered, not because nothing was required.
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const covered = analysis.flows.filter(f => f.status === 'covered');
        assert.ok(covered.length >= 11, `only ${covered.length} flows covered`);
        assert.deepEqual(analysis.flows.filter(f => f.status === 'missing' || f.status === 'partial').map(f => f.flow.purpose), []);
    });
});
