import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The SHA-256 of a text's UTF-8 bytes, in hex, where Node's crypto is absent (a browser worker,
 * whose SubtleCrypto only answers asynchronously): computed synchronously in JavaScript, the same
 * bytes as the Node twin (sha256.node.ts), a lone surrogate being U+FFFD in both. Emitted names are
 * made from it, so a rule set is the same wherever it is generated.
 */
export function sha256Hex(text: string): string {
    return bytesToHex(sha256(utf8ToBytes(text)));
}
