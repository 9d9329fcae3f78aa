import { crypto } from './node-builtins.js';

/**
 * The SHA-256 of a text's UTF-8 bytes, in hex. Emitted names are made from it (a digest per rule):
 * Node's own hash, native and many times faster than one in JavaScript. A browser bundle takes the
 * twin (sha256.browser.ts), which gives the same bytes, so a rule set is the same wherever it is
 * generated.
 */
export function sha256Hex(text: string): string {
    return crypto().createHash('sha256').update(text).digest('hex');
}
