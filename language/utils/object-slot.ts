/**
 * A value kept on an object under a symbol of this slot's own, where a WeakMap keyed by the
 * object would do: for the syntax nodes and plan objects that are made by the ten thousand on
 * every build. A WeakMap entry per node gives the garbage collector an ephemeron table to trace,
 * and a table once grown to the entries of a large plan keeps its size after they are gone (the
 * server's heap after a day of opening and closing plans grew by the tables, not by anything
 * kept). A slot lives and dies with its object.
 *
 * Each slot has its own symbol, so two services (two language servers in one process, a test's
 * services) never read each other's values. The property is a symbol and not enumerable:
 * `Object.keys`, `for…in`, JSON and Langium's tree walks do not see it, and a copy of the object
 * (spread, Object.assign) does not take it along. An object that takes no new property (frozen or
 * sealed) has its value kept in a WeakMap after all, rather than a TypeError.
 */
export class ObjectSlot<K extends object, V> {
    readonly #key: symbol;
    /** For objects that take no new property (frozen, sealed): a WeakMap after all, made when first needed. */
    #closed: WeakMap<K, V> | undefined;

    constructor(name: string) {
        this.#key = Symbol(name);
    }

    get(object: K): V | undefined {
        const value = (object as Record<symbol, V | undefined>)[this.#key];
        return value !== undefined || this.#closed === undefined ? value : this.#closed.get(object);
    }

    set(object: K, value: V): this {
        const holder = object as Record<symbol, V | undefined>;
        if (this.#key in holder) holder[this.#key] = value;
        // Not enumerable: a copy of the object (`{ ...root }`, Object.assign) must not take the
        // value with it — a re-parse makes a file's new root as a copy of the old one.
        else if (Object.isExtensible(object)) Object.defineProperty(holder, this.#key, { value, writable: true, configurable: true, enumerable: false });
        else (this.#closed ??= new WeakMap()).set(object, value);
        return this;
    }

    delete(object: K): void {
        if ((object as Record<symbol, V | undefined>)[this.#key] !== undefined) (object as Record<symbol, V | undefined>)[this.#key] = undefined;
        this.#closed?.delete(object);
    }
}
