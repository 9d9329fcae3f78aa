import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PublishDiagnosticsNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/**
 * Opening the repository root as the workspace puts copies of the built-in catalogs
 * (`language/vendor-catalogs/*.segplan`) in it. They must not be loaded a second time: every type would
 * be defined twice, and a plan would read "did you mean 'veeam.MountServer' or 'veeam.MountServer'?".
 */
describe('a workspace holding copies of the built-in catalogs', function () {
    this.timeout(300000);
    let session: StdioSession;
    const published = new Map<string, PublishDiagnosticsParams>();

    before(async () => {
        session = await startStdioSession({
            files: {
                'veeam.segplan': readFileSync(path.join(PROJECT_ROOT, 'language', 'vendor-catalogs', 'veeam.segplan'), 'utf8').replace(/\n/g, '\r\n'),
                'plan.segplan': 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nvbr : veeam.BackupServer in a at 10.0.0.1\nmount : veeam.MountServr in b at 10.1.0.2\n'
            },
            listen: c => c.onNotification(PublishDiagnosticsNotification.type, p => { published.set(p.uri, p); })
        });
    });
    after(async () => { await session?.stop(); });

    it('loads them once: no type defined twice, a did-you-mean names each type once', async () => {
        const plan = session.fileUri('plan.segplan');
        const deadline = Date.now() + 30000;
        while (Date.now() < deadline && !published.get(plan)?.diagnostics.some(d => /MountServr/.test(String(d.message)))) await new Promise(r => setTimeout(r, 100));
        const messages = published.get(plan)?.diagnostics.map(d => String(d.message)) ?? [];
        const typo = messages.find(m => /MountServr/.test(m));
        assert.ok(typo, messages.join('\n'));
        assert.equal(typo.match(/veeam\.MountServer/g)?.length, 1, typo);
        assert.ok(!messages.some(m => /already|twice|duplicate/i.test(m)), messages.join('\n'));
        assert.deepEqual(published.get(session.fileUri('veeam.segplan'))?.diagnostics ?? [], [], 'the copy reports nothing');
    });
});
