import type { AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import type { PlanRule } from '../plan/plan-model.js';
import type { FlowResultOf } from './cover-requirements.js';
import type { RequirementEndpoint } from './required-flows.js';

type FlowResult = FlowResultOf<RequirementEndpoint>;
import { formatPorts, portSetOf, subtractPorts } from '../network/ports.js';
import { briefCitations, findingFacts, formatCitations, type Finding } from './finding.js';
import { FindingWrittenWhenRead, withMessage } from './finding-written-when-read.js';
import { vendorDisplayName } from './plan-requirements.js';
import { describeFlow, MISSING_FLOW, PARTIAL_FLOW } from './flow-findings.js';
import { innerMap } from '../utils/inner-map.js';
import { keptWhole } from '../utils/kept-whole.js';

/**
 * One finding per pair of components and kind: when vbr → proxy misses three flows, the editor
 * shows one diagnostic on vbr listing what is blocked (with each flow's catalog source as related
 * information), not three stacked messages — and a flat plan with 600,000 missing flows gives one
 * finding per pair, not per flow. Required and install-only flows stay apart (error and warning).
 *
 * Where an allow rule already runs between the two components, the finding goes on that rule:
 * it is the line that nearly covers the flows, and its quick fix adds the ports to it.
 */
export function pairFindings(results: readonly FlowResult[], findingOf: (result: FlowResult) => Finding, catalog: Catalog, rules: readonly PlanRule[]): Finding[] {
    // Made once (a plan checked once): what each finding was made from is not kept.
    return grouped(results, findingOf, catalog, rulesBetween(rules), false).findings;
}

/**
 * What the grouping of one list of results gave (pairFindings), and what each finding was made
 * from: an analysis after an edit keeps a site's findings while its results have the same
 * findings of their own and each finding would stand on the same allow rule (stillPaired).
 */
export interface PairFindingsMade {
    /** The results grouped, in order, and the finding each had of its own (findingOf). */
    readonly results: readonly FlowResult[];
    readonly own: readonly Finding[];
    /** The findings, in the order of their first flows. */
    readonly findings: readonly Finding[];
    /** Per finding: the result of its first flow. */
    readonly firsts: readonly FlowResult[];
    /** Per finding of a pair's blocked flows: the flow, or the flows of its pair and kind; undefined for any other finding. */
    readonly groups: readonly (FlowResult | readonly FlowResult[] | undefined)[];
    /** Per finding: the allow rule it stands on and that rule's syntax node, or undefined where it stands on its flow. */
    readonly nears: readonly (PlanRule | undefined)[];
    readonly nearNodes: readonly (AstNode | undefined)[];
}

/** The allow rules between components, by source and destination name (rulesBetween). */
export type NearRules = ReadonlyMap<string, ReadonlyMap<string, readonly PlanRule[]>>;

/** pairFindings, with what each finding was made from (stillPaired reads it); `nearRules`: rulesBetween of the plan's allow rules. */
export function pairFindingsOf(results: readonly FlowResult[], findingOf: (result: FlowResult) => Finding, catalog: Catalog, nearRules: NearRules): PairFindingsMade {
    return grouped(results, findingOf, catalog, nearRules, true);
}

/**
 * The grouping itself. Without `record` only the findings are filled in (its other lists are empty,
 * which stillPaired would take for findings made from nothing): pairFindings alone asks that.
 */
function grouped(results: readonly FlowResult[], findingOf: (result: FlowResult) => Finding, catalog: Catalog, nearRules: NearRules, record: boolean): PairFindingsMade & { findings: Finding[] } {
    // Each pair's groups, one per kind (code and severity), in `groups`: a flow alone until a second
    // of its pair and kind comes (most pairs have one kind and most groups one flow: no list is
    // made for them). `out` holds the findings in order, a group by its number in `groups`.
    const groups: (FlowResult | FlowResult[])[] = [];
    const out: (Finding | number)[] = [];
    const own: Finding[] = [];
    const firsts: FlowResult[] = [];
    // Source name → destination name → the pair's group numbers: one, or one per kind. Nested by
    // the names themselves: a key written per finding (80,000 in a plan without sites) cost more
    // than the grouping.
    const byPair = new Map<string, Map<string, number | number[]>>();
    // Indexed loops: once per finding (tens of thousands in a large plan), in code not yet
    // compiled, where each for…of step and each search's callback allocates.
    for (let r = 0; r < results.length; r++) {
        const result = results[r];
        const finding = findingOf(result);
        if (record) own.push(finding);
        if (finding.code !== MISSING_FLOW && finding.code !== PARTIAL_FLOW) {
            out.push(finding);
            if (record) firsts.push(result);
            continue;
        }
        const byDestination = innerMap(byPair, result.flow.source.name);
        const destination = result.flow.destination.name;
        const numbers = byDestination.get(destination);
        const number = numbers === undefined ? -1 : sameKind(numbers, groups, finding, findingOf);
        if (number >= 0) {
            const group = groups[number];
            if (Array.isArray(group)) group.push(result); else groups[number] = [group, result];
            continue;
        }
        const added = groups.length;
        groups.push(result);
        out.push(added);
        if (record) firsts.push(result);
        if (numbers === undefined) byDestination.set(destination, added);
        else if (typeof numbers === 'number') byDestination.set(destination, [numbers, added]);
        else numbers.push(added);
    }
    const findings = out as unknown as Finding[];
    const size = record ? out.length : 0;
    const groupOf = new Array<FlowResult | FlowResult[] | undefined>(size);
    const nears = new Array<PlanRule | undefined>(size);
    const nearNodes = new Array<AstNode | undefined>(size);
    for (let i = 0; i < out.length; i++) {
        const item = out[i];
        if (typeof item !== 'number') continue;
        const group = groups[item];
        const near = nearRuleOf(group, nearRules);
        if (record) {
            groupOf[i] = group;
            nears[i] = near;
            nearNodes[i] = near?.node;
        }
        findings[i] = merged(group, near, findingOf, catalog);
    }
    return { results: record ? results : [], own, findings, firsts, groups: groupOf, nears, nearNodes };
}

/**
 * Whether the findings made from these results are still what pairFindingsOf would make: each
 * result has the same finding of its own (a moved component has a new one), and each finding
 * would stand on the same allow rule, at the same syntax node (an edit may add, change or move one).
 */
export function stillPaired(made: PairFindingsMade, findingOf: (result: FlowResult) => Finding | undefined, nearRules: NearRules): boolean {
    for (let i = 0; i < made.results.length; i++) if (findingOf(made.results[i]) !== made.own[i]) return false;
    for (let i = 0; i < made.groups.length; i++) {
        const group = made.groups[i];
        if (group === undefined) continue;
        const near = nearRuleOf(group, nearRules);
        if (near !== made.nears[i] || near?.node !== made.nearNodes[i]) return false;
    }
    return true;
}

/** The first flow of a group (a flow alone, or the list of its pair and kind). */
function firstOf(group: FlowResult | readonly FlowResult[]): FlowResult {
    return Array.isArray(group) ? group[0] : group as FlowResult;
}

/** The number of the pair's group of the finding's kind (code and severity), or -1. */
function sameKind(numbers: number | readonly number[], groups: readonly (FlowResult | FlowResult[])[], finding: Finding, findingOf: (result: FlowResult) => Finding): number {
    if (typeof numbers === 'number') return isKind(findingOf(firstOf(groups[numbers])), finding) ? numbers : -1;
    for (let k = 0; k < numbers.length; k++) if (isKind(findingOf(firstOf(groups[numbers[k]])), finding)) return numbers[k];
    return -1;
}

function isKind(kind: Finding, finding: Finding): boolean {
    return kind.code === finding.code && kind.severity === finding.severity;
}

/** Allow rules by the components they name, source → destination, in plan order (nested by name: no key written per finding). */
export function rulesBetween(rules: readonly PlanRule[]): Map<string, Map<string, PlanRule[]>> {
    const map = new Map<string, Map<string, PlanRule[]>>();
    // Indexed loops: once per allow rule, where each for…of step allocates in code run for the first time.
    for (let r = 0; r < rules.length; r++) {
        const rule = rules[r];
        if (!rule.resolved) continue;
        for (let i = 0; i < rule.sources.length; i++) for (let j = 0; j < rule.destinations.length; j++) {
            const s = rule.sources[i], d = rule.destinations[j];
            if (!s.instance || !d.instance) continue;
            const byDestination = innerMap(map, s.instance.name);
            const list = byDestination.get(d.instance.name);
            if (!list) byDestination.set(d.instance.name, [rule]);
            else if (!list.includes(rule)) list.push(rule);
        }
    }
    return map;
}

/**
 * What the allow rule already between the two components lacks for the blocked flows, in the
 * order a reader fixes it: the ports it does not list, the protocol it does not carry, and only
 * when it has both, the addresses it does not reach.
 */
function whatNearRuleLacks(group: readonly FlowResult[], near: PlanRule): string {
    const flow = group[0].flow;
    const between = `This allow rule runs between ${flow.source.name} and ${flow.destination.name}`;
    const ports = near.allPorts ? [] : portSetOf(group.flatMap(g => subtractPorts(g.flow.ports, near.ports)));
    const protocols = near.protocol === 'any' || near.protocol === 'tcp/udp' ? []
        : [...new Set(group.flatMap(g => g.flow.protocols))].filter(p => p !== near.protocol);
    const lacks: string[] = [];
    if (ports.length > 0) lacks.push(`add ${formatPorts(ports)} to it`);
    if (protocols.length > 0) lacks.push(`it allows ${near.protocol} only, and ${protocols.join(' and ')} ${protocols.length === 1 ? 'is' : 'are'} needed too`);
    if (lacks.length > 0) return ` ${between}: ${lacks.join('; ')}.`;
    return ` ${between} with these ports, but not for every address of theirs.`;
}

/** The members of an endpoint: a group's, or the component itself. */
function membersOf(endpoint: RequirementEndpoint): readonly { readonly name: string }[] {
    return 'members' in endpoint ? endpoint.members : [endpoint];
}

/**
 * The allow rules between every member of the source and every member of the destination (a rule
 * `allow vbr -> proxy1, proxy2` for the group `proxy1, proxy2`), in plan order; undefined: none.
 */
function rulesBetweenEndpoints(nearRules: NearRules, source: RequirementEndpoint, destination: RequirementEndpoint): readonly PlanRule[] | undefined {
    const sources = membersOf(source), destinations = membersOf(destination);
    const first = nearRules.get(sources[0].name)?.get(destinations[0].name);
    if (!first || (sources.length === 1 && destinations.length === 1)) return first;
    const names = (endpoints: PlanRule['sources']) => new Set(endpoints.map(e => e.instance?.name));
    const all = first.filter(rule => {
        const from = names(rule.sources), to = names(rule.destinations);
        return sources.every(m => from.has(m.name)) && destinations.every(m => to.has(m.name));
    });
    return all.length > 0 ? all : undefined;
}

/**
 * The allow rule between the two components (every member of each group) that carries one of the
 * group's protocols, if any — a temporary one for install-only flows, a permanent one for the others:
 * the finding stands on it.
 */
function nearRuleOf(flows: FlowResult | readonly FlowResult[], nearRules: NearRules): PlanRule | undefined {
    const flow = firstOf(flows).flow;
    const candidates = rulesBetweenEndpoints(nearRules, flow.source, flow.destination);
    // One flow and no rule between the two (most pairs of a plan without sites).
    if (!candidates) return undefined;
    const group: readonly FlowResult[] = Array.isArray(flows) ? flows : [flows as FlowResult];
    const protocols = new Set(group.flatMap(g => g.flow.protocols));
    return candidates.find(r => (r.protocol === 'any' || r.protocol === 'tcp/udp' || protocols.has(r.protocol as 'tcp' | 'udp')) && !r.until === !flow.installOnly);
}

function merged(flows: FlowResult | readonly FlowResult[], near: PlanRule | undefined, findingOf: (result: FlowResult) => Finding, catalog: Catalog): Finding {
    // One flow on no rule (most pairs of a plan without sites): its own finding, and no list made.
    if (!near && !Array.isArray(flows)) return findingOf(flows as FlowResult);
    const group: readonly FlowResult[] = Array.isArray(flows) ? flows : [flows as FlowResult];
    const first = findingOf(group[0]);
    const anchor = near ? { node: near.node, property: undefined } : { node: first.node, property: first.property };
    const nearNote = near ? whatNearRuleLacks(group, near) : '';
    if (group.length === 1) {
        const brief = (first.data as { brief?: string } | undefined)?.brief;
        return withMessage({ ...findingFacts(first), ...anchor }, () => `${first.message}${nearNote}`, undefined,
            brief === undefined ? undefined : () => ({ ...first.data, brief: `${brief}${nearNote}` }));
    }
    return new PairFinding(group, first, anchor.node, anchor.property, nearNote, findingOf, catalog);
}

/**
 * The finding of several blocked flows of one pair and kind. It holds the group and writes from
 * it: no closures and the fields they were given, since a plan without sites has tens of
 * thousands of such pairs, of which the editor shows a few thousand.
 */
class PairFinding extends FindingWrittenWhenRead {
    readonly #group: readonly FlowResult[];
    readonly #first: Finding;
    readonly #nearNote: string;
    readonly #findingOf: (result: FlowResult) => Finding;
    readonly #catalog: Catalog;

    constructor(group: readonly FlowResult[], first: Finding, node: AstNode, property: string | undefined, nearNote: string,
        findingOf: (result: FlowResult) => Finding, catalog: Catalog) {
        super({ code: first.code, severity: first.severity, node, property, installOnly: first.installOnly });
        this.#group = group;
        this.#first = first;
        this.#nearNote = nearNote;
        this.#findingOf = findingOf;
        this.#catalog = catalog;
    }

    protected writeMessage(): string {
        return this.text(false);
    }

    /**
     * The same flows' results (kept by the coverage of an analysis that did not touch them), each
     * with the finding it keeps, and the same note on the near rule and catalog: the same words.
     */
    override writtenAlikeAs(other: Finding): boolean {
        if (!(other instanceof PairFinding) || other.#first !== this.#first || other.#nearNote !== this.#nearNote || other.#catalog !== this.#catalog) return false;
        const [a, b] = [this.#group, other.#group];
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || this.#findingOf(a[i]) !== other.#findingOf(b[i])) return false;
        return true;
    }

    protected writeRelated(): Finding['related'] {
        return this.#group.flatMap(g => (this.#findingOf(g).related ?? []).map(r => ({ node: r.node, message: keptWhole(`${describeFlow(g.flow)}: ${r.message}`) })));
    }

    /**
     * Each flow's facts, for the quick fix that allows them all, and the message with the first
     * citation only (what `segplan check` prints).
     */
    protected writeData(): Finding['data'] {
        const group = this.#group;
        // The citations are listed when a message is written: a group only counts to two.
        let cited = 0;
        for (let i = 0; i < group.length && cited < 2; i++) cited += group[i].flow.sources.length;
        return { ...this.#first.data, flows: group.map(g => this.#findingOf(g).data), ...(cited > 1 ? { brief: keptWhole(this.text(true)) } : {}) };
    }

    private text(brief: boolean): string {
        const group = this.#group, first = this.#first, flow = group[0].flow;
        const sources = group.flatMap(g => g.flow.sources);
        const zones = `${flow.source.zone.name} → ${flow.destination.zone.name}`;
        const vendors = [...new Set(group.flatMap(g => g.flow.catalogFlows.map(f => f.vendorId)))]
            .map(id => vendorDisplayName(this.#catalog, id)).join(', ');
        const citations = brief ? briefCitations(sources) : formatCitations(sources);
        const installNote = flow.installOnly ? ' They are needed only while installing or upgrading: allow them with `until <date>`.' : '';
        const pair = `${flow.source.name} → ${flow.destination.name}`;
        return first.code === MISSING_FLOW
            ? `No allow rule lets ${pair} through (${zones}) for ${group.length} required flows — ${group.map(g => `${g.flow.protocols.join('/')} ${g.flow.portText}: ${g.flow.purpose}`).join('; ')} — (${vendors}; ${citations}).${installNote}${this.#nearNote}`
            : `${pair} (${zones}): ${group.length} required flows are only partly allowed; still blocked — ${group.map(g => `${String(this.#findingOf(g).data?.blocked ?? '')}: ${g.flow.purpose}`).join('; ')} — (${vendors}; ${citations}).${installNote}${this.#nearNote}`;
    }
}
