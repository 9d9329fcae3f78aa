import { crypto } from './node-builtins.js';

/**
 * The SHA-256 of a text's UTF-8 bytes, in hex. Emitted names are made from it (a digest per rule):
 * Node's own hash, native and many times faster than one in JavaScript. A browser bundle takes the
 * twin (sha256.browser.ts), which gives the same bytes, so a rule set is the same wherever it is
 * generated.
 */
export function sha256Hex(text: string): string {
    const node = crypto();
    // The one-shot hash (Node 20.12 and later) makes no Hash object per digest: a rule set makes one per rule.
    return typeof node.hash === 'function' ? node.hash('sha256', text, 'hex') : node.createHash('sha256').update(text).digest('hex');
}
