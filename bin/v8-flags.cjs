// How `segplan` sets V8 up for the command it runs, decided from its command line before the
// bundle loads (V8 reads these settings as it goes, so setting them now works; a test checks that
// each still does).
const v8 = require('node:v8');

/** The command of a `segplan` command line: its first argument that is not an option. */
function commandOf(argv) {
    for (const arg of argv) {
        if (arg === '--') return undefined;
        if (!arg.startsWith('-') || arg === '-') return arg;
    }
    return undefined;
}

/**
 * Whether the run builds its plans once and exits (every command but `lsp`, the language server,
 * which lives as long as the editor).
 */
function runsOnce(argv) {
    return commandOf(argv) !== 'lsp';
}

/**
 * The V8 flags of a run that builds once; none for the language server, which keeps V8's own.
 *
 * - The young generation stays at its starting size (1 MB per half). A run keeps nearly all it
 *   makes to its end, and V8 grew the space for a 5,000-rule plan to 16 MB per half (34 MB of a
 *   134 MB peak) only to copy that data once more before keeping it: 116 MB at the same speed.
 * - V8's optimizing compiler waits eight times longer before it compiles a function. Nearly all
 *   of a run's code runs once per statement and then never again: compiling it on the second
 *   core cost more than it saved, and took that core from the garbage collector, which scavenges
 *   in parallel. A 5,000-rule `generate` compiled 195 functions and took 455 ms (687 ms of CPU,
 *   103 MB); waiting, 40 functions and 350 ms (440 ms of CPU, 98 MB). Runs of a second or more
 *   (50,000 components) still have their hot functions compiled and keep their speed, which
 *   turning the compiler off (`--no-opt`) cost them: 1.0 s became 1.4 s.
 */
function oneShotFlags(argv) {
    return runsOnce(argv) ? ['--semi-space-growth-factor=1', '--interrupt-budget=540000'] : [];
}

function setV8FlagsFor(argv) {
    for (const flag of oneShotFlags(argv)) v8.setFlagsFromString(flag);
}

module.exports = { runsOnce, oneShotFlags, setV8FlagsFor };
