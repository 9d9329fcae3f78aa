import type { CommandLine, GLOBAL_OPTIONS, OptionDeclarations } from './command-line.js';
import { UsageError } from './usage-error.js';

/** The package's version, which the build writes in (esbuild.mjs); a run of the unbundled code has none. */
declare const SEGPLAN_VERSION: string | undefined;
export const VERSION = typeof SEGPLAN_VERSION === 'string' ? SEGPLAN_VERSION : 'unbundled';

/**
 * A CLI command: its help text, the options it accepts (declared once, as `util.parseArgs` takes
 * them; the usage line names each, which a test holds) and what it does. A new command is one more
 * entry in COMMANDS; `run` imports the command's module, so that a run sets up the modules of its
 * own command only.
 */
export interface Command<O extends OptionDeclarations = OptionDeclarations> {
    readonly usage: string;
    readonly summary: string;
    readonly options: O;
    /** The command writes a file's bytes to stdout (a rule set), not text for a reader: no output guard. */
    readonly rawStdout?: boolean;
    run(args: CommandLine<O & typeof GLOBAL_OPTIONS>): Promise<number>;
}

/** Declares a command; its options' types flow into what `run` reads. */
function command<const O extends OptionDeclarations>(declaration: Command<O>): Command<O> {
    return declaration;
}

const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;

