import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childProcess } from '../utils/node-builtins.js';
import { headerIpsets } from '../emit/host-name-sets.js';
import { NFT_LISTING_ARGS, NFT_LISTING_ENV, ownNetworkNamespace } from '../audit/importers/nft-listing.js';
import type { ReadBack } from '../emit/emitter.js';
import { readBackOf } from '../emit/registry.js';

/**
 * A proof is of the file the device will load. A Linux rule set that its own reader refuses is
 * not loaded at all (iptables-restore refuses the whole file for one parameter of more than 1,023
 * characters), so before SegPlan calls such an output verified, the platform's reader checks it:
 * `iptables-restore --noflush --test`, `ip6tables-restore --noflush --test`, and for nftables nft
 * itself, which loads the file and lists what it loaded (the listing is what the proof then reads:
 * nft reads the file once, not once to check it and again to read it). Each runs
 * in a network namespace of its own, so nothing on the machine is touched: as root with
 * `unshare --net`, otherwise in a user namespace of its own (`unshare --user --map-root-user
 * --net`) where the kernel allows that. Where it cannot run (the tool or unshare is missing,
 * neither root nor user namespaces), the check says so; it never passes silently.
 */

export type LoadCheck =
    | { readonly tool: string; readonly outcome: 'loads'; readonly detail?: undefined; readonly line?: undefined }
    /** The reader refused the file: its message, and the line it names. */
    | { readonly tool: string; readonly outcome: 'refused'; readonly detail: string; readonly line?: number }
    /** The reader could not be run here: why, in a sentence. */
    | { readonly tool: string; readonly outcome: 'not-run'; readonly detail: string; readonly line?: undefined };

/** What the platform's reader made of SegPlan's own output: whether it loads, and what nft listed once it had loaded it. */
export interface PlatformReading {
    readonly check: LoadCheck;
    /** nftables: the ruleset as `nft -j -a list ruleset` lists it after loading the file (what the nftables importer reads). */
    readonly listing?: unknown;
}

interface Reader {
    readonly tool: string;
    /** The command as the check runs it (the file on stdin), and how the check is named to the user. */
    readonly args: readonly string[];
    readonly words: string;
    /** The line the reader's message names, if any. */
    readonly lineOf: (message: string) => number | undefined;
    /** Lists the ruleset it loaded, as JSON, after loading the file (its arguments, and what it runs with): nft. */
    readonly lists?: { readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
}

const restoreLine = (message: string) => Number(/Error occurred at line: (\d+)/.exec(message)?.[1] ?? /line (\d+) failed/.exec(message)?.[1]) || undefined;
const nftLine = (message: string) => Number(/^\/dev\/stdin:(\d+):/m.exec(message)?.[1]) || undefined;

/** How each platform reader a target names (ReadBack.platformReader) is run. */
const READERS: Readonly<Record<NonNullable<ReadBack['platformReader']>, Reader>> = {
    'iptables-restore': { tool: 'iptables-restore', args: ['--noflush', '--test'], words: 'iptables-restore --noflush --test', lineOf: restoreLine },
    'ip6tables-restore': { tool: 'ip6tables-restore', args: ['--noflush', '--test'], words: 'ip6tables-restore --noflush --test', lineOf: restoreLine },
    // Loaded for real, in the reader's own network namespace: what `nft -c` checks and more, and
    // the listing after it is what the proof reads.
    nft: { tool: 'nft', args: ['-f', '-'], words: 'nft', lineOf: nftLine, lists: { args: NFT_LISTING_ARGS, env: NFT_LISTING_ENV } }
};

/** The reader of the target's platform, as the target names it. */
function readerOf(target: string): Reader | undefined {
    const tool = readBackOf(target)?.platformReader;
    return tool && READERS[tool];
}

/** Whether a target's output has a reader of its platform that SegPlan runs before calling it verified. */
export function hasPlatformReader(target: string): boolean {
    return readerOf(target) !== undefined;
}

/** What the readers say when the machine's kernel, not the file, is at fault. */
const MISSING_MODULE = /Couldn't load (?:match|target)|missing kernel module|Could not fetch rule set generation id|Protocol not supported|Operation not supported/;

/** Exit statuses of the wrapper: the tool is not installed. */
const TOOL_MISSING = 97;
/** ipset is not installed; ipset could not create a set. */
const IPSET_MISSING = 96;
const IPSET_FAILED = 95;

/** What a run of the reader gave: as spawnSync reports it. */
export interface ReaderRun {
    readonly status: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly error?: Error;
}

/** How long a reader may take before it is stopped. */
const READER_TIMEOUT_MS = 120_000;

/**
 * Runs a command with `input` on its standard input without blocking: the proof goes on while the
 * reader checks the file in its own process. The input is a file the reader reads at its own pace:
 * written to a pipe, all but its first 64 KB would wait for the event loop, which the proof, one
 * long computation, does not give back before it ends.
 */
export function runWithInput(command: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<ReaderRun> {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-reader-'));
    const file = path.join(dir, 'input');
    writeFileSync(file, input);
    const fd = openSync(file, 'r');
    return new Promise<ReaderRun>(resolve => {
        let stdout = '', stderr = '', settled = false, timedOut = false;
        const done = (run: ReaderRun) => { if (!settled) { settled = true; clearTimeout(timer); resolve(run); } };
        let timer: NodeJS.Timeout | undefined;
        try {
            const child = childProcess().spawn(command, args, { env, stdio: [fd, 'pipe', 'pipe'] });
            timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); }, READER_TIMEOUT_MS);
            child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
            child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
            child.on('error', error => done({ status: null, signal: null, stdout, stderr, error }));
            child.on('close', (status, signal) => done({ status, signal: signal ?? (timedOut ? 'SIGTERM' : null), stdout, stderr }));
        } finally {
            // The child holds its own copy of the descriptor.
            closeSync(fd);
        }
    }).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Runs the platform's reader on `text` in a network namespace of its own; undefined for a target without one. */
