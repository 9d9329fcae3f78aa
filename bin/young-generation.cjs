// How `segplan` sizes V8's young generation, decided from its command line before the bundle loads.
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
 * A run that builds once keeps nearly everything it makes to its end, and V8 grew the young
 * generation for it to 16 MB per half (34 MB of a 5,000-rule run's 134 MB peak) to copy that data
 * once more before keeping it. Held at its starting size (1 MB per half), the same run peaks at
 * 116 MB in the same time (CPU time within 2%, 8 runs each). V8 reads this factor each time it
 * would grow the space, so setting it now works (a test checks it still does). The language
 * server keeps V8's sizing.
 */
function sizeYoungGeneration(argv) {
    if (runsOnce(argv)) v8.setFlagsFromString('--semi-space-growth-factor=1');
}

module.exports = { runsOnce, sizeYoungGeneration };
