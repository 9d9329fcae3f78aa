import * as assert from 'node:assert/strict';
import type { AstNode } from 'langium';
import { findingFacts } from '../../language/analysis/finding.js';
import { withMessage } from '../../language/analysis/finding-written-when-read.js';

const node = { $type: 'AllowRule' } as AstNode;

describe('a finding written when read', () => {
    it('writes its message, related information and data once each, when first read', () => {
        const written = { message: 0, related: 0, data: 0 };
        const finding = withMessage({ code: 'missing-flow', severity: 'error', node },
            () => { written.message++; return 'vbr → repo is blocked'; },
            // A writer may write nothing: it is still asked only once.
            () => { written.related++; return undefined; },
            () => { written.data++; return { ports: 'tcp 6162' }; });
        assert.deepEqual(written, { message: 0, related: 0, data: 0 });
        for (let i = 0; i < 3; i++) {
            assert.equal(finding.message, 'vbr → repo is blocked');
            assert.equal(finding.related, undefined);
            assert.deepEqual(finding.data, { ports: 'tcp 6162' });
        }
        assert.deepEqual(written, { message: 1, related: 1, data: 1 });
    });

    it('keeps related information and data it was given, unless a writer takes their place', () => {
        const related = [{ node, message: 'the catalog flow' }];
        const given = withMessage({ code: 'relation-missing', severity: 'warning', node, related, data: { code: 'relation-missing' } }, () => 'no manager');
        assert.equal(given.related, related);
        assert.deepEqual(given.data, { code: 'relation-missing' });
        const rewritten = withMessage({ code: 'relation-missing', severity: 'warning', node, data: { brief: 'short' } }, () => 'long', undefined, () => ({ brief: 'short, and a note' }));
        assert.deepEqual(rewritten.data, { brief: 'short, and a note' });
    });

    it('copies by spread only its facts: what it writes is read through the getters (findingFacts)', () => {
        const finding = withMessage({ code: 'guardrail-violated', severity: 'error', node, property: 'name' }, () => 'forbidden', () => [], () => ({ lines: [] }));
        assert.deepEqual(Object.keys({ ...finding }), ['code', 'severity', 'node', 'property', 'index', 'unnecessary', 'installOnly']);
        const facts = findingFacts(finding);
        assert.deepEqual(facts.related, []);
        assert.deepEqual(facts.data, { lines: [] });
    });
});
