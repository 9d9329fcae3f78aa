import { AstUtils, GrammarAST, URI, WorkspaceCache, type AstNodeDescription, type LangiumDocument, type ReferenceInfo, type Stream } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionBacktrackingInformation, type CompletionContext,
    type CompletionValueItem, type NextFeature
} from 'langium/lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind } from 'vscode-languageserver';
import {
    isAllowRule, isComponentType, isFeature, isInstance, isSite, isUseFeature, isZone,
    type AllowRule, type SegplanDocument
} from '../generated/ast.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { formatPorts, portSetOf } from '../network/ports.js';
import type { SegplanServices } from '../segplan-module.js';
import { importClosure } from '../workspace/plan-imports.js';
import { analysisFor, citationsOf, planRuleOf, portsStillNeeded, typeDocumentation } from './plan-facts.js';
import { vendorDisplayName } from '../analysis/plan-requirements.js';
import { relationTargetCandidates } from './relation-completion.js';
import { keepItemsThatFitTyping } from './completion-gate.js';

/**
 * Completion in the words of the catalogs: component types grouped by vendor and found by their
 * aliases, the names of the plan's zones, components and sites, the ports an allow rule still
 * needs, and the features of the vendors the plan uses.
 */
export class SegplanCompletionProvider extends DefaultCompletionProvider {
    // The completion list opens by itself after `x : ` (component types), ` in ` (zones), `tcp `
    // (the ports still required) and after `.` of a qualified type name.
    override readonly completionOptions = { triggerCharacters: [':', ' ', '.', ','] };

    private readonly analyzer: PlanAnalyzer;
    private readonly documents;

    constructor(services: SegplanServices) {
        super(services);
        this.analyzer = services.analysis.PlanAnalyzer;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.vendorsByFile = new WorkspaceCache(services.shared);
    }

