import * as assert from 'node:assert/strict';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { open } from './lsp-test-kit.js';

// A citation whose document has a public address opens it, as the document's own `url` does; an
// address that is not plain http(s) is no link.

const CATALOG = `vendor acme "ACME" {
    document Ports "ACME Port Reference" publisher "ACME" url "https://docs.example.com/acme/ports"
    document Bad "Bad (link)" url "javascript:alert(1)"
    document Paper "ACME on paper"
    component Server "ACME server"
    component Agent "ACME agent"
    flow Server -> Agent tcp 7000 "Agent control" source Ports "Table 2" row 1 source Bad "Table 3" source Paper "p. 4"
}
`;

describe('document links', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('a citation and a document url with a known public address are links to it', async () => {
        const document = await open(services, CATALOG, 'acme.segplan');
        const links = await services.lsp.DocumentLinkProvider!.getDocumentLinks(document, { textDocument: { uri: document.uri.toString() } });
        assert.deepEqual(links.map(l => [document.textDocument.getText(l.range), l.target]), [
            ['https://docs.example.com/acme/ports', 'https://docs.example.com/acme/ports'],
            ['Ports', 'https://docs.example.com/acme/ports']
        ]);
        assert.equal(links[1].range.start.line, 6);
    });
});
