import { ValueConverter, type AstNode, type LangiumCoreServices, type Linker, type ParseResult, type Reference, type ReferenceInfo } from 'langium';
import { keepDocumentReferences } from '../statement-references.js';
import { keepDocumentNodes } from '../document-nodes.js';
import type { SegplanDocument } from '../../generated/ast.js';
import { LEAN_NODE_PROTOTYPE, LeanCstNode, LeanPlaceCstNode, registerMaterializer, setLeanOffsets, TextLines, type LeanPlaceOf } from './lean-cst.js';
import { StatementCstMaterializer } from './lean-cst-materializer.js';
import type { LeanReferenceMaker } from './lean-reference.js';
import { IS_NAME, K, KEYWORDS, T_DATE, T_DIGIT_HOST_NAME, T_ID, T_INSTANCE_NAME, T_INT, T_IPV4, T_IPV6, T_PORT_OPEN, T_PORT_RANGE, T_STRING, tokenize, type PlanTokens } from './plan-lexer.js';

/** The keywords that start a relation on a component's line, with the word that follows them (undefined: none). */
const RELATION_KINDS: ReadonlyMap<number, number | undefined> = new Map([
    [K.managed, K.by], [K.database, undefined], [K.writes, K.to], [K.pushed, K.from], [K.monitors, undefined], [K.administers, undefined]
]);

/** Thrown where the lean parser is not sure to build what Langium builds: the caller then parses with Langium. */
const GIVE_UP = Symbol('give up');

/**
 * The place of the reference at `property` (and `index`), one object for all the nodes that have
 * it: a place is only read, and one per reference was 14,000 objects in a 5,000-rule plan.
 */
const singleReferencePlaces = new Map<string, LeanPlaceOf>();
const listedReferencePlaces = new Map<string, LeanPlaceOf[]>();
function referencePlace(property: string, index: number | undefined): LeanPlaceOf {
    if (index === undefined) {
        let place = singleReferencePlaces.get(property);
        if (!place) singleReferencePlaces.set(property, place = Object.freeze({ property, of: 'reference' }));
        return place;
    }
    let places = listedReferencePlaces.get(property);
    if (!places) listedReferencePlaces.set(property, places = []);
    return places[index] ??= Object.freeze({ property, index, of: 'reference' });
}

/** A node being built: Langium's nodes are read-only to their users, not to the parser. */
type Node = { $type: string; $container?: Node; [property: string]: unknown };

/**
 * A constructor for nodes of one type. Its nodes have the properties a literal would give them,
 * in the same order, but V8 gives the objects a constructor makes room for the properties set
 * after it (up to about eight): a literal's node keeps them in a second array that grows as they
 * come, megabytes and as much garbage for a large plan. Their prototype makes each node's
 * `$cstNode` when it is first read (see LEAN_NODE_PROTOTYPE).
 */
function nodeMaker(type: string): new () => Node {
    const maker = function (this: Node) {
        this.$type = type;
    } as unknown as new () => Node;
    maker.prototype = LEAN_NODE_PROTOTYPE;
    return maker;
}

const AddressNode = nodeMaker('Address');
const AllowRuleNode = nodeMaker('AllowRule');
const DenyRuleNode = nodeMaker('DenyRule');
const ImportNode = nodeMaker('Import');
const InstanceNode = nodeMaker('Instance');
const PlanHeaderNode = nodeMaker('PlanHeader');
const PortItemNode = nodeMaker('PortItem');
const PortOverrideNode = nodeMaker('PortOverride');
const RelationNode = nodeMaker('Relation');
const RequirementNode = nodeMaker('Requirement');
const RuleAddressNode = nodeMaker('RuleAddress');
const RuleEndpointNode = nodeMaker('RuleEndpoint');
const SegplanDocumentNode = nodeMaker('SegplanDocument');
const SiteNode = nodeMaker('Site');
const SitePairNode = nodeMaker('SitePair');
const UseFeatureNode = nodeMaker('UseFeature');
const UseGuardrailNode = nodeMaker('UseGuardrail');
const ZoneNode = nodeMaker('Zone');

