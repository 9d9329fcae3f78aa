import { AstUtils } from 'langium';
import type { FlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import { formatPorts } from '../network/ports.js';
import type { PlanDeny, PlanRule } from '../plan/plan-model.js';
import { whyNotRead } from '../plan/rule-not-read.js';
import { allowRuleText } from '../plan/rule-text.js';
import { startLineOf } from '../parser/node-position.js';

/**
 * What changes between two versions of a plan: required flows added and removed (and flows whose
 * coverage changed), allow rules and denies added, removed or changed, guardrails switched on or
 * off. Pure: both analyses in, a list out.
 */

export interface DiffFlow {
    readonly key: string;
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly ports: string;
    readonly purpose: string;
    readonly status: string;
}

export interface DiffRule {
    readonly text: string;
    readonly endpoints: string;
    readonly protocol: string;
    readonly ports: string;
    readonly until?: string;
    readonly description?: string;
}

/** An allow rule of either version that was not read whole: what it allows is not known, so it is in no other list. */
export interface NotReadRule {
    readonly version: 'before' | 'after';
    readonly file: string;
    readonly line: number;
    /** The rule as written (its first line), never what parser recovery made of it. */
    readonly written: string;
    readonly why: string;
}

/** A deny statement (or a `use guardrail` line) as the change request lists it. */
export interface DiffDeny {
    /** `deny prod -> repo tcp 22, 443`, or `use guardrail veeam.HardenedRepositorySsh`. */
    readonly text: string;
    readonly endpoints: string;
    readonly protocol: string;
    readonly ports: string;
    /** The deny's reason, or the guardrail's name. */
    readonly description?: string;
}

export interface PlanDiff {
    readonly flowsAdded: readonly DiffFlow[];
    readonly flowsRemoved: readonly DiffFlow[];
    /** Same requirement, other coverage: `covered` → `missing` after a rule was removed. */
    readonly flowsChanged: readonly { readonly before: DiffFlow; readonly after: DiffFlow }[];
    readonly rulesAdded: readonly DiffRule[];
    readonly rulesRemoved: readonly DiffRule[];
    readonly rulesChanged: readonly { readonly before: DiffRule; readonly after: DiffRule }[];
    /** Rules not read whole: the change request cannot be exact while there are any (`segplan diff` exits 1). */
    readonly rulesNotRead: readonly NotReadRule[];
    /**
     * Deny statements added, removed or changed (the same endpoints and protocol, other ports or
     * reason), and `use guardrail` lines switched on or off: what must never pass changes with them.
     */
    readonly deniesAdded: readonly DiffDeny[];
    readonly deniesRemoved: readonly DiffDeny[];
    readonly deniesChanged: readonly { readonly before: DiffDeny; readonly after: DiffDeny }[];
    readonly guardrailsAdded: readonly DiffDeny[];
    readonly guardrailsRemoved: readonly DiffDeny[];
    /** Denies not read whole (as for allow rules: what they forbid is not known; `segplan diff` exits 1). */
    readonly deniesNotRead: readonly NotReadRule[];
}

function diffFlow(r: FlowResult): DiffFlow {
    const f = r.flow;
    const protocol = f.protocols.length === 2 ? 'tcp/udp' : f.protocols[0];
    return {
        key: `${f.source.name}\u0000${f.destination.name}\u0000${protocol}\u0000${f.portText}`,
        source: f.source.name, destination: f.destination.name, protocol, ports: f.portText, purpose: f.purpose, status: r.status
    };
}

function diffRule(rule: PlanRule): DiffRule {
    const endpoints = `${rule.sources.map(s => s.label).join(', ')} -> ${rule.destinations.map(d => d.label).join(', ')}`;
    const ports = rule.allPorts ? 'all ports' : formatPorts(rule.ports);
    return {
        text: allowRuleText(rule),
        endpoints, protocol: rule.protocol, ports, until: rule.until, description: rule.description
    };
}

function diffDeny(deny: PlanDeny): DiffDeny {
    const endpoints = `${deny.sources.map(s => s.label).join(', ')} -> ${deny.destinations.map(d => d.label).join(', ')}`;
    const ports = deny.allPorts ? 'all ports' : formatPorts(deny.ports);
    return { text: `deny ${endpoints} ${deny.protocol}${deny.allPorts ? '' : ` ${ports}`}`, endpoints, protocol: deny.protocol, ports, description: deny.description };
}

/** The `use guardrail` lines of a plan, each guardrail once, by the name the line gives. */
function guardrailUses(plan: PlanAnalysis['plan']): DiffDeny[] {
    const uses = new Map<string, string | undefined>();
    for (const use of plan.policy.guardrailUses) {
        const name = use.guardrail?.$refText;
        if (name && !uses.has(name)) uses.set(name, use.guardrail.ref?.displayName);
    }
    return [...uses].map(([name, title]) => ({ text: `use guardrail ${name}`, endpoints: '', protocol: '', ports: '', description: title }));
}

function notRead(rule: Pick<PlanRule, 'node' | 'notRead'> | Pick<PlanDeny, 'node' | 'notRead'>, version: NotReadRule['version']): NotReadRule {
    const document = AstUtils.getDocument(rule.node);
    // From the file, not the syntax tree: recovery keeps only the part it understood.
    const text = document.textDocument.getText(), from = rule.node.$cstNode?.offset ?? 0;
    const end = text.slice(from).search(/\r?\n|$/);
    return {
        version, file: document.uri.path.split('/').pop() ?? '', line: startLineOf(rule.node) + 1,
        written: text.slice(from, from + end).trim(), why: whyNotRead(rule as Pick<PlanRule, 'notRead'>) ?? ''
    };
}

const byKey = <T>(items: readonly T[], key: (t: T) => string) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
};

