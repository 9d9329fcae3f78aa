import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AstUtils, type AstNode } from 'langium';
import { ObjectSlot } from '../../language/utils/object-slot.js';
import { walkAst } from '../../language/utils/ast-walk.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { apply, openWorkspace, uriOf } from '../helpers/review-workspace.js';

describe('values kept on objects (ObjectSlot)', () => {
    it('keeps a value per slot, invisible to keys, JSON and the tree walks', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nx : veeam.BackupServer in a at 10.0.0.5\n');
        const root = document.parseResult.value;
        const zone = (root as unknown as { elements: AstNode[] }).elements[0];
        const json = (node: AstNode) => JSON.stringify(node, (k, v) => (k.startsWith('$') ? undefined : v));
        const before = { nodes: AstUtils.streamAst(root).toArray(), keys: Object.keys(root), json: json(zone) };
        const one = new ObjectSlot<object, string>('one'), other = new ObjectSlot<object, string>('one');
        const walked: AstNode[] = [];
        walkAst(root, node => { walked.push(node); });
        for (const node of walked) one.set(node, node.$type);
        assert.equal(other.get(root), undefined, 'two slots never share a value, even under one name');
        assert.deepEqual(walked.map(n => one.get(n)), walked.map(n => (n as { $type: string }).$type));
        assert.deepEqual(AstUtils.streamAst(root).toArray(), before.nodes, "Langium's walk sees the same nodes");
        const again: AstNode[] = [];
        walkAst(root, node => { again.push(node); });
        assert.deepEqual(again, walked);
        assert.deepEqual(Object.keys(root), before.keys);
        assert.equal(json(zone), before.json);
        one.delete(root);
        assert.equal(one.get(root), undefined);
        assert.equal(one.get(walked[1]), (walked[1] as { $type: string }).$type, 'deleting one leaves the others');
    });

    it("is not taken along by a re-parsed file's new root", async () => {
        // A re-parse makes a file's new root from the old one (statement-reparse.ts): what was
        // kept for the old tree must not pass for the new one's.
        const text = 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nzone c 10.2.0.0/24\nzone d 10.3.0.0/24\nzone e 10.4.0.0/24\nzone f 10.5.0.0/24\n';
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const document = () => ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!;
        const slot = new ObjectSlot<object, string>('kept');
        const old = document().parseResult.value;
        slot.set(old, 'of the old tree');
        await apply(ws, { 'plan.segplan': text.replace('zone f 10.5.0.0/24', 'zone f 10.5.0.0/24 "far"') });
        const root = document().parseResult.value;
        assert.notEqual(root, old, 'a new root');
        assert.equal((root as unknown as { elements: unknown[] }).elements[0], (old as unknown as { elements: unknown[] }).elements[0], 'made by the re-parse, which kept the first statement');
        assert.equal(slot.get(root), undefined);
        assert.equal(slot.get(old), 'of the old tree');
    });

    it('keeps values for objects that take no new property (frozen, sealed) as well', () => {
        const slot = new ObjectSlot<object, number>('closed');
        const frozen = Object.freeze({ a: 1 }), sealed = Object.seal({ b: 2 }), open = { c: 3 };
        slot.set(frozen, 1).set(sealed, 2).set(open, 3);
        assert.deepEqual([slot.get(frozen), slot.get(sealed), slot.get(open)], [1, 2, 3]);
        assert.deepEqual(Object.getOwnPropertySymbols(open).length, 1, 'an open object holds its value itself');
        slot.delete(frozen);
        slot.delete(open);
        assert.deepEqual([slot.get(frozen), slot.get(sealed), slot.get(open)], [undefined, 2, undefined]);
    });

    it('gives an object more slots after it was frozen or sealed with some', () => {
        const first = new ObjectSlot<object, string>('first'), second = new ObjectSlot<object, string>('second'), third = new ObjectSlot<object, string>('third');
        const frozen: object = {}, sealed: object = {};
        first.set(frozen, 'f1').set(sealed, 's1');
        Object.freeze(frozen);
        Object.seal(sealed);
        second.set(frozen, 'f2').set(sealed, 's2');
        third.set(frozen, 'f3').set(sealed, 's3');
        first.set(frozen, 'f1 again');
        assert.deepEqual([first.get(frozen), second.get(frozen), third.get(frozen)], ['f1 again', 'f2', 'f3']);
        assert.deepEqual([first.get(sealed), second.get(sealed), third.get(sealed)], ['s1', 's2', 's3']);
    });

    it('reads what each of many slots was last given, through sets, deletes and growth (property, seed 3030)', () => {
        const slots = Array.from({ length: 24 }, (_, i) => new ObjectSlot<object, number>(`slot ${i}`));
        const step = fc.record({ slot: fc.nat({ max: 23 }), value: fc.integer(), remove: fc.boolean() });
        fc.assert(fc.property(fc.array(step, { maxLength: 80 }), fc.boolean(), (steps, freezeHalfway) => {
            const object: object = {}, model = new Map<number, number>();
            steps.forEach((s, i) => {
                if (freezeHalfway && i === steps.length >> 1) Object.freeze(object);
                if (s.remove) { slots[s.slot].delete(object); model.delete(s.slot); } else { slots[s.slot].set(object, s.value); model.set(s.slot, s.value); }
                slots.forEach((slot, n) => assert.equal(slot.get(object), model.get(n), `slot ${n} after step ${i}`));
            });
        }), { seed: 3030, numRuns: 400 });
    });
});
