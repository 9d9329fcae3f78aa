import { AstUtils, type AstNode, type AstNodeDescription, type Stream } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import { isInstance, isRelation } from '../generated/ast.js';
import { referencedName } from '../scoping/qualified-names.js';

/**
 * After `managed by`, `database`, `writes to`, `pushed from`, `monitors` or `administers`: the
 * plan's components that a catalog flow following that relation could bind to the component being
 * written (backup servers after a proxy's `managed by`, databases after a server's `database`),
 * not every name.
 */
export function relationTargetCandidates(candidates: Stream<AstNodeDescription>, container: AstNode, catalog: Catalog): Stream<AstNodeDescription> | undefined {
    if (!isRelation(container)) return undefined;
    const subject = AstUtils.getContainerOfType(container, isInstance);
    const subjectType = subject ? referencedName(subject.type) : '';
    if (!subject || !catalog.types.has(subjectType)) return candidates;
    const subjectTypes = catalog.ancestorsOf(subjectType);
    const objectTypes = new Set<string>();
    for (const flow of catalog.flows) {
        if (flow.relation?.kind !== container.kind) continue;
        const [own, other] = flow.relation.subjectIsSource ? [flow.from, flow.to] : [flow.to, flow.from];
        if (subjectTypes.has(own.typeId)) objectTypes.add(other.typeId);
    }
    return candidates.filter(d => {
        const node = d.node;
        if (!isInstance(node) || node === subject) return false;
        const ancestors = catalog.ancestorsOf(referencedName(node.type));
        return [...objectTypes].some(t => ancestors.has(t));
    });
}