/**
 * A parser for well-formed plans that builds the syntax tree Langium's parser builds — the same
 * node types, properties (created in the same order, with Langium's defaults for absent ones),
 * values and references — without Langium's concrete syntax tree and tokens: the CLI parses a
 * 5,000-rule plan in a tenth of the time and keeps tens of megabytes less (see lean-cst.ts for
 * how positions are still answered exactly).
 *
 * It reads only plan statements (the plan header, imports, zones, sites, pairs, components, use,
 * set, allow, deny and require). A vendor or platform statement, anything Langium's lexer or parser
 * would report, and any text where the two could differ makes it give up (undefined): the
 * caller parses with Langium, which also says what is wrong. A property test holds the two to
 * the same trees on generated and mutated plans.
 */
export class LeanPlanParser {
    constructor(private readonly services: LangiumCoreServices) {}

    parse(text: string): ParseResult<SegplanDocument> | undefined {
        const tokens = tokenize(text);
        if (!tokens || tokens.count === 0) return undefined;
        let root: SegplanDocument;
        try {
            root = new PlanReader(tokens, text, this.services.references.Linker).document();
        } catch (error) {
            if (error === GIVE_UP) return undefined;
            throw error;
        }
        const materializer = new StatementCstMaterializer(() => this.services.parser.LangiumParser, new TextLines(text));
        materializer.root = root;
        registerMaterializer(root, materializer);
        return { value: root, parserErrors: [], lexerErrors: [], lexerReport: { diagnostics: [] } };
    }
}

/**
 * An empty list with room for about `size` items, cut to what it holds when done: grown by push,
 * the lists of a large plan's nodes and references would be copied at each step, and by the
 * garbage collector (they outlive the young generation). Filled past its room
 * it grows as any list. The room stays below the length from which V8 keeps a list as a dictionary.
 */
function listOfRoomFor<T>(size: number): T[] {
    return new Array<T>(Math.min(size, 65_536));
}

/** One parse: reads the tokens from the first, giving up at the first that the plan grammar does not allow there. */
class PlanReader {
    private i = 0;
    private readonly kinds: Uint8Array;
    private readonly starts: Int32Array;
    private readonly ends: Int32Array;
    private readonly count: number;

    /** The linker's maker of lean references (SegPlan's linker has one). */
    private readonly leanReferences: LeanReferenceMaker | undefined;

    constructor(tokens: PlanTokens, private readonly text: string, private readonly linker: Linker) {
        this.leanReferences = typeof (linker as Partial<LeanReferenceMaker>).buildLeanReference === 'function' ? linker as unknown as LeanReferenceMaker : undefined;
        this.kinds = tokens.kinds;
        this.starts = tokens.starts;
        this.ends = tokens.ends;
        this.count = tokens.count;
        // A node or a reference takes at least a token, but for an address alone in a rule's side (two nodes).
        this.references = listOfRoomFor(tokens.count);
        this.nodes = listOfRoomFor(tokens.count);
    }

    document(): SegplanDocument {
        const root = this.made(new SegplanDocumentNode());
        if (this.at(K.plan)) {
            const start = this.i++;
            const header = this.made(new PlanHeaderNode());
            header.name = this.string();
            this.finish(header, start);
            root.header = header;
            header.$container = root;
            header.$containerProperty = 'header';
        }
        while (this.at(K.import)) {
            const start = this.i++;
            const node = this.made(new ImportNode());
            node.path = this.string();
            this.finish(node, start);
            this.push(root, 'imports', node);
        }
        while (this.i < this.count) this.push(root, 'elements', this.element());
        this.references.length = this.referenceCount;
        this.nodes.length = this.nodeCount;
        // The document's references and nodes as a walk over its nodes would list them (the parser
        // meets them in that order): linking and validation read them without the walk.
        keepDocumentReferences(root as unknown as AstNode, this.references);
        keepDocumentNodes(root as unknown as AstNode, this.nodes);
        root.$cstNode = this.cst(root, this.starts[0], this.ends[this.count - 1]);
        if (!root.elements) root.elements = [];
        if (!root.imports) root.imports = [];
        return root as unknown as SegplanDocument;
    }

