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
 * JSON and Langium's tree walks do not see it. A copy made by spreading the object would take the
 * values along, so copies are made of its string keys (statement-reparse.ts makes a file's new root
 * that way); a non-enumerable property, or a mark of the object the values belong to, cost ten
 * times an assignment or a second look-up on every read. An object that takes no new property (frozen or
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
        if (Object.isExtensible(object)) (object as Record<symbol, V | undefined>)[this.#key] = value;
        else (this.#closed ??= new WeakMap()).set(object, value);
        return this;
    }

    delete(object: K): void {
        if ((object as Record<symbol, V | undefined>)[this.#key] !== undefined) (object as Record<symbol, V | undefined>)[this.#key] = undefined;
        this.#closed?.delete(object);
    }
}
