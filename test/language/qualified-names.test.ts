import * as assert from 'node:assert/strict';
import { EmptyFileSystem, type AstNode } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { isComponentType, isFeature, isGuardrail, isPortSetting, isSourceDocument, isVendor } from '../../language/generated/ast.js';
import { qualifiedName } from '../../language/scoping/qualified-names.js';

// qualifiedName tells catalog members by their type's name, not by the generated type guards:
// the same answer only while no type of the grammar is a subtype of those four.
describe('qualified names of catalog members', () => {
    const reflection = createSegplanServices(EmptyFileSystem).shared.AstReflection;
    const guarded = (node: AstNode) => (isComponentType(node) || isFeature(node) || isPortSetting(node) || isSourceDocument(node) || isGuardrail(node)) && isVendor(node.$container)
        ? `${node.$container.name}.${(node as AstNode & { name: string }).name}` : undefined;

    it('answers as the type guards do for a node of every type of the grammar, in a vendor or not', () => {
        const types = reflection.getAllTypes();
        assert.ok(types.includes('ComponentType') && types.includes('AllowRule'), types.join(', '));
        for (const $type of types) {
            for (const $container of [{ $type: 'Vendor', name: 'veeam' }, { $type: 'SegplanDocument' }, undefined]) {
                const node = { $type, $container, name: 'Proxy' } as unknown as AstNode;
                assert.equal(qualifiedName(node), guarded(node), `${$type} in ${$container?.$type}`);
                assert.equal(qualifiedName(node), guarded(node), `${$type} in ${$container?.$type}, asked again`);
            }
        }
    });
});
