import * as assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { at, open } from './lsp-test-kit.js';

// Deny statements and guardrails in the editor: hovers say what they forbid and what conflicts
// with them, a `use guardrail` line quotes the vendor, and the formatter spaces them like allow rules.

const text = (hover: Hover | undefined) => (hover?.contents as { value?: string } | undefined)?.value ?? '';

describe('guardrails in the editor', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const PLAN = 'plan "p"\nuse guardrail veeam.HardenedRepositorySsh\nzone mgmt 10.10.0.0/24\nzone backup 10.30.0.0/24\n'
        + 'vbr : veeam.BackupServer in mgmt at 10.10.0.10\nrepo : veeam.HardenedRepository in backup at 10.30.0.31\n'
        + 'deny mgmt -> backup tcp 3389 "no RDP"\nallow mgmt -> backup tcp 3389, 6162 "wide"\n';

    it('hovers a deny with what it forbids and the allow rules through it, and a guardrail with its quotes', async () => {
        const document = await open(services, PLAN);
        const hover = (needle: string) => services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: at(document, needle, 1) });
        const deny = text(await hover('deny mgmt'));
        assert.match(deny, /\*\*deny\*\* mgmt → backup tcp 3389/);
        assert.match(deny, /1 allow rule lets some of it through/);
        const guardrail = text(await hover('guardrail veeam'));
        assert.match(guardrail, /Hardened repository: SSH only from the backup server/);
        assert.match(guardrail, /deny any except veeam\.BackupServer → veeam\.HardenedRepository tcp 22/);
        assert.match(guardrail, /“For hardened repositories, SSH \(port 22\) is only required/);
    });

    it('formats a deny and a use guardrail line like an allow rule', async () => {
        const messy = 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nuse   guardrail veeam.SureBackupLabIsolated\ndeny   a ,b->b   tcp 22 ,  443 "x"\nallow   a ,b->b   tcp 22 ,  443 "x"\n';
        const document = await open(services, messy, 'messy.segplan');
        const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
        const { applyEdits } = await import('./lsp-test-kit.js');
        const formatted = applyEdits(messy, edits);
        // Lined-up columns are kept (more than one space stays), commas and arrows are spaced.
        assert.match(formatted, /\nuse   guardrail veeam\.SureBackupLabIsolated\n/);
        assert.match(formatted, /\ndeny   a, b -> b   tcp 22, 443 "x"\nallow   a, b -> b   tcp 22, 443 "x"\n/);
    });
});
