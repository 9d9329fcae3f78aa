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

describe('a day of editing one large file', () => {
    it('keeps no syntax tree older than the one before the current', async () => {
        const text = generateBenchPlan(500).text;
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const root = () => ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!.parseResult.value;
        const lines = text.split('\n');
        const at = lines.findIndex((l, i) => i > lines.length / 2 && / : /.test(l));
        const trees: WeakRef<object>[] = [new WeakRef(root())];
        for (let i = 0; i < 12; i++) {
            const edited = [...lines];
            if (i % 2 === 0) edited[at] += ` "edited ${i}"`;
            await apply(ws, { 'plan.segplan': edited.join('\n') });
            trees.push(new WeakRef(root()));
        }
        assert.notEqual(trees[0].deref(), root(), 'each edit made a new tree (statement-reparse.ts)');
        const gc = collector();
        gc();
        await new Promise(resolve => setImmediate(resolve));
        gc();
        // The current tree and the one it was made from may be held; the ten before them must be gone.
        const alive = trees.slice(0, -2).filter(t => t.deref() !== undefined).length;
        assert.equal(alive, 0, `${alive} of the 11 older trees are still held`);
    });
});
