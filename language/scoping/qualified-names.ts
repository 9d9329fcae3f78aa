import type { AstNode } from 'langium';
import type { Vendor } from '../generated/ast.js';

/** The catalog members a plan can name from outside their vendor (no other node type is a subtype of these). */
const QUALIFIED_TYPES: ReadonlySet<string> = new Set(['ComponentType', 'Feature', 'PortSetting', 'SourceDocument', 'Guardrail']);

/**
 * Each catalog member's qualified name, written once: a 10,000-component plan asks it of each
 * component's type, and the name made anew each time was a string per component kept by the plan
 * model. Catalog members are a few hundred nodes, so a WeakMap holds them cheaply.
 */
const written = new WeakMap<AstNode, string>();

/** Catalog members are known outside their vendor as `vendor.Member`, e.g. `veeam.BackupServer`. */
export function qualifiedName(node: AstNode): string | undefined {
    // By type name rather than the generated type guards, which ask the grammar's type hierarchy
    // (a plan node, asked for each of its references, is none of these).
    if (!QUALIFIED_TYPES.has(node.$type) || node.$container?.$type !== 'Vendor') return undefined;
    let name = written.get(node);
    if (name === undefined) written.set(node, name = `${(node.$container as Vendor).name}.${(node as AstNode & { name: string }).name}`);
    return name;
}

/**
 * The name a reference stands for: the target's qualified name when it resolved, what the user
 * typed otherwise, and '' when a syntax error left the reference out altogether.
 */
export function referencedName(ref: { ref?: AstNode; $refText: string } | undefined): string {
    if (!ref) return '';
    return (ref.ref && qualifiedName(ref.ref)) ?? ref.$refText ?? '';
}