export function diffPlans(before: PlanAnalysis, after: PlanAnalysis): PlanDiff {
    const oldFlows = before.flows.filter(r => r.status !== 'not-required').map(diffFlow);
    const newFlows = after.flows.filter(r => r.status !== 'not-required').map(diffFlow);
    const oldByKey = new Map(oldFlows.map(f => [f.key, f]));
    const newByKey = new Map(newFlows.map(f => [f.key, f]));
    const flowsAdded = newFlows.filter(f => !oldByKey.has(f.key));
    const flowsRemoved = oldFlows.filter(f => !newByKey.has(f.key));
    const flowsChanged = newFlows.filter(f => oldByKey.has(f.key) && oldByKey.get(f.key)!.status !== f.status)
        .map(f => ({ before: oldByKey.get(f.key)!, after: f }));

    // Rules: identical text is unchanged; same endpoints and protocol with other ports or expiry is a change.
    const oldRules = before.plan.policy.rules.filter(r => r.resolved).map(diffRule);
    const newRules = after.plan.policy.rules.filter(r => r.resolved).map(diffRule);
    const unmatchedOld = [...oldRules], unmatchedNew: DiffRule[] = [];
    for (const r of newRules) {
        const i = unmatchedOld.findIndex(o => o.text === r.text);
        if (i >= 0) unmatchedOld.splice(i, 1); else unmatchedNew.push(r);
    }
    const oldBySlot = byKey(unmatchedOld, r => `${r.endpoints}\u0000${r.protocol}`);
    const rulesChanged: { before: DiffRule; after: DiffRule }[] = [];
    const rulesAdded: DiffRule[] = [];
    for (const r of unmatchedNew) {
        const candidates = oldBySlot.get(`${r.endpoints}\u0000${r.protocol}`);
        const previous = candidates?.shift();
        if (previous) rulesChanged.push({ before: previous, after: r }); else rulesAdded.push(r);
    }
    const rulesRemoved = [...oldBySlot.values()].flat();
    const rulesNotRead = [
        ...before.plan.policy.rules.filter(r => !r.resolved).map(r => notRead(r, 'before')),
        ...after.plan.policy.rules.filter(r => !r.resolved).map(r => notRead(r, 'after'))
    ];
    const denies = matched(before.plan.policy.denies.filter(d => d.resolved).map(diffDeny), after.plan.policy.denies.filter(d => d.resolved).map(diffDeny));
    const guardrails = matched(guardrailUses(before.plan), guardrailUses(after.plan));
    const deniesNotRead = [
        ...before.plan.policy.denies.filter(d => !d.resolved).map(d => notRead(d, 'before')),
        ...after.plan.policy.denies.filter(d => !d.resolved).map(d => notRead(d, 'after'))
    ];
    return {
        flowsAdded, flowsRemoved, flowsChanged, rulesAdded, rulesRemoved, rulesChanged, rulesNotRead,
        deniesAdded: denies.added, deniesRemoved: denies.removed, deniesChanged: denies.changed,
        guardrailsAdded: guardrails.added, guardrailsRemoved: guardrails.removed, deniesNotRead
    };
}

