import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { apply, openWorkspace, uriOf } from '../helpers/review-workspace.js';

/** The garbage collector, made callable in this process (Node exposes it on request). */
function collector(): () => void {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
}

/**
 * Edits one file 12 times through the language server's update path (`edit` gives each edit's
 * text) and says which of the trees before the last two are still held after a collection.
 */
async function treesHeldAfter(edit: (lines: string[], i: number) => void): Promise<number[]> {
    const text = generateBenchPlan(500).text;
    const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
    const root = () => ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!.parseResult.value;
    const lines = text.split('\n');
    const trees: WeakRef<object>[] = [new WeakRef(root())];
    for (let i = 0; i < 12; i++) {
        edit(lines, i);
        await apply(ws, { 'plan.segplan': lines.join('\n') });
        trees.push(new WeakRef(root()));
    }
    assert.notEqual(trees[0].deref(), root(), 'each edit made a new tree (statement-reparse.ts)');
    const gc = collector();
    gc();
    await new Promise(resolve => setImmediate(resolve));
    gc();
    // The current tree and the one it was made from may be held; those before them must be gone.
    return trees.slice(0, -2).flatMap((tree, i) => (tree.deref() === undefined ? [] : [i]));
}

/** The index of the first component line after line `after`. */
function componentLine(lines: readonly string[], after: number): number {
    return lines.findIndex((line, n) => n > after && / : /.test(line));
}

describe('a day of editing one large file', () => {
    it('keeps no syntax tree older than the one before the current, editing one line', async () => {
        let at = -1;
        const held = await treesHeldAfter((lines, i) => {
            if (at < 0) at = componentLine(lines, lines.length / 2);
            lines[at] = lines[at].replace(/ "edited \d+"$/, '') + ` "edited ${i}"`;
        });
        assert.deepEqual(held, [], `trees still held: ${held.join(', ')}`);
    });

    it('nor editing lines all over the file, nor after a zone is renamed', async () => {
        // A removed statement something still holds (a component of a renamed zone, a kept analysis
        // part) must not hold the tree it was last in, and through it every tree after that one.
        const held = await treesHeldAfter((lines, i) => {
            const zone = lines.findIndex(line => line.startsWith('zone s3prod '));
            if (i === 4) lines[zone] = lines[zone].replace('s3prod', 's3prodx');
            else {
                const at = componentLine(lines, 20 + i * 60);
                lines[at] = lines[at].replace(/ "edited \d+"$/, '') + ` "edited ${i}"`;
            }
        });
        assert.deepEqual(held, [], `trees still held: ${held.join(', ')}`);
    });
});