export const COMMANDS: Readonly<Record<string, Command>> = {
    check: command({
        usage: 'segplan check <files or folders> [--format text|json|sarif] [--hints] [--suppressed] [--verbose]',
        summary: 'Check plans: file:line:col severity code message, one line each, a missing flow with its first citation (--verbose: all of them, as JSON and SARIF give them). Exit 0 without errors, 1 with errors, 2 for usage or I/O errors. --suppressed also lists the findings // segplan-ignore comments silence, with their reasons.',
        options: { format: { type: 'string' }, hints: { type: 'boolean' }, suppressed: { type: 'boolean' }, verbose: { type: 'boolean' } },
        run({ positionals, values }) {
            const format = values.format ?? 'text';
            if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'.`);
            return import('./commands/check.js').then(({ checkCommand }) => checkCommand(positionals, { format: format as typeof CHECK_FORMATS[number], hints: values.hints === true, suppressed: values.suppressed === true, verbose: values.verbose === true }, VERSION));
        }
    }),
    flows: command({
        usage: 'segplan flows <plan> [--json]',
        summary: 'Every required flow of the plan with its status and the allow rules that cover it. Exit 1, with what could not be read on stderr, when part of the plan was not understood (a syntax error, an unknown name, an invalid address or port, a relation that cannot be followed).',
        options: { json: { type: 'boolean' } },
        run: async ({ positionals, values }) => (await import('./commands/flows.js')).flowsCommand(positionals, values.json === true)
    }),
    explain: command({
        usage: 'segplan explain <plan> <component> <component> [--json]',
        summary: 'Which catalog flows apply between two components and why (type, OS, platform, scope, feature, vendor), and which were considered and excluded and why.',
        options: { json: { type: 'boolean' } },
        run: async ({ positionals, values }) => (await import('./commands/explain.js')).explainCommand(positionals, values.json === true)
    }),
    catalog: command({
        usage: 'segplan catalog [files or folders] [--json]',
        summary: 'The vendor catalogs: built-in ones plus any vendors in the files given.',
        options: { json: { type: 'boolean' } },
        run: async ({ positionals, values }) => (await import('./commands/catalog.js')).catalogCommand(positionals, values.json === true)
    }),
    generate: command({
        usage: 'segplan generate <plan> --target <target> [-o file] [--previous file] [--device-config file] [--force] [--map zone=name …] [--verify | --no-verify] | segplan generate --list-targets',
        summary: 'Firewall rules from the plan\'s allow rules (nftables, iptables, Windows, ASA, PAN-OS, FortiGate, AWS, Azure, CSV, Markdown). --previous (default: the file -o overwrites) is the version on the device, whose leftovers ASA, PAN-OS and FortiGate output deletes. --device-config (FortiGate) is the device\'s configuration as exported: the plan\'s denies are placed above every policy it lists. The output is verified before it is written (see segplan verify): exit 1 and nothing written when it does not allow exactly the plan.',
        options: {
            target: { type: 'string' }, output: { type: 'string', short: 'o' }, previous: { type: 'string' }, 'device-config': { type: 'string' },
            force: { type: 'boolean' }, map: { type: 'string', multiple: true }, 'list-targets': { type: 'boolean' },
            verify: { type: 'boolean' }, 'no-verify': { type: 'boolean' }
        },
        rawStdout: true,
        run: async ({ positionals, values }) => (await import('./commands/generate.js')).generateCommand(positionals, {
            target: values.target, output: values.output, listTargets: values['list-targets'] === true,
            force: values.force === true, maps: values.map ?? [], previous: values.previous, deviceConfig: values['device-config'],
            verify: values.verify === true, noVerify: values['no-verify'] === true
        })
    }),
    diagram: command({
        usage: 'segplan diagram <plan> [--format svg|mermaid|dot] [--zone z] [--level zone|component] [--theme light|dark] [-o file]',
        summary: 'The plan as a picture: zones, components and required flows coloured by status.',
        options: {
            format: { type: 'string' }, zone: { type: 'string' }, level: { type: 'string' }, theme: { type: 'string' },
            output: { type: 'string', short: 'o' }
        },
        run: async ({ positionals, values }) => (await import('./commands/diagram.js')).diagramCommand(positionals, {
            format: values.format, zone: values.zone, level: values.level, theme: values.theme, output: values.output
        })
    }),
    matrix: command({
        usage: 'segplan matrix <plan> [--format text|markdown|csv|json]',
        summary: 'For each pair of zones: what the allow rules open, what the denies forbid, what the vendors require, and where they conflict.',
        options: { format: { type: 'string' } },
        run: async ({ positionals, values }) => (await import('./commands/matrix.js')).matrixCommand(positionals, values.format)
    }),
    query: command({
        usage: 'segplan query <plan> <from> <to> tcp|udp <port> [--json]',
        summary: 'May this traffic pass? From and to are zones, components or addresses. The allow rules that let it through, the denies that forbid it, the required flows that need it. Exit 0 allowed, 1 not allowed (denied, partly or not at all), 2 usage or I/O errors.',
        options: { json: { type: 'boolean' } },
        run: async ({ positionals, values }) => (await import('./commands/query.js')).queryCommand(positionals, values.json === true)
    }),
    audit: command({
        usage: 'segplan audit <plan> --config <file> [--config <file>] [--config-format <format>] [--format text|json|sarif|markdown]\n'
            + '          [--map zone=interface …] [--host component] [--fail-on blocked,partial,over-permit,expired,guardrail,unknown|none] [--now ISO-time]\n'
            + '          configuration formats (detected when not given): {importers}',
        summary: 'Audit a deployed firewall configuration against the plan: required flows blocked, traffic allowed beyond the plan. --now (default: the time of the run) is when rules with a time condition are judged.',
        options: {
            config: { type: 'string', multiple: true }, 'config-format': { type: 'string' }, format: { type: 'string' },
            map: { type: 'string', multiple: true }, host: { type: 'string' }, 'fail-on': { type: 'string' }, now: { type: 'string' }
        },
        run: async ({ positionals, values }) => (await import('./commands/audit.js')).auditCommand(positionals, {
            configs: values.config ?? [], configFormat: values['config-format'], format: values.format, maps: values.map ?? [],
            host: values.host, failOn: values['fail-on'], now: values.now
        })
    }),
    verify: command({
        usage: 'segplan verify <plan> --config <file> [--config <file> …] [--config-format <format>] [--map zone=name …] [--host component] [--format text|json|sarif] [--now ISO-time]',
        summary: 'Prove that a rule set or device configuration allows exactly the plan\'s allow rules (TCP and UDP, both address families, temporary rules at their dates). Exit 0 when it does, 1 when not (each difference listed), 2 when it cannot tell. Several files of one device format are applied in the order given.',
        options: {
            config: { type: 'string', multiple: true }, 'config-format': { type: 'string' }, format: { type: 'string' },
            map: { type: 'string', multiple: true }, host: { type: 'string' }, now: { type: 'string' }
        },
        run: async ({ positionals, values }) => (await import('./commands/verify.js')).verifyCommand(positionals, {
            configs: values.config ?? [], configFormat: values['config-format'], format: values.format,
            maps: values.map ?? [], host: values.host, now: values.now
        }, VERSION)
    }),
    diff: command({
        usage: 'segplan diff <old plan> <new plan> [--target t] [--format text|markdown|json] | segplan diff --git <rev> <plan>',
        summary: 'What changes between two versions of a plan: required flows, allow rules, and the target\'s rules. A plan may be REV:path.',
        options: { target: { type: 'string' }, format: { type: 'string' }, git: { type: 'string' } },
        run: async ({ positionals, values }) => (await import('./commands/diff.js')).diffCommand(positionals, {
            target: values.target, format: values.format, git: values.git
        })
    }),
    lsp: command({
        usage: 'segplan lsp --stdio',
        summary: 'Start the language server (for Neovim, Emacs or any LSP client).',
        options: { stdio: { type: 'boolean' } },
        rawStdout: true, // JSON-RPC with \r\n headers
        async run({ positionals, values }) {
            if (values.stdio !== true || positionals.length) {
                throw new UsageError('segplan lsp talks to an editor over standard input and output: run `segplan lsp --stdio` from your editor\'s LSP client settings.');
            }
            const { startSegplanServer } = await import('../server/start-server.js');
            startSegplanServer();
            return new Promise<number>(() => { /* the server runs until its client disconnects */ });
        }
    })
};

/**
 * The help text. The audit's configuration formats come from its importers, which are loaded for
 * the help and the audit only: each command's modules are loaded when it runs, so a `segplan
 * check` sets up neither the audit's parsers nor the diagram's renderers at start.
 */
export async function helpText(): Promise<string> {
    const { IMPORTERS } = await import('../language/audit/importers/registry.js');
    const usage = (c: Command) => c.usage.replace('{importers}', IMPORTERS.map(i => i.id).join(', '));
    return `segplan ${VERSION} — network segmentation plans for backup and DR products

Usage:
${Object.values(COMMANDS).map(c => `  ${usage(c)}\n      ${c.summary}\n`).join('')}  segplan --version | --help

  Everything after \`--\` is a file or folder name, even when it starts with '-'.
`;
}
