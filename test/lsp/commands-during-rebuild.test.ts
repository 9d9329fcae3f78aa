import * as assert from 'node:assert/strict';
import { createTestServices } from '../helpers/services.js';
import { BRANCH_PLAN, open } from './lsp-test-kit.js';

/** Lets `hops` queued promise continuations run: where, in the middle of a command, an update starts. */
async function after(hops: number): Promise<void> {
    for (let i = 0; i < hops; i++) await Promise.resolve();
}

/**
 * A server command reads the plan's errors and analysis as they stand when it runs. A rebuild of
 * the plan can start at any point of it — the file watcher reports the file the editor just saved
 * or copied, a closed import changes — and empties the plan's diagnostics until it is validated
 * again: a command that read them then would take a plan with errors for a clean one. Every point
 * at which the rebuild can start is tried, the command's await steps being counted in microtasks.
 */
describe('server commands while the plan is rebuilt', () => {
    it('generated rules always carry the warning of a plan with errors', async () => {
        const services = await createTestServices();
        const document = await open(services, BRANCH_PLAN);
        assert.ok((document.diagnostics ?? []).some(d => d.severity === 1), 'the plan has errors');
        const handler = services.shared.lsp.ExecuteCommandHandler!;
        const builder = services.shared.workspace.DocumentBuilder;
        for (let hops = 0; hops < 40; hops++) {
            const generated = handler.executeCommand('segplan.server.generateRules', [{ uri: document.uri.toString(), target: 'csv', force: true, verify: false }]);
            await after(hops);
            const rebuilt = builder.update([document.uri], []);
            const [outcome] = await Promise.all([generated, rebuilt]) as [{ kind: string; text?: string }, unknown];
            assert.equal(outcome.kind, 'generated', `update started after ${hops} steps`);
            assert.match(outcome.text ?? '', /WARNING: the plan has \d+ error\(s\)/, `update started after ${hops} steps`);
        }
    });

    it('an audit against a plan with a name it cannot resolve always refuses', async () => {
        const services = await createTestServices();
        const document = await open(services, `${BRANCH_PLAN}allow vbr -> nowhere tcp 443\n`);
        assert.ok((document.diagnostics ?? []).some(d => d.code === 'unknown-name' || d.code === 'linking-error'), 'the plan names a component it does not have');
        const handler = services.shared.lsp.ExecuteCommandHandler!;
        const builder = services.shared.workspace.DocumentBuilder;
        const config = { uri: 'file:///device/rules.v4', name: 'rules.v4', text: '*filter\n:FORWARD DROP [0:0]\nCOMMIT\n' };
        for (let hops = 0; hops < 40; hops++) {
            const audited = handler.executeCommand('segplan.server.auditConfig', [{ uri: document.uri.toString(), config, format: 'iptables' }]);
            await after(hops);
            const rebuilt = builder.update([document.uri], []);
            const [outcome] = await Promise.all([audited, rebuilt]) as [{ kind: string; message?: string }, unknown];
            assert.equal(outcome.kind, 'error', `update started after ${hops} steps`);
            assert.match(outcome.message ?? '', /error\(s\) that leave it incomplete/, `update started after ${hops} steps`);
        }
    });
});
