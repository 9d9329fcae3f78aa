/**
 * The object the values of an object's slots were kept for. A copy of the object (`{ ...root }`,
 * Object.assign) takes the slot properties along, and this one says they are not its own: a
 * re-parse makes a file's new root as a copy of the old one, and what was kept for the old tree
 * must not pass for the new one's.
 */
const OWNER = Symbol('slots of');

/** Every slot's symbol: a copy that gets a slot of its own drops the values it took along. */
const SLOT_KEYS = new Set<symbol>();

/**
 * A value kept on an object under a symbol of this slot's own, where a WeakMap keyed by the
 * object would do: for the syntax nodes and plan objects that are made by the ten thousand on
 * every build. A WeakMap entry per node gives the garbage collector an ephemeron table to trace,
 * and a table once grown to the entries of a large plan keeps its size after they are gone (the
 * server's heap after a day of opening and closing plans grew by the tables, not by anything
 * kept). A slot lives and dies with its object.
 *
 * Each slot has its own symbol, so two services (two language servers in one process, a test's
 * services) never read each other's values. The property is a symbol: `Object.keys`, `for…in`,
 * JSON and Langium's tree walks do not see it. A copy of the object (spread, Object.assign) has
 * none of its values (see OWNER); plain assignments rather than non-enumerable properties, which
 * cost ten times as much to define on 100,000 nodes. An object that takes no new property (frozen
 * or sealed) has its value kept in a WeakMap after all, rather than a TypeError.
 */
export class ObjectSlot<K extends object, V> {
    readonly #key: symbol;
    /** For objects that take no new property (frozen, sealed): a WeakMap after all, made when first needed. */
    #closed: WeakMap<K, V> | undefined;

    constructor(name: string) {
        this.#key = Symbol(name);
        SLOT_KEYS.add(this.#key);
    }

    get(object: K): V | undefined {
        const holder = object as Record<symbol, unknown>;
        const value = holder[this.#key] as V | undefined;
        if (value !== undefined) return holder[OWNER] === object ? value : undefined;
        return this.#closed === undefined ? undefined : this.#closed.get(object);
    }

    set(object: K, value: V): this {
        const holder = object as Record<symbol, unknown>;
        if (!Object.isExtensible(object)) {
            (this.#closed ??= new WeakMap()).set(object, value);
            return this;
        }
        if (holder[OWNER] !== object) {
            // A copy (or an object without slots yet): what it took along from the original is not its own.
            if (holder[OWNER] !== undefined) for (const key of Object.getOwnPropertySymbols(holder)) if (SLOT_KEYS.has(key)) holder[key] = undefined;
            holder[OWNER] = object;
        }
        holder[this.#key] = value;
        return this;
    }

    delete(object: K): void {
        const holder = object as Record<symbol, unknown>;
        if (holder[this.#key] !== undefined) holder[this.#key] = undefined;
        this.#closed?.delete(object);
    }
}
