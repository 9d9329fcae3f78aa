import type { AstNode } from 'langium';
import { isComponentType, isFeature, isPortSetting, isSourceDocument, isVendor } from '../generated/ast.js';

/** Catalog members are known outside their vendor as `vendor.Member`, e.g. `veeam.BackupServer`. */
export function qualifiedName(node: AstNode): string | undefined {
    if ((isComponentType(node) || isFeature(node) || isPortSetting(node) || isSourceDocument(node)) && isVendor(node.$container)) {
        return `${node.$container.name}.${node.name}`;
    }
    return undefined;
}
