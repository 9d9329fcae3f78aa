import { PlanTooLargeError } from '../language/analysis/analysis-budget.js';
import { describeIoError, IoError } from './io-error.js';
import { guardOutput, printable } from './terminal-text.js';
import { prepareWhenFirstRead } from './output-streams.js';
import { parseCommandLine, splitCommand } from './command-line.js';
import { COMMANDS, helpText, VERSION } from './command-table.js';
import { UsageError } from './usage-error.js';

async function run(argv: string[]): Promise<number> {
    const { name, rest } = splitCommand(argv);
    if (name === 'help') { process.stdout.write(await helpText()); return 0; }
    const command = name === undefined ? undefined : COMMANDS[name];
    if (name !== undefined && !command) throw new UsageError(`Unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}. See segplan --help.`);
    const args = parseCommandLine(rest, command?.options ?? {}, name);
    if (args.values.version) { process.stdout.write(`${VERSION}\n`); return 0; }
    if (args.values.help || !command) { process.stdout.write(await helpText()); return args.values.help ? 0 : 2; }
    if (!command.rawStdout) {
        if (stdout.made) guardOutput(process.stdout); else stdout.guard = true;
    }
    return command.run(args);
}

// A reader that stops early (`segplan check plan.segplan | head -1`) closes the pipe: that is the
// reader's choice, not a failure. The CLI drops the rest of that output quietly (no EPIPE stack) and
// still finishes, so the exit code says what the plan holds, not where the reader stopped.
function dropOutputOnceClosed(stream: NodeJS.WriteStream): void {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        stream.write = (() => true) as typeof stream.write;
    });
}

// Each stream is prepared when first read (output-streams.ts). Text for a reader on stdout is
// guarded once the command is known to write text (see run).
const stdout = { made: false, guard: false };
prepareWhenFirstRead('stdout', stream => {
    stdout.made = true;
    if (stdout.guard) guardOutput(stream);
    dropOutputOnceClosed(stream);
});
prepareWhenFirstRead('stderr', stream => {
    guardOutput(stream);
    dropOutputOnceClosed(stream);
});

run(process.argv.slice(2)).then(
    code => { process.exitCode = code; },
    error => {
        if (error instanceof UsageError) {
            process.stderr.write(`segplan: ${printable(error.message)}\n`);
        } else if (error instanceof PlanTooLargeError) {
            process.stderr.write(`segplan: SegPlan stopped: ${printable(error.message)}.\n`);
        } else if (error instanceof IoError || describeIoError(error)) {
            process.stderr.write(`segplan: ${printable(error instanceof IoError ? error.message : describeIoError(error)!)}\n`);
        } else {
            process.stderr.write(`segplan: internal error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
        }
        process.exitCode = 2;
    }
);
