import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCommandLine, splitCommand } from '../../cli/command-line.js';
import { COMMANDS } from '../../cli/command-table.js';
import { UsageError } from '../../cli/usage-error.js';

/** The options a usage line names: `--name` or `-x`, not the hyphen inside a word (`over-permit`). */
function optionsNamedIn(usage: string): Set<string> {
    return new Set(usage.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? []);
}

describe('segplan command line', () => {
    describe('each command\'s usage line names exactly the options it accepts', () => {
        for (const [name, command] of Object.entries(COMMANDS)) {
            it(`segplan ${name}`, () => {
                const named = optionsNamedIn(command.usage);
                const accepted = new Set<string>();
                for (const [long, declaration] of Object.entries(command.options)) {
                    const spellings = [`--${long}`, ...(declaration.short ? [`-${declaration.short}`] : [])];
                    spellings.forEach(s => accepted.add(s));
                    assert.ok(spellings.some(s => named.has(s)), `the usage of segplan ${name} does not name ${spellings.join(' or ')}`);
                }
                for (const option of named) assert.ok(accepted.has(option), `the usage of segplan ${name} names ${option}, which it does not accept`);
            });
        }
    });

    it('the command is the first argument that is not an option, before --', () => {
        assert.deepEqual(splitCommand(['check', 'a.segplan']), { name: 'check', rest: ['a.segplan'] });
        assert.deepEqual(splitCommand(['--hints', 'check', 'a.segplan']), { name: 'check', rest: ['--hints', 'a.segplan'] });
        assert.deepEqual(splitCommand(['--', 'check']), { rest: ['--', 'check'] });
        assert.deepEqual(splitCommand(['--version']), { rest: ['--version'] });
    });

    it('keeps every value of an option given several times, in order', () => {
        const { values, positionals } = parseCommandLine(['plan.segplan', '--config', 'a.conf', '--map', 'dmz=eth1', '--config=b.conf', '--map', 'lan=eth0'], COMMANDS.audit.options, 'audit');
        assert.deepEqual(values.config, ['a.conf', 'b.conf']);
        assert.deepEqual(values.map, ['dmz=eth1', 'lan=eth0']);
        assert.deepEqual(positionals, ['plan.segplan']);
    });

    it('reads -o as --output, a value with = whole, and everything after -- as a file', () => {
        assert.equal(parseCommandLine(['-o', 'rules.nft'], COMMANDS.generate.options).values.output, 'rules.nft');
        assert.equal(parseCommandLine(['--output=rules.nft'], COMMANDS.generate.options).values.output, 'rules.nft');
        assert.equal(parseCommandLine(['--format=sarif=1'], COMMANDS.check.options).values.format, 'sarif=1');
        assert.deepEqual(parseCommandLine(['--', '-plan.segplan', '--hints'], COMMANDS.check.options).positionals, ['-plan.segplan', '--hints']);
        assert.equal(parseCommandLine(['-o', '-'], COMMANDS.generate.options).values.output, '-');
    });

    for (const [args, command, message] of [
        [['--quiet'], 'check', /^Unknown option --quiet for 'segplan check'\. See segplan --help\.$/],
        [['-x', 'plan.segplan'], 'generate', /^Unknown option -x for 'segplan generate'/],
        [['--json=yes'], 'flows', /^--json takes no value\.$/],
        [['plan.segplan', '--format'], 'check', /^--format needs a value\.$/],
        [['--target', '--force'], 'generate', /^--target needs a value before --force \(a value that starts with '-' is written --target=--force\)\.$/],
        [['--format', 'json', '--format=text'], 'check', /^--format is given twice\.$/],
        [['-o', 'a.svg', '--output', 'b.svg'], 'diagram', /^--output is given twice\.$/],
        [['--help', '--help', '--stdio', '--stdio'], 'lsp', undefined]
    ] as const) {
        it(`segplan ${command} ${args.join(' ')}: ${message ? 'a usage error naming the option' : 'a switch may be repeated'}`, () => {
            const parse = () => parseCommandLine(args, COMMANDS[command].options, command);
            if (message) assert.throws(parse, (error: Error) => error instanceof UsageError && message.test(error.message));
            else assert.doesNotThrow(parse);
        });
    }

    it('returns exactly the options and files given, for every command', () => {
        const commands = Object.keys(COMMANDS);
        const value = fc.stringMatching(/^[\w.=/:-]{1,12}$/).filter(v => !v.startsWith('-'));
        fc.assert(fc.property(fc.constantFrom(...commands), fc.array(value, { maxLength: 3 }), fc.infiniteStream(value), fc.array(fc.nat(), { maxLength: 8 }), (name, files, values, picks) => {
            const options = Object.entries(COMMANDS[name].options);
            const args: string[] = [...files];
            const expected: Record<string, unknown> = {};
            for (const pick of picks) {
                const [long, declaration] = options[pick % options.length];
                if (declaration.type === 'boolean') { args.push(`--${long}`); expected[long] = true; continue; }
                if (!declaration.multiple && long in expected) continue;
                const given = values.next().value as string;
                args.push(pick % 2 && declaration.short ? `-${declaration.short}` : `--${long}`, given);
                expected[long] = declaration.multiple ? [...(expected[long] as string[] | undefined ?? []), given] : given;
            }
            const parsed = parseCommandLine(args, COMMANDS[name].options, name);
            assert.deepEqual({ ...parsed.values }, expected);
            assert.deepEqual(parsed.positionals, files);
        }), { seed: 38, numRuns: 300 });
    });
});
