// Mocha's spec output, closed by one plain line that CI and people can read at a glance:
// "tests: N passed, N failed[, N skipped]".
//
// With SEGPLAN_CPU_REPORT=<file> it also writes, per test file, the CPU time (user and system, of
// mocha and of every process it started and waited for) spent in its tests and hooks, slowest
// first: the machine is shared, so wall time says little about what a suite costs.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Mocha = require('mocha');
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_HOOK_BEGIN, EVENT_TEST_BEGIN } = Mocha.Runner.constants;

/** Seconds of CPU of this process and of its waited-for children (Linux: /proc/self/stat). */
function cpuSeconds() {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command's closing parenthesis: utime is the 14th field, then stime, cutime, cstime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
    return ticks / 100;
}

/** Charges the CPU spent since the last event to the file that was running. */
function recordCpuPerFile(runner, path) {
    const perFile = new Map();
    let current = '(loading)', mark = cpuSeconds();
    const write = () => {
        const rows = [...perFile].sort((a, b) => b[1] - a[1]);
        const total = rows.reduce((sum, [, s]) => sum + s, 0);
        writeFileSync(path, [`${total.toFixed(2)}\ttotal`, ...rows.map(([file, s]) => `${s.toFixed(2)}\t${file}`)].join('\n') + '\n');
    };
    const charge = (next) => {
        const now = cpuSeconds();
        perFile.set(current, (perFile.get(current) ?? 0) + now - mark);
        mark = now;
        // Written whenever a file is done, so that a run cut short still tells where its time went.
        if (next && next !== current) write();
        if (next) current = next;
    };
    for (const event of [EVENT_SUITE_BEGIN, EVENT_HOOK_BEGIN, EVENT_TEST_BEGIN]) {
        runner.on(event, (runnable) => charge(runnable.file ?? runnable.parent?.file));
    }
    runner.once(EVENT_RUN_END, () => { charge(); write(); });
}

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        if (process.env.SEGPLAN_CPU_REPORT) recordCpuPerFile(runner, process.env.SEGPLAN_CPU_REPORT);
        runner.once(EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats;
            const summary = `${process.env.SEGPLAN_SUITE_LABEL || 'tests'}: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`;
            // Printed after Spec's epilogue so it is the last line of the run.
            process.on('exit', () => console.log(summary));
        });
    }
}
module.exports = SummaryReporter;
