import { spawnSync } from 'node:child_process';
import { ownNetworkNamespace } from '../../language/audit/importers/nft-listing.js';

/**
 * Whether nft can load a ruleset into a network namespace of its own here, in the namespace the
 * nftables importer and verify's platform reader ask for (as root, or a user namespace of its own
 * where the kernel allows unprivileged ones): the tests that read nftables text skip, and say so,
 * where it cannot.
 */
export function nftCanLoad(): boolean {
    return spawnSync('unshare', [...ownNetworkNamespace(), '--', 'nft', 'list', 'ruleset'], { stdio: 'ignore' }).status === 0;
}
