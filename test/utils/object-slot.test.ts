import * as assert from 'node:assert/strict';
import { AstUtils, type AstNode } from 'langium';
import { ObjectSlot } from '../../language/utils/object-slot.js';
import { walkAst } from '../../language/utils/ast-walk.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

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

    it('does not go with a copy of the object (spread, Object.assign, structuredClone)', () => {
        // A re-parse makes a plan file's new root as a copy of the old one (statement-reparse.ts):
        // what was kept for the old tree (its statements by kind) must not pass for the new one's.
        const slot = new ObjectSlot<object, string>('kept');
        const node = { $type: 'SegplanDocument', elements: [] as unknown[] };
        slot.set(node, 'of the old tree');
        slot.set(node, 'of the old tree, again');
        assert.equal(slot.get(node), 'of the old tree, again');
        assert.equal(slot.get({ ...node }), undefined);
        assert.equal(slot.get(Object.assign({}, node)), undefined);
        assert.equal(slot.get(structuredClone(node)), undefined);
        assert.deepEqual(Object.keys(node), ['$type', 'elements']);
        // A copy that gets a value of its own in one slot has none of the original's in the others.
        const other = new ObjectSlot<object, string>('other');
        other.set(node, 'also of the old tree');
        const copy = { ...node };
        slot.set(copy, 'of the new tree');
        assert.deepEqual([slot.get(copy), other.get(copy)], ['of the new tree', undefined]);
        assert.deepEqual([slot.get(node), other.get(node)], ['of the old tree, again', 'also of the old tree']);
    });

    it('keeps values for objects that take no new property (frozen, sealed) as well', () => {
        const slot = new ObjectSlot<object, number>('closed');
        const frozen = Object.freeze({ a: 1 }), sealed = Object.seal({ b: 2 }), open = { c: 3 };
        slot.set(frozen, 1).set(sealed, 2).set(open, 3);
        assert.deepEqual([slot.get(frozen), slot.get(sealed), slot.get(open)], [1, 2, 3]);
        assert.ok(Object.getOwnPropertySymbols(open).some(key => (open as Record<symbol, unknown>)[key] === 3), 'an open object holds its value itself');
        slot.delete(frozen);
        slot.delete(open);
        assert.deepEqual([slot.get(frozen), slot.get(sealed), slot.get(open)], [undefined, 2, undefined]);
    });
});

