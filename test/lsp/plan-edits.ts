import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/** The tokens of a plan as a user sees them: strings, comments, words, numbers, arrows, white space. */
export const TOKEN = /"(?:\\.|[^"\\\n])*"|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][\w.-]*|\d[\d./+-]*|<->|->|\s+|./g;
const INSERTS = ['allow', 'zone', 'any', 'tcp', 'udp', '->', ',', ':', '"x"', '443', '2500-3300', '10.0.0.0/8', 'until', '2030-01-31', '// note', '/* c */', '\n', ' ', '%', '$'];

export const EXAMPLE_PLANS = ['veeam-reference.segplan', 'veeam-mistakes.segplan', 'mixed-vendors.segplan'].map(f => readFileSync(path.join(PROJECT_ROOT, 'examples', f), 'utf8'));

/** `text` after a few token-level edits: deletions, insertions, swaps. */
export function tokenEdits(text: string): fc.Arbitrary<string> {
    return fc.array(fc.record({ kind: fc.integer({ min: 0, max: 2 }), at: fc.nat(), other: fc.nat(), insert: fc.integer({ min: 0, max: INSERTS.length - 1 }) }), { maxLength: 3 })
        .map(edits => {
            const parts: string[] = [...(text.match(TOKEN) ?? [])];
            for (const e of edits) {
                if (parts.length === 0) parts.push(INSERTS[e.insert]);
                const i = e.at % parts.length, j = e.other % parts.length;
                if (e.kind === 0) parts.splice(i, 1);
                else if (e.kind === 1) parts.splice(i, 0, INSERTS[e.insert]);
                else [parts[i], parts[j]] = [parts[j], parts[i]];
            }
            return parts.join('');
        });
}

/** An example plan with a few token-level edits, with LF or CRLF line ends. */
export const editedPlan: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 0, max: EXAMPLE_PLANS.length - 1 }), fc.boolean())
    .chain(([plan, crlf]) => tokenEdits(EXAMPLE_PLANS[plan]).map(text => (crlf ? text.replace(/\r?\n/g, '\r\n') : text)));
