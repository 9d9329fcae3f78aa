import { configWords } from './config-words.js';
import { ConfigError } from './importer.js';

/**
 * FortiOS CLI configuration (`show full-configuration`, a backup file, or commands pasted in the
 * CLI) as a tree: `config <path>` blocks of `edit <name>` entries with `set`/`unset`/`append`
 * settings and nested blocks, `next`/`end`, and `delete`, `move`, `rename`, `purge` applied as
 * the CLI applies them. Reading what the blocks mean is fortigate.ts's work.
 */

export interface FortiSetting {
    readonly values: string[];
    readonly line: number;
}

export interface FortiEntry {
    name: string;
    readonly line: number;
    readonly settings: Map<string, FortiSetting>;
    readonly blocks: FortiBlock[];
}

export interface FortiBlock {
    /** `firewall policy` */
    readonly path: string;
    readonly line: number;
    /** In the order the CLI keeps them (after `move`). */
    readonly entries: FortiEntry[];
    /** Settings of a block without entries (`config system global`). */
    readonly settings: Map<string, FortiSetting>;
    readonly blocks: FortiBlock[];
}

export function readFortigateConfig(text: string, file: string): FortiBlock[] {
    const root: FortiBlock[] = [];
    const blocks: FortiBlock[] = [];
    let entry: FortiEntry | undefined;
    const entryStack: (FortiEntry | undefined)[] = [];
    const lines = text.split(/\r?\n/);
    // A quoted value may run over several lines (certificates, replacement messages): such a
    // command is read as one, at the line it starts on.
    let pending: { text: string; line: number; quote: string | undefined } | undefined;
    lines.forEach((raw, index) => {
        if (pending) {
            pending = { text: `${pending.text}\n${raw}`, line: pending.line, quote: openQuoteAfter(raw, pending.quote) };
            if (pending.quote) return;
        } else {
            const quote = openQuoteAfter(raw, undefined);
            if (quote) { pending = { text: raw, line: index + 1, quote }; return; }
        }
        const command = pending ?? { text: raw, line: index + 1 };
        pending = undefined;
        const line = command.line;
        const trimmed = command.text.trim();
        if (trimmed === '' || trimmed.startsWith('#')) return;
        const words = configWords(trimmed, line, file);
        const [verb, ...args] = words;
        const block = blocks.at(-1);
        const fail = (why: string): never => { throw new ConfigError(`${file} line ${line}: ${why}`, line); };
        switch (verb) {
            case 'config': {
                if (args.length === 0) fail('`config` without a path');
                // Opening a table again (as pasted commands do) edits the same table.
                const parent = entry ? entry.blocks : block ? block.blocks : root;
                let opened = parent.find(b => b.path === args.join(' '));
                if (!opened) parent.push(opened = { path: args.join(' '), line, entries: [], settings: new Map(), blocks: [] });
                blocks.push(opened);
                entryStack.push(entry);
                entry = undefined;
                return;
            }
            case 'end':
                // Inside an `edit`, FortiOS takes `end` as `next` and `end`.
                if (!block) fail('`end` without an open `config`');
                blocks.pop();
                entry = entryStack.pop();
                return;
            case 'edit': {
                if (!block) fail('`edit` outside a `config` block');
                if (entry) fail(`\`edit\` inside \`edit ${entry.name}\` (a \`next\` is missing)`);
                const name = args[0] ?? fail('`edit` without a name');
                entry = block!.entries.find(e => e.name === name);
                if (!entry) block!.entries.push(entry = { name, line, settings: new Map(), blocks: [] });
                return;
            }
            case 'next':
                if (!entry) fail('`next` without an `edit`');
                entry = undefined;
                return;
            case 'set': case 'unset': case 'append': case 'unselect': case 'select': {
                const settings = entry?.settings ?? block?.settings ?? fail(`\`${verb}\` outside a \`config\` block`);
                const key = args[0] ?? fail(`\`${verb}\` without a setting name`);
                if (verb === 'unset') settings.delete(key);
                else if (verb === 'append' || verb === 'select') settings.set(key, { values: [...settings.get(key)?.values ?? [], ...args.slice(1)], line });
                else if (verb === 'unselect') settings.set(key, { values: (settings.get(key)?.values ?? []).filter(v => !args.slice(1).includes(v)), line });
                else settings.set(key, { values: args.slice(1), line });
                return;
            }
            case 'delete': {
                if (!block || entry) fail('`delete` belongs in a `config` block, outside `edit`');
                const at = block!.entries.findIndex(e => e.name === args[0]);
                if (at >= 0) block!.entries.splice(at, 1);
                return;
            }
            case 'purge':
                if (!block || entry) fail('`purge` belongs in a `config` block, outside `edit`');
                block!.entries.length = 0;
                return;
            case 'rename': {
                // rename <old> to <new>
                const found = block?.entries.find(e => e.name === args[0]);
                if (!found || args[1] !== 'to' || !args[2]) fail(`\`rename ${args.join(' ')}\`: no entry ${args[0] ?? ''} above, or not \`rename <name> to <new name>\``);
                found!.name = args[2];
                return;
            }
            case 'move': {
                // move <name> before|after <other>
                if (!block || entry) fail('`move` belongs in a `config` block, outside `edit`');
                const [name, where, other] = args;
                const from = block!.entries.findIndex(e => e.name === name);
                const to = block!.entries.findIndex(e => e.name === other);
                if (from < 0 || to < 0 || (where !== 'before' && where !== 'after')) fail(`\`move ${args.join(' ')}\`: both entries must be defined above, with before or after`);
                if (from === to) return; // next to itself: it stays where it is
                const [moved] = block!.entries.splice(from, 1);
                const target = block!.entries.findIndex(e => e.name === other);
                block!.entries.splice(where === 'before' ? target : target + 1, 0, moved);
                return;
            }
            default:
                fail(`'${verb}' is not a FortiOS configuration command (config, edit, set, unset, next, end, …)`);
        }
    });
    if (pending) throw new ConfigError(`${file} line ${pending.line}: a quoted value is not closed`, pending.line);
    if (blocks.length) {
        const open = blocks.at(-1)!;
        throw new ConfigError(`${file} line ${lines.length}: the file ends inside \`config ${open.path}\` (opened at line ${open.line}): is it truncated?`, lines.length);
    }
    return root;
}

