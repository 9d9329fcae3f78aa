import { spawnSync } from 'node:child_process';

/**
 * Whether nft can load a ruleset into a network namespace of its own here (root, nft and
 * unshare), as the nftables importer and verify's platform reader do: the tests that read
 * nftables text skip, and say so, where it cannot.
 */
export function nftCanLoad(): boolean {
    return spawnSync('unshare', ['--net', '--', 'nft', 'list', 'ruleset'], { stdio: 'ignore' }).status === 0;
}
