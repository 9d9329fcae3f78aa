import type { Emitter } from './emitter.js';

/**
 * The earlier version a target deletes the leftovers of (EmitOptions.previous) must be that
 * target's SegPlan output: read as anything else, a file would list none of the names on the
 * device, and the new version would claim to delete leftovers it never names.
 */

/** What `text` looks like when it is not `emitter`'s output, in a network engineer's words; undefined when it is. */
export function notEarlierVersion(emitter: Emitter & { readonly earlierVersion: { readonly commentMark: string } }, text: string): string | undefined {
    const firstLine = text.slice(0, text.indexOf('\n') >>> 0).replace(/\r$/, '');
    if (firstLine.startsWith(`${emitter.earlierVersion.commentMark} SegPlan ${emitter.label} for plan '`)) return undefined;
    if (text.length === 0) return 'an empty file';
    if (/[\0\uFFFD]/.test(text.slice(0, 65536))) return 'binary data, not text';
    // Some outputs start with a line of their own (nftables' `#!/usr/sbin/nft -f`) before the title.
    const title = /^\W{0,3}\s*SegPlan (.+?) for plan '/m.exec(text.split('\n', 3).join('\n'));
    if (title) return `SegPlan's ${title[1]} output`;
    if (/^\s*(plan\s+"|import\s+"|zone\s+\S)/m.test(text.slice(0, 65536))) return 'a SegPlan plan';
    const shown = firstLine.trim().slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
    return shown ? `text that SegPlan did not write (it begins '${shown}')` : 'text that SegPlan did not write';
}