/** Whether a line leaves a quoted value open (given the quote open before it), and which quote. */
function openQuoteAfter(line: string, open: string | undefined): string | undefined {
    let quote = open;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === '\\') i++;
            else if (c === quote) quote = undefined;
        } else if (c === '#' && line.slice(0, i).trim() === '') {
            return undefined; // a comment line
        } else if (c === '"' || c === "'") {
            // A quote opens a value only at the start of a word (`it's` inside a word is a letter).
            if (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t') quote = c;
        }
    }
    return quote;
}

/** Every block with this path, at any depth (VDOMs nest them under `config vdom` / `edit <vdom>`). */
export function blocksAt(root: readonly FortiBlock[], path: string): FortiBlock[] {
    const found: FortiBlock[] = [];
    const visit = (blocks: readonly FortiBlock[]) => {
        for (const b of blocks) {
            if (b.path === path) found.push(b);
            visit(b.blocks);
            for (const e of b.entries) visit(e.blocks);
        }
    };
    visit(root);
    return found;
}

/**
 * The ids of a configuration's firewall policies in the order of the list (`show firewall policy`,
 * or a backup): what `generate --device-config` places the plan's denies above. One VDOM: each is
 * a firewall of its own, with a list of its own.
 */
export function policyOrder(text: string, file: string): string[] {
    const root = readFortigateConfig(text, file);
    const vdoms = blocksAt(root, 'vdom').flatMap(b => b.entries).filter(v => blocksAt(v.blocks, 'firewall policy').some(b => b.entries.length));
    if (vdoms.length > 1) {
        throw new ConfigError(`${file}: ${vdoms.length} VDOMs have policies (${vdoms.map(v => v.name).join(', ')}); each has a policy list of its own — give the \`config vdom\` / \`edit <name>\` section of the one the rules are for`, vdoms[1].line);
    }
    const blocks = blocksAt(vdoms.length === 1 ? vdoms[0].blocks : root, 'firewall policy');
    if (blocks.length === 0) throw new ConfigError(`${file} has no \`config firewall policy\` block: give the FortiGate's configuration (show firewall policy, or a backup)`);
    return blocks.flatMap(b => b.entries.map(e => e.name));
}
