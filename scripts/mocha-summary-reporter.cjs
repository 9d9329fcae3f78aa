// Mocha's spec output, closed by one plain line that CI and people can read at a glance:
// "tests: N passed, N failed[, N skipped]".
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const { passes, failures, pending } = runner.stats;
            const summary = `${process.env.SEGPLAN_SUITE_LABEL || 'tests'}: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`;
            // Printed after Spec's epilogue so it is the last line of the run.
            process.on('exit', () => console.log(summary));
        });
    }
}
module.exports = SummaryReporter;
