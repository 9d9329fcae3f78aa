import { PlanTooLargeError } from '../language/analysis/analysis-budget.js';
import { describeIoError, IoError } from './io-error.js';
import { guardOutput, printable } from './terminal-text.js';
import { prepareWhenFirstRead } from './output-streams.js';
import { UsageError } from './usage-error.js';

/** The package's version, which the build writes in (esbuild.mjs); a run of the unbundled code has none. */
declare const SEGPLAN_VERSION: string | undefined;
const VERSION = typeof SEGPLAN_VERSION === 'string' ? SEGPLAN_VERSION : 'unbundled';

interface ParsedArgs {
    readonly command?: string;
    readonly positional: string[];
    readonly flags: Map<string, string | true>;
    /** Options that may be given more than once (`--map a=b --map c=d`). */
    readonly lists: Map<string, string[]>;
}

/**
 * A CLI command: its help text, the options it accepts (and which of them take a value) and what
 * it does. A new command is one more entry in COMMANDS; `run` imports the command's module, so
 * that a run sets up the modules of its own command only.
 */
interface Command {
    readonly usage: string;
    readonly summary: string;
    readonly flags: readonly string[];
    readonly valueFlags?: readonly string[];
    /** Options that take a value and may be repeated; their values are in `lists`. */
    readonly listFlags?: readonly string[];
    /** The command writes a file's bytes to stdout (a rule set), not text for a reader: no output guard. */
    readonly rawStdout?: boolean;
    run(args: ParsedArgs): Promise<number>;
}

const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;