    private element(): Node {
        switch (this.kind()) {
            case K.zone: return this.zone();
            case K.site: return this.site();
            case K.pair: return this.sitePair();
            case K.use: return this.kind(1) === K.guardrail ? this.useGuardrail() : this.useFeature();
            case K.set: return this.portOverride();
            case K.allow: return this.allowRule();
            case K.deny: return this.denyRule();
            case K.require: return this.requirement();
            case T_INSTANCE_NAME: return this.instance();
            // vendor, platform, or not a statement
            default: throw GIVE_UP;
        }
    }

    private zone(): Node {
        const start = this.i++;
        const node = this.made(new ZoneNode());
        node.name = this.name();
        if (this.at(K.internet)) {
            this.i++;
            node.internet = true;
        } else {
            do this.push(node, 'addresses', this.address()); while (this.skip(K.comma));
        }
        if (this.at(K.behind)) {
            this.i++;
            node.nat = true;
            this.expect(K.nat);
        }
        if (this.at(T_STRING)) node.description = this.string();
        this.finish(node, start);
        if (!node.addresses) node.addresses = [];
        if (node.internet === undefined) node.internet = false;
        if (node.nat === undefined) node.nat = false;
        return node;
    }

    private site(): Node {
        const start = this.i++;
        const node = this.made(new SiteNode());
        node.name = this.name();
        if (this.at(T_STRING)) node.description = this.string();
        this.expect(K.zones);
        do this.pushReference(node, 'zones', this.nameReference); while (this.skip(K.comma));
        this.finish(node, start);
        return node;
    }

    private sitePair(): Node {
        const start = this.i++;
        const node = this.made(new SitePairNode());
        node.from = this.nameReference(node, 'from');
        if (this.at(K.both)) {
            this.i++;
            node.bidirectional = true;
        } else {
            this.expect(K.arrow);
        }
        node.to = this.nameReference(node, 'to');
        this.finish(node, start);
        if (node.bidirectional === undefined) node.bidirectional = false;
        return node;
    }

    private instance(): Node {
        // `name : Type`: the lexer makes a name an INSTANCE_NAME only where ':' follows it.
        const start = this.i;
        const node = this.made(new InstanceNode());
        this.expect(T_INSTANCE_NAME);
        node.name = this.image(this.i - 1);
        this.i++;
        node.type = this.qualifiedReference(node, 'type');
        this.expect(K.in);
        node.zone = this.nameReference(node, 'zone');
        if (this.skip(K.at)) {
            do this.push(node, 'addresses', this.address()); while (this.skip(K.comma));
        }
        for (;;) {
            if (this.skip(K.os)) this.pushValue(node, 'os', this.os());
            else if (this.skip(K.on)) this.pushReference(node, 'platform', this.nameReference);
            else if (this.at(K.behind)) {
                this.i++;
                this.pushValue(node, 'nat', 'behind');
                this.expect(K.nat);
            } else if (this.at(K.local)) {
                this.i++;
                this.pushValue(node, 'localDatabase', 'local');
                this.expect(K.database);
            } else if (RELATION_KINDS.has(this.kind())) this.push(node, 'relations', this.relation());
            else break;
        }
        if (this.at(T_STRING)) node.description = this.string();
        this.finish(node, start);
        // A walk lists a node's own references before its children's: the relations' targets come last.
        if (node.relations) for (const relation of node.relations as Node[]) this.relationTargets(relation);
        if (!node.addresses) node.addresses = [];
        if (!node.localDatabase) node.localDatabase = [];
        if (!node.nat) node.nat = [];
        if (!node.os) node.os = [];
        if (!node.platform) node.platform = [];
        if (!node.relations) node.relations = [];
        return node;
    }

