import type { AstNode, LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { isAllowRule, isFlow, isInstance, isPlanHeader, isSite, isUseFeature, isZone, type AllowRule, type Flow, type SegplanDocument } from '../generated/ast.js';

/**
 * The outline of a plan: the plan, its zones with the components placed in them, sites, features
 * in use and allow rules (labelled by their endpoints and ports); catalogs show vendors and flows.
 */
export class SegplanDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    override getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as SegplanDocument;
        const symbols: DocumentSymbol[] = [];
        const byZone = new Map<string, DocumentSymbol>();
        if (root.header?.$cstNode) {
            const nameNode = this.nameProvider.getNameNode(root.header) ?? root.header.$cstNode;
            // A plan being typed has no name yet: `plan`, never `plan "undefined"`.
            symbols.push({ name: root.header.name ? `plan "${root.header.name}"` : 'plan', kind: SymbolKind.File, range: root.header.$cstNode.range, selectionRange: nameNode.range });
        }
        const instances: AstNode[] = [];
        for (const element of root.elements ?? []) {
            if (isInstance(element)) { instances.push(element); continue; }
            for (const symbol of this.getSymbol(document, element)) {
                symbols.push(symbol);
                if (isZone(element)) byZone.set(element.name, symbol);
            }
        }
        // Components nest under their zone when it is in this file.
        for (const instance of instances) {
            for (const symbol of this.getSymbol(document, instance)) {
                const zone = isInstance(instance) ? byZone.get(instance.zone?.$refText ?? '') : undefined;
                if (zone) (zone.children ??= []).push(symbol);
                else symbols.push(symbol);
            }
        }
        return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    }

    protected override getSymbol(document: LangiumDocument, node: AstNode): DocumentSymbol[] {
        if (isPlanHeader(node)) return [];
        if ((isAllowRule(node) || isFlow(node) || isUseFeature(node)) && node.$cstNode) {
            const name = isAllowRule(node) ? ruleLabel(node) : isFlow(node) ? flowLabel(node) : `use ${node.feature?.$refText ?? ''}`;
            const kind = isAllowRule(node) ? SymbolKind.Event : isFlow(node) ? SymbolKind.Interface : SymbolKind.EnumMember;
            return [{ name, kind, range: node.$cstNode.range, selectionRange: node.$cstNode.range }];
        }
        // Zones, components and sites each get their own icon in the outline and breadcrumbs.
        const kind = isZone(node) ? SymbolKind.Namespace : isInstance(node) ? SymbolKind.Object : isSite(node) ? SymbolKind.Package : undefined;
        return super.getSymbol(document, node).map(symbol => (kind === undefined ? symbol : { ...symbol, kind }));
    }
}

function ruleLabel(rule: AllowRule): string {
    const label = (e: AllowRule['sources'][number]) => e.any ? 'any' : e.target?.$refText ?? '?';
    const ports = (rule.ports ?? []).map(p => p.$cstNode?.text ?? '').join(', ');
    return `allow ${(rule.sources ?? []).map(label).join(', ')} -> ${(rule.destinations ?? []).map(label).join(', ')} ${rule.protocol ?? ''}${ports ? ` ${ports}` : ''}`;
}

function flowLabel(flow: Flow): string {
    const ports = (flow.ports ?? []).map(p => p.$cstNode?.text ?? '').join(', ');
    return `${flow.from?.type?.$refText ?? '?'} -> ${flow.to?.type?.$refText ?? '?'} ${flow.protocol ?? ''} ${ports}`;
}
