import fc from 'fast-check';

/**
 * A fast-check property with a time limit as a safety net, never as a way to pass: cut short
 * before `minRuns` runs (all of `numRuns` unless told), it fails and says after how many. Left
 * to itself, fast-check counts a run interrupted after one success as passed, so a machine slow
 * enough would prove nothing and stay green.
 */
export interface TimeCap extends Omit<fc.Parameters<unknown>, 'interruptAfterTimeLimit' | 'markInterruptAsFailure' | 'numRuns' | 'seed'> {
    readonly seed: number;
    readonly numRuns: number;
    /** The runs that must finish inside the limit (default: every one). */
    readonly minRuns?: number;
    readonly timeLimitMs: number;
}

function parameters(cap: TimeCap): fc.Parameters<unknown> {
    const { minRuns: _minRuns, timeLimitMs, ...rest } = cap;
    return { ...rest, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false };
}

/** Throws what the run found: a counterexample, or a cut short before the runs it must make. */
export function judgeRun<Ts>(details: fc.RunDetails<Ts>, cap: TimeCap): void {
    if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `property failed (seed ${cap.seed})`);
    const minRuns = cap.minRuns ?? cap.numRuns;
    if (details.interrupted && details.numRuns < minRuns) {
        throw new Error(`property cut short by its time limit of ${cap.timeLimitMs} ms after ${details.numRuns} of at least ${minRuns} runs (seed ${cap.seed}): it proves nothing past them`);
    }
}

export function assertTimeCapped<Ts>(property: fc.IProperty<Ts>, cap: TimeCap): void {
    judgeRun(fc.check(property, parameters(cap) as fc.Parameters<Ts>), cap);
}

export async function assertTimeCappedAsync<Ts>(property: fc.IAsyncProperty<Ts>, cap: TimeCap): Promise<void> {
    judgeRun(await fc.check(property, parameters(cap) as fc.Parameters<Ts>), cap);
}
