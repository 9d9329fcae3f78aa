import * as assert from 'node:assert/strict';
import { EmptyFileSystem, URI } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { statementsOf } from '../../language/plan/file-statements.js';
import { PLAN_STATEMENTS } from '../../language/workspace/plan-statements.js';
import type { SegplanDocument } from '../../language/generated/ast.js';

// statementsOf and the scope computation's exports sort a file's statements by their own type
// before asking the type guards, which sorts them alike only while no statement type is a subtype
// of another.
describe('a file\'s statements by kind', () => {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    // The plan's statements (each without a subtype: ast-walk.test.ts) and the catalog's top-level types.
    const kinds = [...PLAN_STATEMENTS, 'Vendor', 'Platform'];

    it('no statement type is a subtype of another (in the grammar)', () => {
        const reflection = services.shared.AstReflection;
        for (const a of kinds) for (const b of kinds) {
            if (a !== b) assert.equal(reflection.isSubtype(a, b), false, `${a} is a ${b}`);
        }
    });

    it('lists each statement once, under its kind, in file order', async () => {
        const text = ['plan "p"', 'zone a 10.0.0.0/24', 'zone b 10.0.1.0/24', 'site s zones a', 'x : veeam.Proxy in a at 10.0.0.5',
            'allow a -> b tcp 443 "web"', 'y : veeam.Proxy in b at 10.0.1.5', 'allow x -> y tcp 22 "ssh"', 'require x -> y tcp 22 "ssh"'].join('\n');
        const document = services.shared.workspace.LangiumDocumentFactory.fromString<SegplanDocument>(text, URI.parse('file:///s.segplan'));
        const s = statementsOf(document.parseResult.value);
        assert.deepEqual(s.zones.map(z => z.name), ['a', 'b']);
        assert.deepEqual(s.instances.map(i => i.name), ['x', 'y']);
        assert.deepEqual(s.sites.map(i => i.name), ['s']);
        assert.deepEqual(s.rules.map(r => r.description), ['web', 'ssh']);
        assert.equal(s.requirements.length, 1);
    });
});
