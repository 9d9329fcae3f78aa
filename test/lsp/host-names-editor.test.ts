import * as assert from 'node:assert/strict';
import { expectFormatting, expectSemanticToken, highlightHelper } from 'langium/test';
import { SemanticTokenTypes, type Hover } from 'vscode-languageserver-protocol/node';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { at, open } from './lsp-test-kit.js';

// A host name whose labels spell words of the language (`host.example.com`, `zone.corp.example`) is
// a host name in the editor too: hovered and coloured as one, never as the words.

const PLAN = `plan "p"
zone mgmt 10.10.0.0/24
zone backup 10.20.0.0/24
vbr : veeam.BackupServer in mgmt at host.example.com os windows
proxy : veeam.Proxy in backup at 10.20.0.11, zone.corp.example, any.1.example.net os windows managed by vbr
allow vbr -> proxy tcp 6160, 6162
`;

describe('host names spelt with the words of the language, in the editor', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('hovers each label of a host name with the host name and its component, not with the word', async () => {
        const document = await open(services, PLAN);
        const hover = async (needle: string, delta: number) => await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: at(document, needle, delta) }) as Hover | undefined;
        for (const [needle, delta, host, component] of [
            ['host.example', 1, 'host.example.com', 'vbr'], ['host.example', 6, 'host.example.com', 'vbr'],
            ['zone.corp', 2, 'zone.corp.example', 'proxy'], ['any.1.example', 1, 'any.1.example.net', 'proxy'], ['any.1.example', 4, 'any.1.example.net', 'proxy']
        ] as const) {
            const text = JSON.stringify((await hover(needle, delta))?.contents);
            assert.match(text, new RegExp(`\\*\\*${host.replaceAll('.', '\\.')}\\*\\* — a host name of \\*\\*${component}\\*\\*`), `${needle} +${delta}: ${text}`);
        }
        // An IP address is no host name.
        assert.doesNotMatch(JSON.stringify((await hover('10.20.0.11', 1))?.contents ?? ''), /host name/);
    });

    it('colours a host name as one string, whatever words its labels spell', async () => {
        const tokens = await highlightHelper(services)(`plan "p"\nzone mgmt 10.10.0.0/24\n`
            + 'vbr : veeam.BackupServer in mgmt at <|host.example.com|>, 10.10.0.5, <|zone.corp.example|>, <|tcp.1.lab|> os windows\n');
        for (let rangeIndex = 0; rangeIndex < 3; rangeIndex++) expectSemanticToken(tokens, { rangeIndex, tokenType: SemanticTokenTypes.string });
        assert.ok(!tokens.tokens.some(t => t.tokenType === SemanticTokenTypes.keyword), JSON.stringify(tokens.tokens));
    });

    it('formats a line with such host names without touching them', async () => {
        await expectFormatting(services)({
            before: 'plan "p"\nzone mgmt 10.10.0.0/24\nvbr : veeam.BackupServer in mgmt at host.example.com,zone.corp.example   os windows\n',
            after: 'plan "p"\nzone mgmt 10.10.0.0/24\nvbr : veeam.BackupServer in mgmt at host.example.com, zone.corp.example   os windows\n',
            disposeAfterCheck: true
        });
    });
});
