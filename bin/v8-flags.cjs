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
 * - The young generation stays at its starting size. A run keeps nearly all it makes to its end,
 *   and V8 would grow the space on a large plan only to copy that data once more before keeping
 *   it: a higher peak at the same speed.
 * - V8's optimizing compiler waits longer before it compiles a function. Nearly all of a run's
 *   code runs once per statement and then never again: compiling it on the second core costs
 *   more than it saves, and takes that core from the garbage collector, which scavenges in
 *   parallel. Long runs (tens of thousands of components) still have their hot functions
 *   compiled, which turning the compiler off (`--no-opt`) would cost them.
 * The bench's CLI rows show what these settings are worth (docs/performance.md).
 */
function oneShotFlags(argv) {
    return runsOnce(argv) ? ['--semi-space-growth-factor=1', '--interrupt-budget=540000'] : [];
}

function setV8FlagsFor(argv) {
    for (const flag of oneShotFlags(argv)) v8.setFlagsFromString(flag);
}

module.exports = { commandOf, runsOnce, oneShotFlags, setV8FlagsFor };
