import type { AstNode } from 'langium';
import type { AllowRule, Instance, Os, SegplanDocument, Zone } from '../generated/ast.js';
import { ObjectSlot } from '../utils/object-slot.js';
import { sameList } from '../utils/same-list.js';
import type { PlanInstance, PlanZone } from './plan-facts.js';

/**
 * The editor's reuse machinery: what a build of a plan keeps so that the next build of the same
 * plan, after an edit, gives the objects the edit did not touch back as they were (pointed at the
 * new syntax nodes). The analysis tells by identity what an edit reached: a component, a zone, an
 * allow rule, and each plan-wide part of the facts (features, pairs, port settings, relations as
 * written, `require` lines) is the same object while it says the same. Nothing here decides what
 * a plan means: plan-facts.ts and plan-policy.ts read the statements, and ask here only whether
 * the previous build made the same thing.
 */

/** One build of a plan: what it keeps for the next one, and what it takes from the previous one. */
export interface PlanBuild {
    /** This build: a record made in it may be taken by the next build only. */
    readonly token: object;
    /** The build the previous plan was made in, when this one may take from it. */
    readonly previous: object | undefined;
    /** Whether a next build may start from this one (the CLI builds a plan once, and keeps nothing). */
    readonly keep: boolean;
}

const buildOfPlan = new ObjectSlot<object, object>('plan build');

/** Starts a build; `previousPlan` is the previous build of the same plan when this one may take from it. */
export function startBuild(previousPlan: object | undefined, keep: boolean): PlanBuild {
    return { token: {}, previous: previousPlan && buildOfPlan.get(previousPlan), keep };
}

/** Marks a plan as made by a build, for the next build to start from. */
export function finishBuild(plan: object, build: PlanBuild): void {
    if (build.keep) buildOfPlan.set(plan, build.token);
}

const objectIds = new ObjectSlot<object, number>('object id');
let nextObjectId = 1;

/** A number that stands for an object's identity in a key. */
export function objectId(object: object | undefined): number {
    if (!object) return 0;
    let id = objectIds.get(object);
    if (id === undefined) objectIds.set(object, id = nextObjectId++);
    return id;
}

/** What each model object was built from: equal keys (and equal parts) let a rebuild keep the object. */
export const builtFrom = new ObjectSlot<object, string>('built from');

/** Points a kept model object at the AST node of the new parse (same content, new position). */
export function moveTo<T extends { node: AstNode }>(object: T, node: T['node']): T {
    (object as { node: AstNode }).node = node;
    return object;
}

export function addressKey(addresses: { value: string }[] | undefined): string {
    if (!addresses || addresses.length === 0) return '';
    // One address (most components): what join makes of it — '' for one a syntax error left out.
    if (addresses.length === 1) return addresses[0]?.value ?? '';
    return addresses.map(a => a?.value).join(',');
}

function zoneKey(zone: Zone): string {
    return `${zone.internet}|${zone.nat}|${addressKey(zone.addresses)}`;
}

/**
 * The previous build's zone of this name when it says the same — the same node (a statement the
 * edit did not touch: statement-reparse.ts; nodes never change once parsed, so its key is not
 * built) or the same content — in the same site; pointed at the new node.
 */
export function keptZone(previous: ReadonlyMap<string, PlanZone> | undefined, element: Zone, site: string): PlanZone | undefined {
    const kept = previous?.get(element.name);
    if (!kept || kept.site !== site || (kept.node !== element && builtFrom.get(kept) !== zoneKey(element))) return undefined;
    return moveTo(kept, element);
}

/** Records what a new zone was made from. */
export function madeZone(zone: PlanZone, build: PlanBuild): void {
    if (build.keep) builtFrom.set(zone, zoneKey(zone.node));
}

const NO_TARGET = Symbol('no target');
const TYPE_TARGET = Symbol('type target');

/**
 * A component's model object with the node its type reference led to when it was made or last
 * kept (NO_TARGET: it did not resolve). Kept on the object rather than in a WeakMap: an entry for
 * each of 10,000 fresh objects gave each an identity hash and the garbage collector an ephemeron
 * table to trace. What else it was built from is read from the object and its last node.
 */
type BuiltInstance = PlanInstance & { [TYPE_TARGET]: AstNode | typeof NO_TARGET };