    /**
     * Where to start reading for completion: the start of the last top-level element that ends
     * before the cursor's line. Elements are independent in the grammar, so the features expected at
     * the cursor are the same as when reading from the top — and a 10,000-line plan is not re-read
     * from its first line on every keystroke.
     */
    private windowStart(textDocument: { uri: string; getText(): string }, offset: number): number {
        const document = this.documents.getDocument(URI.parse(textDocument.uri));
        const elements = (document?.parseResult.value as SegplanDocument | undefined)?.elements;
        if (!document || !elements?.length) return 0;
        const text = textDocument.getText();
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        let low = 0, high = elements.length - 1, found = -1;
        while (low <= high) {
            const mid = (low + high) >> 1;
            const cst = elements[mid].$cstNode;
            if (cst && cst.end <= lineStart) { found = mid; low = mid + 1; } else high = mid - 1;
        }
        const anchor = found >= 0 ? elements[found].$cstNode : undefined;
        // The tree may lag behind the text by an edit; read from the top unless it still matches.
        if (!anchor || !text.startsWith(anchor.text, anchor.offset)) return 0;
        return anchor.offset;
    }

    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const start = this.windowStart(document, offset);
        if (start === 0) return super.findFeaturesAt(document, offset);
        const window = TextDocument.create(document.uri, document.languageId, document.version, document.getText().slice(start, offset));
        return super.findFeaturesAt(window, offset - start);
    }

    private backtrackUri?: string;

    override async getCompletion(document: LangiumDocument, params: Parameters<DefaultCompletionProvider['getCompletion']>[1]) {
        // A position past the end (a client that is behind) is read as the end: no range may leave the document.
        const text = document.textDocument;
        params = { ...params, position: text.positionAt(text.offsetAt(params.position)) };
        // Typed characters open the list only where it has something to offer: after `name : `, ` in `,
        // a protocol, `->` or a comma in a list, and after the `.` of a type — not after every space.
        if (params.context?.triggerKind === 2 /* TriggerCharacter */) {
            const before = text.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
            if (!/(:\s|\bin\s|\b(tcp|udp|tcp\/udp|any)\s|->\s|,\s?|\w\.)$/.test(before) || /"[^"]*$/.test(before.replace(/"[^"]*"/g, ''))) return undefined;
        }
        this.backtrackUri = document.uri.toString();
        const list = await super.getCompletion(document, params);
        if (!list) return list;
        const items = keepItemsThatFitTyping(text, params.position, list.items);
        // A complete list: the editor filters it as the word grows, at once. An incomplete one is
        // asked for again on every key, and until the answer comes the editor shows the old list,
        // where the word just finished (`windows`, `prod`) is still an item that Enter would take.
        // Component types are the exception: only the server knows that `VBR` is exactly an alias
        // (the editor would rank `veeam.Console`, which mentions VBR, as high), so it is asked again.
        return { isIncomplete: items.some(i => i.kind === CompletionItemKind.Class), items };
    }

    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const uri = this.backtrackUri;
        const start = uri ? this.windowStart({ uri, getText: () => text }, offset) : 0;
        if (start === 0) return super.backtrackToAnyToken(text, offset);
        let end = text.indexOf('\n', offset);
        if (end < 0) end = text.length;
        const shift = (n: number | undefined) => n === undefined ? undefined : n + start;
        const info = super.backtrackToAnyToken(text.slice(start, end), offset - start);
        return {
            nextTokenStart: shift(info.nextTokenStart)!, nextTokenEnd: shift(info.nextTokenEnd)!,
            previousTokenStart: shift(info.previousTokenStart), previousTokenEnd: shift(info.previousTokenEnd)
        };
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): void | Promise<void> {
        if (this.isPortPosition(context, next) || this.isPortSettingPosition(context, next)) {
            if (this.isPortPosition(context, next)) this.completePorts(context, acceptor);
            // After the protocol the required ports come first; then the port settings of the
            // vendors the plan places; of the keywords only `until` belongs on this line.
            const vendors = this.vendorsInPlan(context.document);
            return super.completionFor(context, next, (ctx, item) => {
                if (item.kind === CompletionItemKind.Keyword && item.label !== 'until') return;
                const settingVendor = 'nodeDescription' in item && item.nodeDescription?.type === 'PortSetting' ? item.nodeDescription.name.split('.')[0] : undefined;
                if (settingVendor !== undefined && vendors.size > 0 && !vendors.has(settingVendor)) return;
                acceptor(ctx, settingVendor !== undefined ? { ...item, sortText: `1${item.label}` } : item);
            });
        }
        return super.completionFor(context, next, acceptor);
    }

    /**
     * When the parser recovered the text around the cursor into a different element than the one
     * being typed, complete against a stand-in of the right type (so `in <zone>` still finds zones).
     */
    protected override completionForCrossReference(context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor): void | Promise<void> {
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        const node = context.node;
        if (!next.type && rule && node && !this.astReflection.isInstance(node, rule.name) && this.astReflection.getAllTypes().includes(rule.name)) {
            const standIn = { $type: rule.name, $container: node };
            return super.completionForCrossReference({ ...context, node: standIn as never }, next, acceptor);
        }
        return super.completionForCrossReference(context, next, acceptor);
    }

    /** A port goes here: the value of a PortItem, or the port list of an allow rule. */
    private isPortPosition(context: CompletionContext, next: NextFeature): boolean {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        const inPortItem = rule?.name === 'PortItem' && assignment?.feature === 'value';
        const inRulePorts = rule?.name === 'AllowRule' && assignment?.feature === 'ports';
        return (inPortItem || inRulePorts) && !!this.allowRuleAt(context);
    }

    /**
     * On an allow rule's line after its protocol, of the keywords only `until` can follow (a new
     * statement starts on its own line): `allow`, `zone` … are not offered there.
     */
    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): void | Promise<void> {
        if (keyword.value !== 'until' && afterRuleProtocol(context)) return;
        return super.completionForKeyword(context, keyword, acceptor);
    }

    /** A vendor's port setting goes here, in the port list of an allow rule. */
    private isPortSettingPosition(context: CompletionContext, next: NextFeature): boolean {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        return rule?.name === 'PortItem' && assignment?.feature === 'setting' && !!this.allowRuleAt(context);
    }

    private allowRuleAt(context: CompletionContext): AllowRule | undefined {
        return context.node ? AstUtils.getContainerOfType(context.node, isAllowRule) : undefined;
    }

    private readonly portsOffered = new WeakMap<CompletionContext, true>();

    private completePorts(context: CompletionContext, acceptor: CompletionAcceptor): void {
        if (this.portsOffered.has(context)) return;
        this.portsOffered.set(context, true);
        const node = this.allowRuleAt(context)!;
        const analysis = analysisFor(this.analyzer, context.document);
        const rule = analysis && planRuleOf(analysis, node);
        if (!analysis || !rule) return;
        const needed = portsStillNeeded(analysis, rule);
        if (needed.length === 0) return;
        const byPorts = new Map<string, { purposes: Set<string>; pairs: Set<string>; citations: Set<string> }>();
        for (const { flow, ports } of needed) {
            const text = formatPorts(ports);
            let entry = byPorts.get(text);
            if (!entry) byPorts.set(text, entry = { purposes: new Set(), pairs: new Set(), citations: new Set() });
            entry.purposes.add(flow.flow.purpose);
            entry.pairs.add(`${flow.flow.source.name} → ${flow.flow.destination.name}`);
            flow.flow.catalogFlows.forEach(f => entry!.citations.add(citationsOf(f)));
        }
        const all = formatPorts(portSetOf(needed.flatMap(n => [...n.ports])));
        const purposes = [...new Set(needed.map(n => n.flow.flow.purpose))];
        // With one group of ports, that group is already "all of them".
        if (byPorts.size > 1) acceptor(context, {
            label: all,
            labelDetails: { description: 'every required port not yet allowed' },
            kind: CompletionItemKind.Value,
            detail: `All ${byPorts.size} port groups these endpoints still need`,
            documentation: { kind: 'markdown', value: purposes.map(p => `- ${p}`).join('\n') },
            insertText: all,
            filterText: all,
            sortText: '0000',
            preselect: true
        });
        let i = 1;
        for (const [text, entry] of [...byPorts].sort((a, b) => a[0].localeCompare(b[0], undefined, { numeric: true }))) {
            acceptor(context, {
                label: text,
                labelDetails: { description: [...entry.purposes].join('; ') },
                kind: CompletionItemKind.Value,
                detail: [...entry.purposes].join('; '),
                documentation: {
                    kind: 'markdown',
                    value: `Required between ${[...entry.pairs].slice(0, 5).join(', ')}${entry.pairs.size > 5 ? ` and ${entry.pairs.size - 5} more` : ''}.\n\nSource: ${[...entry.citations].join('; ')}`
                },
                insertText: text,
                preselect: byPorts.size === 1 || undefined,
                sortText: String(i++).padStart(4, '0')
            });
        }
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const candidates = super.getReferenceCandidates(refInfo, context);
        const related = relationTargetCandidates(candidates, refInfo.container, this.analyzer.catalog());
        if (related) return related;
        if (refInfo.property === 'feature' && isUseFeature(refInfo.container)) {
            const vendors = this.vendorsInPlan(context.document);
            return candidates.filter(d => vendors.has(d.name.split('.')[0]));
        }
        if (refInfo.property === 'type' && isInstance(refInfo.container)) {
            const catalog = this.analyzer.catalog();
            return candidates.filter(d => !catalog.types.get(d.name)?.abstract);
        }
        return candidates;
    }

    private readonly vendorsByContext = new WeakMap<CompletionContext, Set<string>>();

    /** vendorsInPlan, once per completion request (it is asked for every component type offered). */
    private vendorsOfCompletion(context: CompletionContext): Set<string> {
        let vendors = this.vendorsByContext.get(context);
        if (!vendors) this.vendorsByContext.set(context, vendors = this.vendorsInPlan(context.document));
        return vendors;
    }

    /** Vendors whose components the plan (with what it imports) places. */
    private vendorsInPlan(document: LangiumDocument): Set<string> {
        // Kept until the workspace changes: reading every component's type of a large plan at every completion is noticeable.
        return this.vendorsByFile.get(document.uri.toString(), () => this.readVendorsInPlan(document));
    }

    private readonly vendorsByFile: WorkspaceCache<string, Set<string>>;

    private readVendorsInPlan(document: LangiumDocument): Set<string> {
        const vendors = new Set<string>();
        for (const doc of importClosure(document, this.documents)) {
            for (const element of (doc.parseResult.value as SegplanDocument).elements ?? []) {
                const type = isInstance(element) ? element.type?.ref : undefined;
                if (type && isComponentType(type)) vendors.add(type.$container.name);
            }
        }
        return vendors;
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const base = super.createReferenceCompletionItem(description, refInfo, context);
        const catalog = this.analyzer.catalog();
        const node = description.node;
        const type = catalog.types.get(description.name);
        if (type) {
            const vendor = vendorDisplayName(catalog, type.vendorId);
            // The vendors the plan already places first, then the shared infrastructure, then the
            // rest; within a vendor the shorter (the more basic) name first, so `veeam.Prox` + Enter
            // picks Proxy, not ProxmoxWorker.
            const inPlan = this.vendorsOfCompletion(context);
            const group = inPlan.has(type.vendorId) ? '0' : SHARED_VENDORS.has(type.vendorId) ? '1' : '2';
            return {
                ...base,
                kind: CompletionItemKind.Class,
                labelDetails: { detail: ` ${type.displayName}`, description: vendor },
                detail: `${type.displayName} — ${vendor}`,
                // Clients filter on this text: the aliases ("ZVM", "VBR") find the type too.
                filterText: [description.name, type.displayName, ...type.aliases].join(' '),
                documentation: { kind: 'markdown', value: typeDocumentation(catalog, type) },
                sortText: `${group}${type.vendorId}.${String(type.name.length).padStart(3, '0')}${type.name}`
            };
        }
        if (node && isFeature(node)) {
            return { ...base, kind: CompletionItemKind.EnumMember, labelDetails: { detail: ` ${node.displayName}` }, detail: node.displayName, sortText: description.name };
        }
        if (node && isZone(node)) {
            return { ...base, kind: CompletionItemKind.Module, detail: `zone ${node.internet ? 'internet' : node.addresses.map(a => a.value).join(', ')}` };
        }
        if (node && isInstance(node)) {
            const t = catalog.types.get(node.type?.$refText ?? '');
            return { ...base, kind: CompletionItemKind.Variable, detail: `${t?.displayName ?? node.type?.$refText ?? '?'} in ${node.zone?.$refText ?? '?'}` };
        }
        if (node && isSite(node)) {
            return { ...base, kind: CompletionItemKind.Folder, detail: `site: zones ${(node.zones ?? []).map(z => z.$refText).join(', ')}` };
        }
        return base;
    }

    /** Component types also match what was typed on their aliases and display name. */
    protected override fillCompletionItem(context: CompletionContext, item: CompletionValueItem) {
        // The `plan` keyword after the editor's plan snippet, which writes the whole header.
        if (item.kind === CompletionItemKind.Keyword && item.label === 'plan') item = { ...item, sortText: 'zz plan' };
        const description = 'nodeDescription' in item ? item.nodeDescription : undefined;
        const type = description && !item.textEdit ? this.analyzer.catalog().types.get(description.name) : undefined;
        const typed = context.textDocument.getText().substring(context.tokenOffset, context.offset);
        if (description && type && typed) {
            const words = [description.name, description.name.split('.').pop()!, type.displayName, ...type.aliases].map(w => w.toLowerCase());
            const wanted = typed.toLowerCase();
            if (words.some(w => w.includes(wanted) || w.split(/\s+/).some(part => part.startsWith(wanted)))) {
                const start = context.textDocument.positionAt(context.tokenOffset);
                item = { ...item, textEdit: { newText: description.name, range: { start, end: context.position } } };
            }
            // `VBR` + Enter is the type called VBR, whatever other types mention it. Editors rank
            // by how well the typed word matches the filter text before the sort text, so the
            // exact match gets the typed word as its filter text as well as the first place.
            if (words.includes(wanted)) item = { ...item, filterText: typed, sortText: `!${item.sortText ?? ''}`, preselect: true };
        }
        return super.fillCompletionItem(context, item);
    }
}

/** The cursor is on an allow rule's line, after its protocol, outside its description. */
function afterRuleProtocol(context: CompletionContext): boolean {
    const text = context.textDocument.getText();
    const lineStart = text.lastIndexOf('\n', context.offset - 1) + 1;
    return /^\s*allow\b.*->.*\s(?:tcp\/udp|tcp|udp|any)\b[^"]*$/.test(text.slice(lineStart, context.offset));
}

/** Vendors whose types any plan uses beside a product: hypervisors, directory, generic servers. */
const SHARED_VENDORS = new Set(['vmware', 'microsoft', 'infra', 'nutanix', 'proxmox', 'vcloud', 'cloud']);
