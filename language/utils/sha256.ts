import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The SHA-256 of a text's UTF-8 bytes, in hex: the digest Node's `createHash('sha256').update(text)`
 * gives, byte for byte (a lone surrogate is U+FFFD in both), computed synchronously also where Node's
 * crypto is absent (a browser worker, whose SubtleCrypto only answers asynchronously). Emitted names
 * are made from it, so a rule set is the same wherever it is generated.
 */
export function sha256Hex(text: string): string {
    return bytesToHex(sha256(utf8ToBytes(text)));
}