/** What a component statement's type reference leads to, as a component made from it records. */
export function typeTargetOf(node: Instance): AstNode | typeof NO_TARGET {
    return node.type?.ref ?? NO_TARGET;
}

/** A new component with what its type reference led to. */
export function madeComponent(instance: PlanInstance, node: Instance): PlanInstance {
    (instance as BuiltInstance)[TYPE_TARGET] = typeTargetOf(node);
    return instance;
}

/** The previous build's component for an untouched statement: the same node in the same zone with a type reference that leads to the same node. */
export function keptComponentOfNode(kept: PlanInstance | undefined, node: Instance, zone: PlanZone): PlanInstance | undefined {
    return kept && kept.node === node && kept.zone === zone && (kept as BuiltInstance)[TYPE_TARGET] === typeTargetOf(node) ? kept : undefined;
}

/**
 * The previous build's component when its statement says what the one it was built from said:
 * the type (as it resolved), the addresses as written, os, platform and nat, in the same zone. Compared field by field rather than through a key string kept per
 * component: a key of nine pieces for every component of a large plan would be kept for the few
 * components an edit ever compares.
 */
export function keptComponent(kept: PlanInstance | undefined, node: Instance, zone: PlanZone, typeId: string, os: Os | undefined, platform: string | undefined, nat: boolean): PlanInstance | undefined {
    if (!kept || kept.zone !== zone || kept.typeId !== typeId || kept.os !== os || kept.platform !== platform || (kept.node.nat.length > 0) !== nat
        || addressKey(kept.node.addresses) !== addressKey(node.addresses)) return undefined;
    (kept as BuiltInstance)[TYPE_TARGET] = typeTargetOf(node);
    return moveTo(kept, node);
}

/**
 * The components one file added to a plan build, in order, kept with its syntax tree: the next
 * build of the plan takes them as they are when nothing they were made from can have changed —
 * the same tree, not linked again since (its document's reference list is the same array: Langium
 * makes a new one when it unlinks), the same zones, and no name of the file given to a component
 * of another file. In a plan of 50 site files, an edit in one then costs its own components
 * rather than the 10,000 of the plan.
 */
export interface FileComponents {
    /** The build they were made in: only the next build of the same plan may take them. */
    readonly build: object;
    readonly references: readonly unknown[];
    readonly components: readonly PlanInstance[];
    /** Those without addresses, which make their zone's members. */
    readonly atoms: readonly PlanInstance[];
    /** A component of the file was left out because an earlier one had its name: which one comes first may change. */
    readonly clashed: boolean;
}

export const componentsOfTree = new ObjectSlot<SegplanDocument, FileComponents>('components of a file');

/**
 * The component each component statement made in the last build it was part of. A statement's
 * node never changes once parsed, so in the next build of the plan, with the same zones and no
 * name of it taken by an earlier component, it makes the same component: what a one-line edit in
 * one large file leaves of its 10,000 components (statement-reparse.ts keeps their nodes).
 */
export const componentOfNode = new ObjectSlot<Instance, { build: object; component: PlanInstance; /** Without addresses: in its zone's members by name. */ atom: boolean }>('component of a statement');

/** Whether two zone maps hold the same zone objects under the same names. */
export function sameZones(a: ReadonlyMap<string, PlanZone>, b: ReadonlyMap<string, PlanZone>): boolean {
    if (a.size !== b.size) return false;
    for (const [name, zone] of a) if (b.get(name) !== zone) return false;
    return true;
}

/**
 * The terms of an allow rule, kept with its node when its ports are all numbers (nodes never
 * change once parsed): a port setting's number depends on the plan's `set` lines and on what the
 * name resolves to.
 */
export const termsOfRule = new ObjectSlot<AllowRule, unknown>('rule terms');

/** The previous value when it holds the same as the new one (by `same`), else the new one: a plan-wide part of the facts keeps its identity while it says the same. */
export function keptIfSame<T>(previous: T | undefined, made: T, same: (a: T, b: T) => boolean): T {
    return previous !== undefined && same(previous, made) ? previous : made;
}

/** Whether two sets hold the same values in the same order. */
export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
    return a.size === b.size && sameList([...a], [...b]);
}

/** Whether two lists hold items that say the same, in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
}
