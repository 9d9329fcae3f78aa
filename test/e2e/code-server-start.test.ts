// Waiting for code-server to start: a server that takes a connection and says nothing is asked
// again, never waited on for ever (a run once hung there for the whole of its hook's timeout).
import * as assert from 'node:assert';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

type WaitUntilAnswers = (url: string, options?: { gone?: () => boolean; hangMs?: number; patienceMs?: number }) => Promise<void>;

/** A server that holds its first `silent` connections open without a word, then answers 200. */
async function startingServer(silent: number): Promise<{ url: string; held: Socket[]; server: Server }> {
    const held: Socket[] = [];
    const server = createServer((socket) => {
        if (held.length < silent) {
            held.push(socket);
            return;
        }
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/healthz`, held, server };
}

describe('waiting for code-server to answer', () => {
    let waitUntilAnswers: WaitUntilAnswers;
    before(async () => {
        ({ waitUntilAnswers } = await import(pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'e2e', 'code-server.mjs')).href) as { waitUntilAnswers: WaitUntilAnswers });
    });

    it('asks again when a request is taken and left unanswered, and ends when the server answers', async () => {
        const { url, held, server } = await startingServer(2);
        try {
            await waitUntilAnswers(url, { patienceMs: 200 });
            assert.strictEqual(held.length, 2, 'the unanswered requests were not the first ones');
        } finally {
            held.forEach((s) => s.destroy());
            server.close();
        }
    });

    it('fails when the server is gone, and when nothing answers within the hang guard', async () => {
        const { url, held, server } = await startingServer(Infinity);
        try {
            await assert.rejects(waitUntilAnswers(url, { patienceMs: 100, gone: () => true }), /exited/);
            await assert.rejects(waitUntilAnswers(url, { patienceMs: 100, hangMs: 300 }), /did not answer within the hang guard/);
        } finally {
            held.forEach((s) => s.destroy());
            server.close();
        }
    });
});