    /** `managed by vbr`, `database db1`, `writes to sn1, sftp1`, `pushed from mgmt`, `monitors vbr1, vbr2`, `administers vbr`. */
    private relation(): Node {
        const start = this.i;
        const node = this.made(new RelationNode());
        const kind = this.kind();
        node.kind = this.keyword(this.i++);
        const second = RELATION_KINDS.get(kind);
        if (second !== undefined) this.expect(second);
        // The targets' tokens: their references are made once the component's own are (relationTargets).
        const tokens: number[] = [];
        do {
            this.expectName();
            tokens.push(this.i - 1);
        } while (this.skip(K.comma));
        node.targets = tokens;
        this.finish(node, start);
        return node;
    }

    private relationTargets(relation: Node): void {
        const tokens = relation.targets as number[];
        const at = this.i;
        relation.targets = tokens.map((token, index) => {
            this.i = token + 1;
            return this.reference(relation, 'targets', index, token, this.image(token));
        });
        this.i = at;
    }

    private useFeature(): Node {
        const start = this.i++;
        const node = this.made(new UseFeatureNode());
        node.feature = this.qualifiedReference(node, 'feature');
        this.finish(node, start);
        return node;
    }

    private useGuardrail(): Node {
        const start = this.i;
        this.i += 2;
        const node = this.made(new UseGuardrailNode());
        node.guardrail = this.qualifiedReference(node, 'guardrail');
        this.finish(node, start);
        return node;
    }

    private portOverride(): Node {
        const start = this.i++;
        const node = this.made(new PortOverrideNode());
        node.setting = this.qualifiedReference(node, 'setting');
        this.expect(K.equals);
        node.port = this.int();
        if (this.skip(K.for)) {
            do this.pushReference(node, 'instances', this.nameReference); while (this.skip(K.comma));
        }
        this.finish(node, start);
        if (!node.instances) node.instances = [];
        return node;
    }

    private allowRule(): Node {
        const start = this.i++;
        const node = this.made(new AllowRuleNode());
        this.ruleBody(node);
        if (this.skip(K.until)) {
            this.expect(T_DATE);
            node.until = this.image(this.i - 1);
        }
        this.finish(node, start);
        if (!node.ports) node.ports = [];
        return node;
    }

    /** What allow rules and deny statements both say after their keyword: sides, protocol, ports, description. */
    private ruleBody(node: Node): void {
        do this.push(node, 'sources', this.ruleEndpoint()); while (this.skip(K.comma));
        this.expect(K.arrow);
        do this.push(node, 'destinations', this.ruleEndpoint()); while (this.skip(K.comma));
        node.protocol = this.protocol();
        // A name after the protocol is a port setting to Langium, even where it is the next statement's `name :`.
        const kind = this.kind();
        if (kind === T_INT || kind === T_PORT_RANGE || kind === T_PORT_OPEN || kind === T_ID) {
            do this.push(node, 'ports', this.portItem(node)); while (this.skip(K.comma));
        }
        if (this.at(T_STRING)) node.description = this.string();
    }

    /** A deny statement: an allow rule's shape without `until`. */
    private denyRule(): Node {
        const start = this.i++;
        const node = this.made(new DenyRuleNode());
        this.ruleBody(node);
        this.finish(node, start);
        if (!node.ports) node.ports = [];
        return node;
    }

    private ruleEndpoint(): Node {
        const start = this.i;
        const node = this.made(new RuleEndpointNode());
        const kind = this.kind();
        if (kind === K.any) {
            this.i++;
            node.any = true;
        } else if (IS_NAME[kind] === 1) {
            node.target = this.nameReference(node, 'target');
        } else if (kind === T_IPV4 || kind === T_IPV6) {
            const address = this.made(new RuleAddressNode());
            address.value = this.image(this.i++);
            this.finish(address, start);
            node.address = address;
            address.$container = node;
            address.$containerProperty = 'address';
        } else {
            throw GIVE_UP;
        }
        this.finish(node, start);
        if (node.any === undefined) node.any = false;
        return node;
    }

