import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver';
import { isCitation, isVendor, type SegplanDocument } from '../../language/generated/ast.js';
import { AstUtils } from 'langium';
import { isBuiltinUri } from '../../language/workspace/builtin-catalogs.js';
import { createTestServices, buildDocuments } from '../helpers/services.js';
import { seedsFolder } from '../helpers/seeds.js';
import { loadPlanText } from '../emit/plan-fixture.js';
import type { SegplanServices } from '../../language/segplan-module.js';

const messageOf = (m: string | { value: string }): string => typeof m === 'string' ? m : m.value;

const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;

const VEEAM_PLAN = `plan "Citations"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
vbr  : veeam.BackupServer in mgmt   at 10.10.0.10
repo : veeam.Repository   in backup at 10.30.0.31 os linux
allow vbr -> repo tcp 6162
`;

/** Catalogs declare their source documents once; every citation reads as the document's title, section and row. */
describe('source documents of the catalogs', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('every citation of a built-in catalog names a declared document whose seed exists', () => {
        const catalog = services.analysis.PlanAnalyzer.catalog();
        assert.ok(catalog.documents.size >= 5, [...catalog.documents.keys()].join(', '));
        for (const document of catalog.documents.values()) {
            assert.ok(document.title.length > 10 && !SEED_FILE.test(document.title), document.title);
            if (document.seed) assert.ok(existsSync(path.join(seedsFolder(), document.seed)), `${document.id}: seed ${document.seed} not found`);
        }
        let citations = 0;
        for (const doc of services.shared.workspace.LangiumDocuments.all.filter(d => isBuiltinUri(d.uri))) {
            for (const node of AstUtils.streamAst(doc.parseResult.value)) {
                if (!isCitation(node)) continue;
                citations++;
                const vendor = AstUtils.getContainerOfType(node, isVendor)?.name;
                assert.ok(node.document?.ref, `${doc.uri.path} (${vendor}): "source ${node.file ?? node.document?.$refText}" names no declared document`);
            }
        }
        assert.ok(citations > 250, `only ${citations} citations`);
        for (const flow of catalog.flows) for (const c of flow.sources) assert.ok(c.document && SEED_FILE.test(c.file), `${flow.purpose}: ${JSON.stringify(c.file)}`);
    });

    it('a missing flow cites the title, section and row, not a file name', async () => {
        const [document] = await buildDocuments(services, { 'plan.segplan': VEEAM_PLAN });
        const missing = (document.diagnostics ?? []).filter(d => d.code === 'missing-flow');
        assert.ok(missing.length > 0);
        for (const d of missing.map(m => ({ message: messageOf(m.message) }))) {
            assert.match(d.message, /Veeam and Network Segmentation: Firewall Rules for Every Component, "[^"]+"( row \d+)?/, d.message);
            assert.doesNotMatch(d.message, SEED_FILE, d.message);
        }
    });

    it('a vendor check cites its document by title', async () => {
        const [document] = await buildDocuments(services, { 'plan.segplan': `${VEEAM_PLAN}hr : veeam.HardenedRepository in backup at 10.30.0.40\nadmin : infra.AdminWorkstation in mgmt at 10.10.0.50\nallow admin -> hr tcp 22\n` });
        const ssh = (document.diagnostics ?? []).find(d => d.code === 'veeam-hardened-ssh');
        assert.ok(ssh, JSON.stringify(document.diagnostics?.map(d => d.code)));
        assert.match(messageOf(ssh.message), /\(Veeam and Network Segmentation: Firewall Rules for Every Component, "4\. Backup Repository/);
    });

    it('rule comments and the change request cite titles', async () => {
        const loaded = await loadPlanText('plan.segplan', VEEAM_PLAN);
        for (const target of ['nftables', 'csv', 'markdown']) {
            const text = loaded.emit(target, true);
            assert.match(text, /Veeam and Network Segmentation: Firewall Rules for Every Component, section /, target);
            assert.doesNotMatch(text, SEED_FILE, target);
        }
    });

    it('a hover links the title where the document has a url; an address that is not plain http(s) is an error and no link', async () => {
        const catalog = `vendor acme "ACME" {
    document Ports "ACME Port Reference" publisher "ACME" edition "v9" url "https://docs.example.com/acme/ports"
    document Bad "Bad (link)" url "javascript:alert(1)"
    component Server "ACME server"
    component Agent "ACME agent"
    flow Server -> Agent tcp 7000 "Agent control" source Ports "Table 2" row 1 source Bad "Table 3"
}
`;
        const plan = `plan "P"\nimport "acme.segplan"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\ns : acme.Server in a at 10.1.0.1\nag : acme.Agent in b at 10.2.0.1\nallow s -> ag tcp 7000\n`;
        const [planDoc, catalogDoc] = await buildDocuments(services, { 'plan.segplan': plan, 'acme.segplan': catalog });
        const bad = (catalogDoc.diagnostics ?? []).filter(d => d.code === 'invalid-document-url');
        assert.equal(bad.length, 1, JSON.stringify(catalogDoc.diagnostics));
        assert.equal(bad[0].range.start.line, 2);
        const offset = plan.indexOf('7000');
        const hover = await services.lsp.HoverProvider!.getHoverContent(planDoc, {
            textDocument: { uri: planDoc.uri.toString() }, position: planDoc.textDocument.positionAt(offset + 1)
        }) as Hover | undefined;
        const text = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover);
        assert.match(text, /\[ACME Port Reference\]\(https:\/\/docs\.example\.com\/acme\/ports\) \(ACME, v9\), "Table 2" row 1/, text);
        assert.doesNotMatch(text, /javascript:/, text);
        assert.match(text, /_Bad \\\(link\\\)_, "Table 3"/, text);
        // The root document's types resolved across files: the plan itself is clean.
        assert.deepEqual((planDoc.parseResult.value as SegplanDocument).elements.length > 0, true);
    });
});