/**
 * Statements of two versions matched up: the same text and reason is unchanged; the same
 * endpoints and protocol with other ports or another reason is a change; the rest is added or removed.
 */
function matched(before: readonly DiffDeny[], after: readonly DiffDeny[]): { added: DiffDeny[]; removed: DiffDeny[]; changed: { before: DiffDeny; after: DiffDeny }[] } {
    const same = (a: DiffDeny, b: DiffDeny) => a.text === b.text && a.description === b.description;
    const unmatchedOld = [...before], unmatchedNew: DiffDeny[] = [];
    for (const d of after) {
        const i = unmatchedOld.findIndex(o => same(o, d));
        if (i >= 0) unmatchedOld.splice(i, 1); else unmatchedNew.push(d);
    }
    const oldBySlot = byKey(unmatchedOld, d => `${d.endpoints}\u0000${d.protocol}`);
    const changed: { before: DiffDeny; after: DiffDeny }[] = [], added: DiffDeny[] = [];
    for (const d of unmatchedNew) {
        const previous = d.endpoints ? oldBySlot.get(`${d.endpoints}\u0000${d.protocol}`)?.shift() : undefined;
        if (previous) changed.push({ before: previous, after: d }); else added.push(d);
    }
    return { added, removed: [...oldBySlot.values()].flat(), changed };
}

export function isEmptyDiff(d: PlanDiff): boolean {
    return !d.flowsAdded.length && !d.flowsRemoved.length && !d.flowsChanged.length && !d.rulesAdded.length && !d.rulesRemoved.length && !d.rulesChanged.length
        && !d.rulesNotRead.length && !d.deniesAdded.length && !d.deniesRemoved.length && !d.deniesChanged.length
        && !d.guardrailsAdded.length && !d.guardrailsRemoved.length && !d.deniesNotRead.length;
}

/** A line diff of two texts (longest common subsequence), as `+`/`-`/` ` lines; context trimmed to `context` lines. */
export function lineDiff(before: string, after: string, context = 2): string[] {
    const a = before.split('\n'), b = after.split('\n');
    // Files of a few thousand lines: the quadratic table stays small; bigger ones are compared as wholes.
    if (a.length * b.length > 4_000_000) return ['(the files are too large to compare line by line: apply the new file whole)'];
    const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    const lines: { mark: string; text: string }[] = [];
    let i = 0, j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) { lines.push({ mark: ' ', text: a[i] }); i++; j++; } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) { lines.push({ mark: '+', text: b[j] }); j++; } else { lines.push({ mark: '-', text: a[i] }); i++; }
    }
    const keep = lines.map((l, k) => l.mark !== ' ' || lines.slice(Math.max(0, k - context), k + context + 1).some(x => x.mark !== ' '));
    const out: string[] = [];
    lines.forEach((l, k) => {
        if (keep[k]) out.push(`${l.mark}${l.text}`);
        else if (keep[k - 1]) out.push('…');
    });
    return out;
}