    private requirement(): Node {
        const start = this.i++;
        const node = this.made(new RequirementNode());
        do this.pushReference(node, 'sources', this.nameReference); while (this.skip(K.comma));
        this.expect(K.arrow);
        do this.pushReference(node, 'destinations', this.nameReference); while (this.skip(K.comma));
        node.protocol = this.protocol();
        do this.push(node, 'ports', this.portItem(node)); while (this.skip(K.comma));
        node.purpose = this.string();
        if (this.at(K.installOnly)) {
            this.i++;
            node.installOnly = true;
        }
        this.finish(node, start);
        if (node.installOnly === undefined) node.installOnly = false;
        return node;
    }

    private portItem(_parent: Node): Node {
        const start = this.i;
        const node = this.made(new PortItemNode());
        const kind = this.kind();
        if (kind === T_PORT_OPEN && this.kind(1) === T_INT) {
            // `9082+ 2 per zerto.Vra`
            node.value = this.image(this.i++);
            node.perCount = this.int();
            this.expect(K.per);
            node.perType = this.qualifiedReference(node, 'perType');
        } else if (kind === T_INT) {
            // PortText is a data type rule: Langium converts its INT token and appends the number's text.
            node.value = parseInt(this.image(this.i++)).toString();
        } else if (kind === T_PORT_RANGE || kind === T_PORT_OPEN) {
            node.value = this.image(this.i++);
        } else if (kind === T_ID) {
            node.setting = this.qualifiedReference(node, 'setting');
        } else {
            throw GIVE_UP;
        }
        this.finish(node, start);
        return node;
    }

    private address(): Node {
        const start = this.i;
        const node = this.made(new AddressNode());
        const kind = this.kind();
        if (kind === T_IPV4 || kind === T_IPV6 || kind === T_DIGIT_HOST_NAME) node.value = this.image(this.i++);
        else if (IS_NAME[kind] === 1) node.value = this.hostName();
        else throw GIVE_UP;
        this.finish(node, start);
        return node;
    }

    private protocol(): string {
        const kind = this.kind();
        if (kind !== K.tcp && kind !== K.udp && kind !== K.tcpUdp && kind !== K.any) throw GIVE_UP;
        return this.keyword(this.i++);
    }

    private os(): string {
        const kind = this.kind();
        if (kind !== K.windows && kind !== K.linux && kind !== K.esxi && kind !== K.appliance) throw GIVE_UP;
        return this.keyword(this.i++);
    }

    /** QualifiedName: `ID ('.' ID)*`, concatenated as Langium's data type rules concatenate their tokens (comments left out). */
    private dottedName(): string {
        this.expect(T_ID);
        let value = this.image(this.i - 1);
        while (this.skip(K.dot)) {
            this.expect(T_ID);
            value += '.' + this.image(this.i - 1);
        }
        return value;
    }

    /** HostName: `Name ('.' Name)*`, a name's words (`database.corp.local`) included. */
    private hostName(): string {
        let value = this.name();
        while (this.skip(K.dot)) value += '.' + this.name();
        return value;
    }

    /** A reference to a zone, site, component or platform: a name, or a keyword that is also one (the grammar's `Name`). */
    private readonly nameReference = (node: Node, property: string, index?: number) => {
        const start = this.i;
        this.expectName();
        return this.reference(node, property, index, start, this.image(start));
    };

    private qualifiedReference(node: Node, property: string) {
        const start = this.i;
        const name = this.dottedName();
        return this.reference(node, property, undefined, start, name);
    }

    /** The document's references, in the order they are read. */
    private readonly references: ReferenceInfo[];
    private referenceCount = 0;
    /** The document's nodes, in the order they are made (see made). */
    private readonly nodes: AstNode[];
    private nodeCount = 0;

