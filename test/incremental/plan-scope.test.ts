import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MapScope, type AstNodeDescription } from 'langium';
import { PlanNames } from '../../language/scoping/plan-scope.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { apply, openWorkspace, uriOf } from '../helpers/review-workspace.js';

describe('the names a plan file can refer to (PlanNames)', () => {
    it('gives for each reference type the first description of each name, as a map per type would', async () => {
        const reflection = (await createTestServices()).shared.AstReflection;
        const description = fc.record({ name: fc.constantFrom('a', 'b', 'mgmt', 'vbr', 'x1'), type: fc.constantFrom('Zone', 'Instance', 'Site') });
        const referenceType = fc.constantFrom('Zone', 'Instance', 'Site', 'Endpoint');
        fc.assert(fc.property(fc.array(description, { maxLength: 40 }), referenceType, (list, type) => {
            const descriptions = list.map((d, i) => ({ ...d, path: `/elements@${i}` }) as AstNodeDescription);
            const names = new PlanNames();
            descriptions.forEach(d => names.add(d));
            // What the scope was before: the first of each name of a fitting type, in a MapScope.
            const first = new Map<string, AstNodeDescription>();
            for (const d of descriptions) if (reflection.isSubtype(d.type, type) && !first.has(d.name)) first.set(d.name, d);
            const expected = new MapScope(first.values());
            const scope = names.scopeOf(type, reflection);
            for (const name of ['a', 'b', 'mgmt', 'vbr', 'x1', 'none']) {
                assert.equal(scope.getElement(name), expected.getElement(name));
                assert.deepEqual(scope.getElements(name).toArray(), expected.getElements(name).toArray());
            }
            assert.deepEqual(scope.getAllElements().toArray(), expected.getAllElements().toArray());
        }), { seed: 8021, numRuns: 400 });
    });

    it('makes one map of a large plan file\'s names after a one-line edit, not one per reference type', async () => {
        const text = generateBenchPlan(2_000).text;
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const uri = uriOf(ws, 'plan.segplan');
        // Every name the index hands out for the plan file from here on is counted.
        let handedOut = 0;
        const index = ws.services.shared.workspace.IndexManager;
        const allElements = index.allElements.bind(index);
        index.allElements = (type, uris) => allElements(type, uris).map(d => { if (uris?.has(uri.toString())) handedOut++; return d; });
        const lines = text.split('\n');
        const at = lines.findIndex((l, i) => i > lines.length / 2 && / : /.test(l));
        lines[at] += ' "described"';
        await apply(ws, { 'plan.segplan': lines.join('\n') });
        const names = allElements(undefined, new Set([uri.toString()])).count();
        assert.ok(names > 2_000, `the plan file exports its ${names} names`);
        // The statements the edit touched name zones, components and either: one pass over the names for all of them.
        assert.equal(handedOut, names, `the edit read the plan file's ${names} names ${handedOut / names} times`);
    });
});
