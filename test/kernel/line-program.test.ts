// The kernel tests ask their probers, kept running in the namespaces, a line of JSON each way.
import * as assert from 'node:assert';
import { LineProgram, SERVE_LINES } from './line-program.js';

/** A program that answers each request with its own pid and the request's `say`, after `wait` ms. */
const ECHO = `async function serve({ say, wait }) { await new Promise(r => setTimeout(r, wait)); return { pid: process.pid, say }; }
${SERVE_LINES}`;

const program = (code: string, what = 'probes in x') => new LineProgram(process.execPath, ['-e', code], what);

describe('kernel tests: a program kept running and asked a line at a time', () => {
    it('one process answers every request, each with its own answer however they come back', async () => {
        const echo = program(ECHO);
        try {
            const slow = echo.ask({ say: 'first', wait: 300 }, 60_000);
            const fast = echo.ask({ say: 'second', wait: 0 }, 60_000);
            const order: string[] = [];
            const [a, b] = await Promise.all([slow.then(x => { order.push('first'); return x; }), fast.then(x => { order.push('second'); return x; })]) as { pid: number; say: string }[];
            assert.deepStrictEqual([a.say, b.say], ['first', 'second']);
            assert.deepStrictEqual(order, ['second', 'first']);
            const later = await echo.ask({ say: 'third', wait: 0 }, 60_000) as { pid: number };
            assert.strictEqual(a.pid, b.pid);
            assert.strictEqual(later.pid, a.pid);
        } finally {
            echo.stop();
        }
    });

    it('takes an answer when its whole line has arrived, not a part of it', async () => {
        const halves = program(`process.stdin.once('data', () => {
            process.stdout.write('{"id":1,"answer":[true,');
            setTimeout(() => process.stdout.write('false]}\\n'), 300);
        }); process.stdin.resume();`);
        try {
            assert.deepStrictEqual(await halves.ask({}, 60_000), [true, false]);
        } finally {
            halves.stop();
        }
    });

    it('fails, with what it said, when the program fails, and keeps failing after', async () => {
        const failing = program("process.stdin.once('data', () => { console.error('no such namespace'); process.exit(3); }); process.stdin.resume();");
        await assert.rejects(failing.ask({}, 60_000), /probes in x failed \(3\): no such namespace/);
        assert.strictEqual(failing.running, false);
        await assert.rejects(failing.ask({}, 60_000), /probes in x failed \(3\)/);
    });

    it('stops a program that does not answer in time, and says so', async () => {
        const silent = program('process.stdin.resume();');
        await assert.rejects(silent.ask({}, 200), /probes in x timed out/);
        assert.strictEqual(silent.running, false);
    });
});