    /**
     * The reference at `property` (and `index`) of `node`, from token `start` to the last read,
     * listed with the document's as ast-walk's forEachReference describes it. A lean
     * reference is its own description (lean-reference.ts); a linker that makes none gets
     * Langium's reference and a description of it (no index for a single one).
     */
    private reference(node: Node, property: string, index: number | undefined, start: number, text: string): Reference {
        const container = node as unknown as AstNode, offset = this.starts[start], end = this.ends[this.i - 1];
        if (this.leanReferences) {
            const reference = this.leanReferences.buildLeanReference(container, offset, end, text, referencePlace(property, index));
            this.references[this.referenceCount++] = reference;
            return reference;
        }
        const reference = this.linker.buildReference(container, property, this.cst(node, offset, end, referencePlace(property, index)), text);
        this.references[this.referenceCount++] = index === undefined ? { reference, container, property } : { reference, container, property, index };
        return reference;
    }

    /** The grammar's `Name`: an ID, or a keyword that is also a name (`database`, `monitors`). */
    private name(): string {
        this.expectName();
        return this.image(this.i - 1);
    }

    private expectName(): void {
        if (IS_NAME[this.kind()] !== 1) throw GIVE_UP;
        this.i++;
    }

    private string(): string {
        this.expect(T_STRING);
        const image = this.image(this.i - 1);
        // Langium's conversion adds the text one character at a time (a string of many pieces per
        // description); without an escape the value is the text between the quotes, as it is.
        return image.includes('\\') ? ValueConverter.convertString(image) : image.slice(1, -1);
    }

    private int(): number {
        this.expect(T_INT);
        return parseInt(this.image(this.i - 1));
    }

    /** The node's place (first to last token read for it), given once its own properties are all read, as Langium's parser gives it; made when asked for. */
    private finish(node: Node, start: number): void {
        setLeanOffsets(node as unknown as AstNode, this.starts[start], this.ends[this.i - 1]);
    }

    /** A node just made, listed: nodes are made parent first, children in the order a walk visits them. */
    private made(node: Node): Node {
        this.nodes[this.nodeCount++] = node as unknown as AstNode;
        return node;
    }

    private cst(node: Node, offset: number, end: number, reference?: LeanPlaceOf): LeanCstNode {
        return reference ? new LeanPlaceCstNode(offset, end, node as unknown as AstNode, reference) : new LeanCstNode(offset, end, node as unknown as AstNode);
    }

    // A list starts as a literal of its first item rather than an empty list pushed to: a pushed
    // list keeps room for 16 more, and most of a plan's lists (a rule's sources, destinations and
    // ports, a component's addresses) hold one item.
    private push(parent: Node, property: string, child: Node): void {
        const list = parent[property] as Node[] | undefined;
        child.$container = parent;
        child.$containerProperty = property;
        child.$containerIndex = list ? list.length : 0;
        if (list) list.push(child); else parent[property] = [child];
    }

    private pushValue(parent: Node, property: string, value: unknown): void {
        const list = parent[property] as unknown[] | undefined;
        if (list) list.push(value); else parent[property] = [value];
    }

    private pushReference(parent: Node, property: string, read: (node: Node, property: string, index?: number) => unknown): void {
        const list = parent[property] as unknown[] | undefined;
        if (list) list.push(read(parent, property, list.length));
        else parent[property] = [read(parent, property, 0)];
    }

    private kind(ahead = 0): number {
        const at = this.i + ahead;
        return at < this.count ? this.kinds[at] : -1;
    }

    private at(kind: number): boolean {
        return this.i < this.count && this.kinds[this.i] === kind;
    }

    private skip(kind: number): boolean {
        if (!this.at(kind)) return false;
        this.i++;
        return true;
    }

    private expect(kind: number): void {
        if (!this.at(kind)) throw GIVE_UP;
        this.i++;
    }

    /** A keyword token's text: the keyword itself, one string for all its tokens (a 5,000-rule plan's `tcp` was 5,000 strings). */
    private keyword(token: number): string {
        return KEYWORDS[this.kinds[token]];
    }

    private image(token: number): string {
        return this.text.substring(this.starts[token], this.ends[token]);
    }
}
