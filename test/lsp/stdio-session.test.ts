import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startStdioSession } from './stdio-session.js';

// The LSP tests' session must not outlive its test: a timer left behind keeps mocha (and CI)
// waiting for ever after the last test.
describe('a stdio session of the LSP tests', () => {
    it('leaves no timer behind when stopped while the server was writing a message', async () => {
        // A server that answers `initialize`, writes the first half of a message and exits.
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-half-message-'));
        const server = path.join(dir, 'half-message-server.cjs');
        writeFileSync(server, `let input = '';
process.stdin.on('data', chunk => {
    input += chunk;
    const match = /"id":\\s*(\\d+)/.exec(input);
    if (!match || !input.includes('"initialize"')) return;
    const body = JSON.stringify({ jsonrpc: '2.0', id: Number(match[1]), result: { capabilities: {} } });
    process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    process.stdout.write('Content-Length: 100\\r\\n\\r\\n{"jsonrpc":', () => process.exit(0));
});\n`);
        const timers = () => process.getActiveResourcesInfo().filter(resource => resource === 'Timeout').length;
        // After a turn of the event loop: mocha sets this test's own timer once the test has begun.
        await new Promise(resolve => setImmediate(resolve));
        const before = timers();
        const session = await startStdioSession({ args: [server] });
        for (let waited = 0; session.exited() === undefined && waited < 5000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20));
        assert.equal(session.exited(), 0, 'the server wrote half a message and exited');
        await session.stop();
        assert.equal(timers(), before, 'a timer is still active after the session stopped');
    });
});
