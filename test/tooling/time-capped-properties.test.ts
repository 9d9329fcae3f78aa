import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertTimeCapped, assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * A property capped by time must fail, not pass, when the limit cuts it short before its minimum
 * runs. The interruption is made certain, not hoped for: the property's own run waits until the
 * clock has passed the limit (a state, whatever the machine's speed), so fast-check stops before
 * the next run.
 */

const LIMIT_MS = 20;

/**
 * A property whose run `slowRun` waits until the clock has passed the limit, counted from its
 * first run (fast-check sets the limit before that): the run after it is never started.
 */
function outlastingLimit(slowRun: number) {
    let first = 0, runs = 0;
    const run = () => {
        runs++;
        if (runs === 1) first = Date.now();
        if (runs === slowRun) while (Date.now() - first <= LIMIT_MS + 5) { /* a state, not a sleep: the clock has passed the limit */ }
    };
    return { run, runs: () => runs };
}

describe('properties capped by time', function () {
    it('fail when cut short before their minimum number of runs, and say after how many', () => {
        const slow = outlastingLimit(2);
        assert.throws(() => assertTimeCapped(fc.property(fc.nat(), slow.run), { seed: 1, numRuns: 50, timeLimitMs: LIMIT_MS }),
            /cut short by its time limit of 20 ms after 2 of at least 50 runs/);
        assert.equal(slow.runs(), 2, 'the third run never started');
    });

    it('fast-check alone calls the same interrupted run passed: the helper is what makes it fail', () => {
        const slow = outlastingLimit(2);
        assert.doesNotThrow(() => fc.assert(fc.property(fc.nat(), slow.run), { seed: 1, numRuns: 50, interruptAfterTimeLimit: LIMIT_MS }));
        assert.equal(slow.runs(), 2);
    });

    it('pass when interrupted after their minimum number of runs', () => {
        const slow = outlastingLimit(3);
        assertTimeCapped(fc.property(fc.nat(), slow.run), { seed: 1, numRuns: 50, minRuns: 3, timeLimitMs: LIMIT_MS });
        assert.equal(slow.runs(), 3);
    });

    it('pass when every run finishes, and fail on a counterexample as fc.assert does', () => {
        assertTimeCapped(fc.property(fc.nat(), n => n >= 0), { seed: 2, numRuns: 100, timeLimitMs: 600_000 });
        assert.throws(() => assertTimeCapped(fc.property(fc.nat(), n => n < 10), { seed: 2, numRuns: 100, timeLimitMs: 600_000 }), /Property failed/);
    });

    it('hold asynchronous properties alike: cut short, they fail', async () => {
        const slow = outlastingLimit(2);
        // Asynchronous runs race a timer: the run the limit falls in may count or not, the property fails either way.
        await assert.rejects(assertTimeCappedAsync(fc.asyncProperty(fc.nat(), async () => slow.run()), { seed: 3, numRuns: 50, timeLimitMs: LIMIT_MS }),
            /cut short by its time limit|Property interrupted after/);
        assert.ok(slow.runs() < 50);
    });
});