const COMMANDS: Record<string, Command> = {
    check: {
        usage: 'segplan check <files or folders> [--format text|json|sarif] [--hints] [--suppressed]',
        summary: 'Check plans: file:line:col severity code message. Exit 0 without errors, 1 with errors, 2 for usage or I/O errors. --suppressed also lists the findings // segplan-ignore comments silence, with their reasons.',
        flags: ['--format', '--hints', '--suppressed'],
        valueFlags: ['--format'],
        run(args) {
            const format = (args.flags.get('--format') ?? 'text') as string;
            if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'.`);
            return import('./commands/check.js').then(({ checkCommand }) => checkCommand(args.positional, { format: format as typeof CHECK_FORMATS[number], hints: args.flags.has('--hints'), suppressed: args.flags.has('--suppressed') }, VERSION));
        }
    },
    flows: {
        usage: 'segplan flows <plan> [--json]',
        summary: 'Every required flow of the plan with its status and the allow rules that cover it. Exit 1, with what could not be read on stderr, when part of the plan was not understood (a syntax error, an unknown name, an invalid address or port).',
        flags: ['--json'],
        run: async args => (await import('./commands/flows.js')).flowsCommand(args.positional, args.flags.has('--json'))
    },
    explain: {
        usage: 'segplan explain <plan> <component> <component> [--json]',
        summary: 'Which catalog flows apply between two components and why (type, OS, platform, scope, feature, vendor), and which were considered and excluded and why.',
        flags: ['--json'],
        run: async args => (await import('./commands/explain.js')).explainCommand(args.positional, args.flags.has('--json'))
    },
    catalog: {
        usage: 'segplan catalog [files or folders] [--json]',
        summary: 'The vendor catalogs: built-in ones plus any vendors in the files given.',
        flags: ['--json'],
        run: async args => (await import('./commands/catalog.js')).catalogCommand(args.positional, args.flags.has('--json'))
    },
    generate: {
        usage: 'segplan generate <plan> --target <target> [-o file] [--previous file] [--force] [--map zone=name …] | segplan generate --list-targets',
        summary: 'Firewall rules from the plan\'s allow rules (nftables, iptables, Windows, ASA, PAN-OS, FortiGate, AWS, Azure, CSV, Markdown). --previous (default: the file -o overwrites) is the version on the device, whose leftovers ASA, PAN-OS and FortiGate output deletes.',
        flags: ['--target', '-o', '--output', '--list-targets', '--force', '--map', '--previous'],
        valueFlags: ['--target', '-o', '--output', '--previous'],
        listFlags: ['--map'],
        rawStdout: true,
        run: async args => (await import('./commands/generate.js')).generateCommand(args.positional, {
            target: args.flags.get('--target') as string | undefined,
            output: (args.flags.get('-o') ?? args.flags.get('--output')) as string | undefined,
            listTargets: args.flags.has('--list-targets'), force: args.flags.has('--force'), maps: args.lists.get('--map') ?? [],
            previous: args.flags.get('--previous') as string | undefined
        })
    },
    diagram: {
        usage: 'segplan diagram <plan> [--format svg|mermaid|dot] [--zone z] [--level zone|component] [--theme light|dark] [-o file]',
        summary: 'The plan as a picture: zones, components and required flows coloured by status.',
        flags: ['--format', '--zone', '--level', '--theme', '-o', '--output'],
        valueFlags: ['--format', '--zone', '--level', '--theme', '-o', '--output'],
        run: async args => (await import('./commands/diagram.js')).diagramCommand(args.positional, {
            format: args.flags.get('--format') as string | undefined, zone: args.flags.get('--zone') as string | undefined,
            level: args.flags.get('--level') as string | undefined, theme: args.flags.get('--theme') as string | undefined,
            output: (args.flags.get('-o') ?? args.flags.get('--output')) as string | undefined
        })
    },
    matrix: {
        usage: 'segplan matrix <plan> [--format text|markdown|csv|json]',
        summary: 'For each pair of zones: what the allow rules open, what the denies forbid, what the vendors require, and where they conflict.',
        flags: ['--format'],
        valueFlags: ['--format'],
        run: async args => (await import('./commands/matrix.js')).matrixCommand(args.positional, args.flags.get('--format') as string | undefined)
    },
    query: {
        usage: 'segplan query <plan> <from> <to> tcp|udp <port> [--json]',
        summary: 'May this traffic pass? From and to are zones, components or addresses. The allow rules that let it through, the denies that forbid it, the required flows that need it. Exit 0 allowed, 1 not allowed (denied, partly or not at all), 2 usage or I/O errors.',
        flags: ['--json'],
        run: async args => (await import('./commands/query.js')).queryCommand(args.positional, args.flags.has('--json'))
    },
    audit: {
        usage: 'segplan audit <plan> --config <file> [--config <file>] [--config-format <format>] [--format text|json|sarif|markdown]\n'
            + '          [--map zone=interface …] [--host component] [--fail-on blocked,partial,over-permit,expired,guardrail,unknown|none]\n'
            + '          configuration formats (detected when not given): {importers}',
        summary: 'Audit a deployed firewall configuration against the plan: required flows blocked, traffic allowed beyond the plan, denied traffic it lets through (guardrail-violated).',
        flags: ['--config', '--config-format', '--format', '--map', '--host', '--fail-on', '--now'],
        valueFlags: ['--config-format', '--format', '--host', '--fail-on', '--now'],
        listFlags: ['--config', '--map'],
        run: async args => (await import('./commands/audit.js')).auditCommand(args.positional, {
            configs: args.lists.get('--config') ?? [], configFormat: args.flags.get('--config-format') as string | undefined,
            format: args.flags.get('--format') as string | undefined, maps: args.lists.get('--map') ?? [],
            host: args.flags.get('--host') as string | undefined, failOn: args.flags.get('--fail-on') as string | undefined,
            now: args.flags.get('--now') as string | undefined
        })
    },
    diff: {
        usage: 'segplan diff <old plan> <new plan> [--target t] [--format text|markdown|json] | segplan diff --git <rev> <plan>',
        summary: 'What changes between two versions of a plan: required flows, allow rules, and the target\'s rules. A plan may be REV:path.',
        flags: ['--target', '--format', '--git'],
        valueFlags: ['--target', '--format', '--git'],
        run: async args => (await import('./commands/diff.js')).diffCommand(args.positional, {
            target: args.flags.get('--target') as string | undefined, format: args.flags.get('--format') as string | undefined,
            git: args.flags.get('--git') as string | undefined
        })
    },
    lsp: {
        usage: 'segplan lsp --stdio',
        summary: 'Start the language server (for Neovim, Emacs or any LSP client).',
        flags: ['--stdio'],
        rawStdout: true, // JSON-RPC with \r\n headers
        async run(args) {
            if (!args.flags.has('--stdio') || args.positional.length) {
                throw new UsageError('segplan lsp talks to an editor over standard input and output: run `segplan lsp --stdio` from your editor\'s LSP client settings.');
            }
            const { startSegplanServer } = await import('../server/start-server.js');
            startSegplanServer();
            return new Promise<number>(() => { /* the server runs until its client disconnects */ });
        }
    }
};

