import { auditCommand } from './commands/audit.js';
import { catalogCommand } from './commands/catalog.js';
import { checkCommand } from './commands/check.js';
import { diagramCommand } from './commands/diagram.js';
import { diffCommand } from './commands/diff.js';
import { flowsCommand } from './commands/flows.js';
import { generateCommand } from './commands/generate.js';
import { UsageError } from './usage-error.js';
import { PlanTooLargeError } from '../language/analysis/analysis-budget.js';

const VERSION = '0.1.0';

const HELP = `segplan ${VERSION} — network segmentation plans for backup and DR products

Usage:
  segplan check <files or folders> [--format text|json|sarif] [--hints]
      Check plans: file:line:col severity code message. Exit 0 without errors, 1 with errors, 2 for usage or I/O errors.
  segplan flows <plan> [--json]
      Every required flow of the plan with its status and the allow rules that cover it.
  segplan catalog [files or folders] [--json]
      The vendor catalogs: built-in ones plus any vendors in the files given.
  segplan generate <plan> --target <target> [-o file] [--force] | segplan generate --list-targets
      Firewall rules from the plan's allow rules (nftables, iptables, Windows, ASA, PAN-OS, FortiGate, AWS, Azure, CSV, Markdown).
  segplan diagram <plan> [--format svg|mermaid|dot] [--zone z] [--level zone|component] [--theme light|dark] [-o file]
      The plan as a picture: zones, components and required flows coloured by status.
  segplan audit <plan> --config <file> [--config <file>] [--config-format nftables|iptables] [--format text|json|sarif|markdown]
          [--map zone=interface …] [--host component] [--fail-on blocked,partial,over-permit,expired,unknown|none]
      Audit a deployed firewall configuration against the plan: required flows blocked, traffic allowed beyond the plan.
  segplan diff <old plan> <new plan> [--target t] [--format text|markdown|json] | segplan diff --git <rev> <plan>
      What changes between two versions of a plan: required flows, allow rules, and the target's rules. A plan may be REV:path.
  segplan lsp --stdio
      Start the language server (for Neovim, Emacs or any LSP client).
  segplan --version | --help
`;

interface ParsedArgs {
    readonly command?: string;
    readonly positional: string[];
    readonly flags: Map<string, string | true>;
    /** Flags that may be given more than once (`--map a=b --map c=d`). */
    readonly lists: Map<string, string[]>;
}

const LIST_FLAGS = new Set(['--map', '--config']);

const VALUE_FLAGS = new Set(['--format', '--target', '-o', '--output', '--zone', '--level', '--theme', '--config', '--config-format', '--host', '--fail-on', '--now', '--git']);

function parseArgs(argv: string[]): ParsedArgs {
    const positional: string[] = [];
    const flags = new Map<string, string | true>();
    const lists = new Map<string, string[]>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg.startsWith('-')) {
            const [name, inline] = arg.split('=', 2);
            if (LIST_FLAGS.has(name)) {
                const value = arg.includes('=') ? arg.slice(name.length + 1) : argv[++i];
                if (value === undefined) throw new UsageError(`${name} needs a value.`);
                lists.set(name, [...(lists.get(name) ?? []), value]);
                flags.set(name, true);
            } else if (VALUE_FLAGS.has(name)) {
                const value = inline ?? argv[++i];
                if (value === undefined) throw new UsageError(`${name} needs a value.`);
                flags.set(name, value);
            } else {
                flags.set(name, true);
            }
        } else {
            positional.push(arg);
        }
    }
    return { command: positional.shift(), positional, flags, lists };
}

function allowOnly(args: ParsedArgs, allowed: string[]): void {
    for (const flag of args.flags.keys()) {
        if (!allowed.includes(flag)) throw new UsageError(`Unknown option ${flag} for 'segplan ${args.command}'. See segplan --help.`);
    }
}

async function run(argv: string[]): Promise<number> {
    const args = parseArgs(argv);
    if (args.flags.has('--version')) { process.stdout.write(`${VERSION}\n`); return 0; }
    if (args.flags.has('--help') || !args.command || args.command === 'help') { process.stdout.write(HELP); return args.command || args.flags.has('--help') ? 0 : 2; }
    switch (args.command) {
        case 'check': {
            allowOnly(args, ['--format', '--hints']);
            const format = (args.flags.get('--format') ?? 'text') as string;
            if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'.`);
            return checkCommand(args.positional, { format: format as 'text' | 'json' | 'sarif', hints: args.flags.has('--hints') }, VERSION);
        }
        case 'flows':
            allowOnly(args, ['--json']);
            return flowsCommand(args.positional, args.flags.has('--json'));
        case 'catalog':
            allowOnly(args, ['--json']);
            return catalogCommand(args.positional, args.flags.has('--json'));
        case 'generate':
            allowOnly(args, ['--target', '-o', '--output', '--list-targets', '--force']);
            return generateCommand(args.positional, {
                target: args.flags.get('--target') as string | undefined,
                output: (args.flags.get('-o') ?? args.flags.get('--output')) as string | undefined,
                listTargets: args.flags.has('--list-targets'), force: args.flags.has('--force')
            });
        case 'diagram':
            allowOnly(args, ['--format', '--zone', '--level', '--theme', '-o', '--output']);
            return diagramCommand(args.positional, {
                format: args.flags.get('--format') as string | undefined, zone: args.flags.get('--zone') as string | undefined,
                level: args.flags.get('--level') as string | undefined, theme: args.flags.get('--theme') as string | undefined,
                output: (args.flags.get('-o') ?? args.flags.get('--output')) as string | undefined
            });
        case 'audit':
            allowOnly(args, ['--config', '--config-format', '--format', '--map', '--host', '--fail-on', '--now']);
            return auditCommand(args.positional, {
                configs: args.lists.get('--config') ?? [], configFormat: args.flags.get('--config-format') as string | undefined,
                format: args.flags.get('--format') as string | undefined, maps: args.lists.get('--map') ?? [],
                host: args.flags.get('--host') as string | undefined, failOn: args.flags.get('--fail-on') as string | undefined,
                now: args.flags.get('--now') as string | undefined
            });
        case 'diff':
            allowOnly(args, ['--target', '--format', '--git']);
            return diffCommand(args.positional, {
                target: args.flags.get('--target') as string | undefined, format: args.flags.get('--format') as string | undefined,
                git: args.flags.get('--git') as string | undefined
            });
        case 'lsp': {
            const { startSegplanServer } = await import('../server/start-server.js');
            startSegplanServer();
            return new Promise<number>(() => { /* the server runs until its client disconnects */ });
        }
        default:
            throw new UsageError(`Unknown command '${args.command}'. Commands: check, flows, catalog, generate, diagram, audit, diff, lsp. See segplan --help.`);
    }
}

// `segplan … | head -1`: the reader went away; stop quietly instead of printing a stack.
process.stdout.on('error', error => {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
});

run(process.argv.slice(2)).then(
    code => { process.exitCode = code; },
    error => {
        if (error instanceof UsageError) {
            process.stderr.write(`segplan: ${error.message}\n`);
        } else if (error instanceof PlanTooLargeError) {
            process.stderr.write(`segplan: SegPlan stopped: ${error.message}.\n`);
        } else {
            process.stderr.write(`segplan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        process.exitCode = 2;
    }
);
