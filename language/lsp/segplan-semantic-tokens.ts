import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor, type SemanticTokenRangeOptions } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isAddress, isAllowRule, isDenyRule, isGuardrail, isUseGuardrail, isCitation, isComponentType, isFeature, isFlow, isFlowEndpoint, isInstance, isPlatform, isPortItem,
    isPortOverride, isPortSetting, isRelation, isRequirement, isRuleEndpoint, isSite, isSitePair, isUseFeature, isVendor, isZone
} from '../generated/ast.js';
import { isHostName } from '../parser/address-of-node.js';

/** The word after a relation's first (`managed by`); the first of its kind on the line is it, a target comes later. */
const SECOND_RELATION_WORD: Record<string, string | undefined> = { managed: 'by', writes: 'to', pushed: 'from' };

/**
 * Colours by meaning, which a TextMate grammar cannot know: a name after `allow` is a zone or a
 * component, a dotted name is a component type, numbers in port lists are ports. Every name gets
 * its colour here, also one spelt like a word of the language (a zone `deny`, a component
 * `database`, a host name `host.example.com`), so the editor never shows it as that word.
 */
export class SegplanSemanticTokenProvider extends AbstractSemanticTokenProvider {
    /**
     * A token over several lines (`veeam.` at a line end, `BackupServer` on the next) for a client
     * that did not announce multi-line tokens: one token per line, each as long as its part of that
     * line. (Langium's own split mixes document offsets with columns and sends wrong lengths.)
     */
    protected override highlightToken(options: SemanticTokenRangeOptions): void {
        const { start, end } = options.range;
        const text = this.currentDocument?.textDocument;
        if (start.line === end.line || this.clientCapabilities?.multilineTokenSupport || !text) {
            super.highlightToken(options);
            return;
        }
        for (let line = start.line; line <= end.line; line++) {
            const lineText = text.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
            const from = line === start.line ? start.character : 0;
            const to = line === end.line ? end.character : lineText.length;
            if (to > from) super.highlightToken({ ...options, range: { start: { line, character: from }, end: { line, character: to } } });
        }
    }

    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declaration = [SemanticTokenModifiers.declaration];
        if (isZone(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: declaration });
        } else if (isSite(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: declaration });
            acceptor({ node, property: 'zones', type: SemanticTokenTypes.namespace });
        } else if (isInstance(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: declaration });
            acceptor({ node, property: 'type', type: SemanticTokenTypes.type });
            acceptor({ node, property: 'zone', type: SemanticTokenTypes.namespace });
            node.platform.forEach((_, index) => acceptor({ node, property: 'platform', index, type: SemanticTokenTypes.enumMember }));
            // `local database`: both words are the language's, though each is also a name elsewhere.
            if (node.localDatabase.length > 0) {
                acceptor({ node, keyword: 'local', type: SemanticTokenTypes.keyword });
                acceptor({ node, keyword: 'database', type: SemanticTokenTypes.keyword });
            }
        } else if (isRelation(node)) {
            // `managed by`, `writes to`, `pushed from` are the relation's words; the names after them are components.
            acceptor({ node, property: 'kind', type: SemanticTokenTypes.keyword });
            const second = SECOND_RELATION_WORD[node.kind];
            if (second) acceptor({ node, keyword: second, index: 0, type: SemanticTokenTypes.keyword });
            acceptor({ node, property: 'targets', type: SemanticTokenTypes.variable });
        } else if (isRequirement(node)) {
            acceptor({ node, property: 'sources', type: SemanticTokenTypes.variable });
            acceptor({ node, property: 'destinations', type: SemanticTokenTypes.variable });
        } else if (isRuleEndpoint(node) && node.target) {
            const target = node.target.ref;
            acceptor({ node, property: 'target', type: target && isZone(target) ? SemanticTokenTypes.namespace : SemanticTokenTypes.variable });
        } else if (isAddress(node) && isHostName(node)) {
            // Every label of a host name, whatever word it spells (`host.example.com`), as TextMate colours host names.
            acceptor({ node, property: 'value', type: SemanticTokenTypes.string });
        } else if (isPortItem(node)) {
            if (node.value !== undefined) acceptor({ node, property: 'value', type: SemanticTokenTypes.number });
            if (node.setting) acceptor({ node, property: 'setting', type: SemanticTokenTypes.property });
        } else if (isAllowRule(node) || isDenyRule(node)) {
            if (node.protocol) acceptor({ node, property: 'protocol', type: SemanticTokenTypes.keyword });
        } else if (isUseGuardrail(node)) {
            if (node.guardrail) acceptor({ node, property: 'guardrail', type: SemanticTokenTypes.enumMember });
        } else if (isGuardrail(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enumMember, modifier: declaration });
        } else if (isComponentType(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type, modifier: declaration });
            if (node.supertypes.length) acceptor({ node, property: 'supertypes', type: SemanticTokenTypes.type });
        } else if (isVendor(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.namespace, modifier: declaration });
        } else if (isFeature(node) || isPlatform(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enumMember, modifier: declaration });
        } else if (isPortSetting(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: declaration });
            acceptor({ node, property: 'default', type: SemanticTokenTypes.number });
        } else if (isFlowEndpoint(node)) {
            acceptor({ node, property: 'type', type: SemanticTokenTypes.type });
            if (node.excluded.length) acceptor({ node, property: 'excluded', type: SemanticTokenTypes.type });
            if (node.platforms.length) acceptor({ node, property: 'platforms', type: SemanticTokenTypes.enumMember });
        } else if (isFlow(node)) {
            if (node.features.length) acceptor({ node, property: 'features', type: SemanticTokenTypes.enumMember });
            if (node.conditions.length) acceptor({ node, property: 'conditions', type: SemanticTokenTypes.modifier });
        } else if (isUseFeature(node)) {
            acceptor({ node, property: 'feature', type: SemanticTokenTypes.enumMember });
        } else if (isPortOverride(node)) {
            acceptor({ node, property: 'setting', type: SemanticTokenTypes.property });
            acceptor({ node, property: 'port', type: SemanticTokenTypes.number });
            if (node.instances.length) acceptor({ node, property: 'instances', type: SemanticTokenTypes.variable });
        } else if (isSitePair(node)) {
            acceptor({ node, property: 'from', type: SemanticTokenTypes.namespace });
            acceptor({ node, property: 'to', type: SemanticTokenTypes.namespace });
        } else if (isCitation(node) && node.row !== undefined) {
            acceptor({ node, property: 'row', type: SemanticTokenTypes.number });
        }
    }
}