/**
 * The help text. The audit's configuration formats come from its importers, which are loaded for
 * the help and the audit only: each command's modules are loaded when it runs, so a `segplan
 * check` sets up neither the audit's parsers nor the diagram's renderers at start.
 */
async function helpText(): Promise<string> {
    const { IMPORTERS } = await import('../language/audit/importers/registry.js');
    const usage = (c: Command) => c.usage.replace('{importers}', IMPORTERS.map(i => i.id).join(', '));
    return `segplan ${VERSION} — network segmentation plans for backup and DR products

Usage:
${Object.values(COMMANDS).map(c => `  ${usage(c)}\n      ${c.summary}\n`).join('')}  segplan --version | --help

  Everything after \`--\` is a file or folder name, even when it starts with '-'.
`;
}

const GLOBAL_FLAGS = ['--help', '-h', '--version'];

/** `--name value`, `--name=value` (the value may contain '='), flags, positionals, and `--`. */
function parseArgs(argv: readonly string[]): ParsedArgs {
    const positional: string[] = [];
    const flags = new Map<string, string | true>();
    const lists = new Map<string, string[]>();
    let command: string | undefined;
    let onlyPositional = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!onlyPositional && arg === '--') {
            onlyPositional = true;
        } else if (!onlyPositional && arg.startsWith('-') && arg !== '-') {
            const eq = arg.indexOf('=');
            const name = eq < 0 ? arg : arg.slice(0, eq);
            const valueFlags = (command && COMMANDS[command]?.valueFlags) || [];
            const listFlags = (command && COMMANDS[command]?.listFlags) || [];
            if (listFlags.includes(name)) {
                const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
                if (value === undefined) throw new UsageError(`${name} needs a value.`);
                lists.set(name, [...(lists.get(name) ?? []), value]);
                flags.set(name, true);
            } else if (valueFlags.includes(name)) {
                const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
                if (value === undefined) throw new UsageError(`${name} needs a value.`);
                if (flags.has(name)) throw new UsageError(`${name} is given twice.`);
                flags.set(name, value);
            } else {
                if (eq >= 0) throw new UsageError(`${name} takes no value.`);
                flags.set(name, true);
            }
        } else if (command === undefined && !onlyPositional) {
            command = arg;
        } else {
            positional.push(arg);
        }
    }
    return { command, positional, flags, lists };
}

async function run(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    if (args.flags.has('--version')) { process.stdout.write(`${VERSION}\n`); return 0; }
    const askedForHelp = args.flags.has('--help') || args.flags.has('-h') || args.command === 'help';
    if (askedForHelp || !args.command) { process.stdout.write(await helpText()); return askedForHelp ? 0 : 2; }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`Unknown command '${args.command}'. Commands: ${Object.keys(COMMANDS).join(', ')}. See segplan --help.`);
    for (const flag of args.flags.keys()) {
        if (!command.flags.includes(flag) && !GLOBAL_FLAGS.includes(flag)) throw new UsageError(`Unknown option ${flag} for 'segplan ${args.command}'. See segplan --help.`);
    }
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
