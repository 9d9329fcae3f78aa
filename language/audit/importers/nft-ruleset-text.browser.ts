import { ConfigError } from './importer.js';

// What a browser bundle has in place of nft-ruleset-text.node.ts (esbuild.mjs): nft is the only
// reader of nftables ruleset text SegPlan trusts. The bundle is also the desktop's language server,
// whose Node process hands nft over (server/main.ts); a browser has none.

type NftJsonOfText = typeof import('./nft-ruleset-text.node.js').nftJsonOfText;

let nft: NftJsonOfText | undefined;

/** The host that runs the bundle has nft (the desktop's server process). */
export function useNft(reader: NftJsonOfText): void {
    nft = reader;
}

export const nftJsonOfText: NftJsonOfText = (text, file) => {
    if (nft) {
        try {
            return nft(text, file);
        } catch (error) {
            // The host's ConfigError is its own copy of the class: this bundle's audit knows its own.
            throw error instanceof Error && 'line' in error ? new ConfigError(error.message, error.line as number | undefined) : error;
        }
    }
    throw new ConfigError(`Reading nftables ruleset text needs nft on Linux (it loads ${file} into a network namespace of its own), which a browser does not have: `
        + 'use the segplan command line or SegPlan in VS Code on the desktop, or give `nft -j list ruleset` output, which is read here too.');
};
