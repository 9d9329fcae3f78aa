import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { childProcess } from '../../utils/node-builtins.js';
import { ConfigError } from './importer.js';
import { NFT_LISTING_ARGS, NFT_LISTING_ENV, ownNetworkNamespace } from './nft-listing.js';

// Node only: nft, not SegPlan, reads nftables ruleset text. A browser bundle takes
// nft-ruleset-text.browser.ts instead (esbuild.mjs), which says where it can be read.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Exit status of the loader when nft refuses the ruleset (its message is on stderr). */
const NFT_REFUSED = 97;

/**
 * Lets nft read ruleset text: loaded into a network namespace of its own (unshare: it ends with
 * the process, so nothing is left behind when the audit is stopped; as verify's platform reader
 * does, inside a user namespace when not run as root), listed back as JSON.
 */
export function nftJsonOfText(text: string, file: string): Json {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-audit-'));
    const rules = path.join(dir, 'ruleset.nft');
    // Only the words go: the lines stay where they are, so nft's line numbers are the file's.
    writeFileSync(rules, text.replace(/^[ \t]*flush[ \t]+ruleset[ \t]*;?[ \t]*$/gm, ''));
    try {
        return JSON.parse(childProcess().execFileSync('unshare', [...ownNetworkNamespace(), '--', 'sh', '-c', `nft -f "$1" || exit ${NFT_REFUSED}; exec nft ${NFT_LISTING_ARGS.join(' ')}`, 'sh', rules],
            { stdio: 'pipe', env: { ...process.env, ...NFT_LISTING_ENV }, timeout: 120_000, maxBuffer: 512 * 1024 * 1024 }).toString());
    } catch (error) {
        const failure = error as { status?: number; stderr?: Buffer; signal?: string };
        if (failure.status === NFT_REFUSED) {
            const message = String(failure.stderr ?? '').replaceAll(rules, file).trim();
            // nft names the place as file:line:columns; the first is where the refusal starts.
            const line = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`, 'm').exec(message)?.[1];
            throw new ConfigError(`nft cannot read ${file}${line ? ` (line ${line})` : ''}: ${message}`, line ? Number(line) : undefined);
        }
        if (failure.signal) throw new ConfigError(`nft did not finish reading ${file} in two minutes`);
        throw new ConfigError(`Reading nftables ruleset text needs nft and unshare, and root or unprivileged user namespaces (nft loads ${file} into a network namespace of its own). Give \`nft -j list ruleset\` output instead.`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
