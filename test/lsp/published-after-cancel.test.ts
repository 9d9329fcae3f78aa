import * as assert from 'node:assert/strict';
import { URI } from 'langium';
import { CancellationTokenSource } from 'vscode-languageserver';
import { addDiagnosticsHandler, type LangiumSharedServices } from 'langium/lsp';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { SegplanServices } from '../../language/segplan-module.js';
import { createTestServices } from '../helpers/services.js';

/**
 * Any message from the editor (a keystroke in another file, a file created beside the plan)
 * cancels the check running then. When it lands between the moment a plan's validation ends and
 * the moment its diagnostics are sent, the plan is validated but nothing is published — and the
 * next check, which finds the plan validated, does not validate it again: the editor shows no
 * finding for it until the user edits it. Its diagnostics must be published all the same.
 */
/** A plan whose allow rule forgets flows the backup server needs: its findings come from the analysis, not from linking. */
const PLAN = `plan "Cancelled"
zone mgmt 10.0.0.0/24
zone backup 10.0.2.0/24
vbr: veeam.BackupServer in mgmt at 10.0.0.10 os windows
proxy: veeam.Proxy in backup at 10.0.2.20 os windows on vsphere
allow vbr -> proxy tcp 6160, 6162
`;

describe('a check cancelled right after a plan was validated still publishes its diagnostics', () => {
    let services: SegplanServices;
    const sent: PublishDiagnosticsParams[] = [];

    before(async () => {
        services = await createTestServices();
        const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => { sent.push(p); return Promise.resolve(); } };
        addDiagnosticsHandler(connection as unknown as Connection, services.shared as LangiumSharedServices);
    });

    it('the findings of the validated plan are sent, once the next check of the workspace has run', async () => {
        const uri = URI.parse('file:///cancelled/plan.segplan');
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(PLAN, uri);
        services.shared.workspace.LangiumDocuments.addDocument(document);
        const validator = services.validation.DocumentValidator;
        const validate = validator.validateDocument.bind(validator);
        const source = new CancellationTokenSource();
        // The editor's message arrives as the validation ends, before the diagnostics are sent.
        validator.validateDocument = async (...args) => {
            const diagnostics = await validate(...args);
            if (args[0] === document) source.cancel();
            return diagnostics;
        };
        const builder = services.shared.workspace.DocumentBuilder;
        try {
            await builder.build([document], { validation: true }, source.token).catch(() => undefined);
        } finally {
            validator.validateDocument = validate;
        }
        assert.ok((document.diagnostics?.length ?? 0) > 0, 'the plan was validated and has a finding');
        // The update that the cancelling message starts: another plan, created beside this one.
        const other = URI.parse('file:///cancelled/other.segplan');
        services.shared.workspace.LangiumDocuments.addDocument(services.shared.workspace.LangiumDocumentFactory.fromString('plan "Other"\nzone b 10.0.1.0/24\n', other));
        await builder.update([other], []);
        const published = sent.filter(p => p.uri === uri.toString());
        assert.ok(published.length > 0, 'the plan\'s findings were never published');
        assert.deepEqual(published.at(-1)!.diagnostics.map(d => d.message), document.diagnostics!.map(d => d.message));
    });
});
