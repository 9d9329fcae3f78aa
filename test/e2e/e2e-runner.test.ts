// The runner of the editor harnesses: a slow run is let finish whatever the mocha timeout of the
// hook that started it; a run that falls silent is stopped, with what it started.
import * as assert from 'node:assert';
import { runHarness, silenceGuardMs } from './e2e-runner.js';

/** Whether a process with this id still runs. */
function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

describe('the runner of the editor harnesses', function () {
    it('lets a run that keeps saying what happened go on past the timeout of the hook that started it', async function () {
        // Far shorter than the run: before the runner lifted it, this timeout ended the run.
        this.timeout(300);
        const run = await runHarness<{ steps: number }>(this, 'test/e2e/harness-fixtures/slow-but-talking.mjs', ['--steps=12'], silenceGuardMs());
        assert.strictEqual(run.exitCode, 0, run.output);
        assert.deepStrictEqual(run.results, { steps: 12 });
        assert.match(run.output, /step 12 happened/);
    });

    it('stops a run that falls silent, with the processes it started, and says why', async function () {
        const run = await runHarness(this, 'test/e2e/harness-fixtures/falls-silent.mjs', [], 1500);
        assert.notStrictEqual(run.exitCode, 0);
        assert.strictEqual(run.results, undefined);
        assert.match(run.output, /printed nothing for 2 s: taken for hung and stopped/);
        const helper = Number(/started a helper (\d+)/.exec(run.output)?.[1]);
        assert.ok(helper > 0, run.output);
        // SIGKILL of the group is delivered at once, but the kernel may take a moment to reap.
        for (let i = 0; alive(helper) && i < 200; i++) await new Promise((done) => setTimeout(done, 50));
        assert.ok(!alive(helper), `the hung harness's helper ${helper} still runs`);
    });

    it('takes a harness for hung only after more than two of its own waits', () => {
        assert.ok(silenceGuardMs(300000) > 2 * 300000);
        assert.ok(silenceGuardMs(1000) > 2 * 1000);
    });
});