export async function checkWithPlatformReader(target: string, text: string): Promise<LoadCheck | undefined> {
    return (await readWithPlatformReader(target, text))?.check;
}

/**
 * Whether the reader of a target's platform lists what it loaded (nft): a proof of such an output
 * reads that listing (PlatformReading.listing), so it waits for the reader before it reads.
 */
export function readerLists(target: string): boolean {
    return readerOf(target)?.lists !== undefined;
}

/** checkWithPlatformReader, with what the reader listed of the ruleset it loaded (nft). */
export async function readWithPlatformReader(target: string, text: string): Promise<PlatformReading | undefined> {
    const reader = readerOf(target);
    if (!reader) return undefined;
    const run = await runReader(reader, text);
    const check = loadCheckOf(reader, run);
    if (check.outcome !== 'loads' || !reader.lists) return { check };
    try {
        return { check, listing: JSON.parse(run.stdout) };
    } catch {
        // A listing that is not JSON: the proof's reading loads the file itself, and says so if it cannot read it.
        return { check };
    }
}

function runReader(reader: Reader, text: string): Promise<ReaderRun> {
    const { tool } = reader;
    // The ipsets the header says to create first (iptables outputs matching host names): made in the
    // namespace as the header says, so a rule naming a set the header leaves out is refused.
    const ipsets = tool === 'nft' ? [] : headerIpsets(text).flatMap(set => [set.name, set.family]);
    const script = [
        'tool=$1; n=$2; shift 2',
        `command -v "$tool" >/dev/null 2>&1 || exit ${TOOL_MISSING}`,
        `while [ "$n" -gt 0 ]; do command -v ipset >/dev/null 2>&1 || exit ${IPSET_MISSING}; ipset -exist create "$1" hash:net family "$2" || exit ${IPSET_FAILED}; shift 2; n=$((n-1)); done`,
        // A reader that lists: what it loaded, once it has (its exit status is the load's when that fails).
        reader.lists ? `"$tool" "$@" || exit $?; exec "$tool" ${reader.lists.args.join(' ')}` : 'exec "$tool" "$@"'
    ].join('\n');
    return runWithInput('unshare', [...ownNetworkNamespace(), '--', 'sh', '-c', script, 'sh', tool, String(ipsets.length / 2), ...ipsets, ...reader.args],
        text, { ...process.env, LC_ALL: 'C', ...reader.lists?.env });
}

function loadCheckOf(reader: Reader, run: ReaderRun): LoadCheck {
    const { tool } = reader;
    // The reader's own advice (`Try 'iptables-restore -h' …`) says nothing about the file; a listing is not a message.
    const message = `${run.stderr}${reader.lists && run.status === 0 ? '' : run.stdout}`.split('\n').filter(l => !/^Try `/.test(l)).join('\n').trim();
    if (run.error) {
        const code = (run.error as NodeJS.ErrnoException).code;
        return { tool, outcome: 'not-run', detail: code === 'ENOENT' ? `${reader.words} could not run: unshare is not installed` : `${reader.words} could not run: ${run.error.message}` };
    }
    if (run.status === 0) return { tool, outcome: 'loads' };
    if (run.status === IPSET_MISSING) return { tool, outcome: 'not-run', detail: `${reader.words} could not run: the file matches host names by ipsets, and ipset is not installed` };
    if (run.status === IPSET_FAILED) return { tool, outcome: 'not-run', detail: `${reader.words} could not run: ipset could not create the file's sets (${message.split('\n')[0]})` };
    if (run.status === TOOL_MISSING) return { tool, outcome: 'not-run', detail: `${reader.words} could not run: ${tool} is not installed` };
    // unshare itself failed: no network namespace of our own here.
    if (/^unshare: /m.test(message)) {
        return { tool, outcome: 'not-run', detail: `${reader.words} could not run: it needs a network namespace of its own, and this user may not make one (run as root, or allow unprivileged user namespaces): ${message.split('\n')[0]}` };
    }
    if (run.signal) return { tool, outcome: 'not-run', detail: `${reader.words} did not finish in two minutes` };
    // This machine's kernel lacks what the file uses (a match module): the device's may have it.
    if (MISSING_MODULE.test(message)) return { tool, outcome: 'not-run', detail: `${reader.words} could not check the file: this machine's kernel lacks a module it uses (${message.split('\n')[0]})` };
    return { tool, outcome: 'refused', detail: `${reader.words} refuses the file: ${message.replace(/\s*\n\s*/g, ' ')}`, line: reader.lineOf(message) };
}
