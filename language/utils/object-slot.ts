/** The values of an object's slots under one property of the object: slot number, value, slot number, value… */
const SLOTS = Symbol('slots');

/** Slot numbers, in the order slots are made (a few dozen; each service instance makes its own). */
let slotsMade = 0;

/**
 * A value kept with an object, where a WeakMap keyed by the object would do: for the syntax nodes
 * and plan objects that are made by the ten thousand on every build. A WeakMap entry per node
 * gives the garbage collector an ephemeron table to trace, and a table once grown to the entries
 * of a large plan keeps its size after they are gone (the server's heap after a day of opening and
 * closing plans grew by the tables, not by anything kept). A slot lives and dies with its object.
 *
 * All slots of an object share one property, a short list of slot numbers and values (an object
 * has a few): a property per slot gave a node a new shape with every slot it got, in whatever
 * order the build reached them, and the code that reads nodes (and this class) had to tell those
 * shapes apart — a read took several times longer once a dozen slots were in use; a list indexed
 * by slot number was as long as the highest number an object used. Each slot has its own number,
 * so two services (two language servers in one process, a test's services) never read each
 * other's values.
 *
 * The property is a symbol: `Object.keys`, `for…in`, JSON and Langium's tree walks do not see it.
 * A copy made by spreading the object would share the list, so copies are made of its string keys
 * (statement-reparse.ts makes a file's new root that way). An object that takes no new property
 * (frozen or sealed) has its value kept in a WeakMap after all, rather than a TypeError.
 */
export class ObjectSlot<K extends object, V> {
    readonly #number: number;
    /** For objects that take no new property (frozen, sealed): a WeakMap after all, made when first needed. */
    #closed: WeakMap<K, V> | undefined;

    // The name says what the slot holds, for whoever reads the code that makes it.
    constructor(_name: string) {
        this.#number = slotsMade++;
    }

    get(object: K): V | undefined {
        const slots = (object as { [SLOTS]?: unknown[] })[SLOTS];
        if (slots !== undefined) {
            for (let i = 0; i < slots.length; i += 2) {
                const number = slots[i];
                if (number === this.#number) return slots[i + 1] as V | undefined;
                if (number === undefined) break; // the first free place ends the used ones
            }
        }
        return this.#closed === undefined ? undefined : this.#closed.get(object);
    }

    set(object: K, value: V): this {
        const holder = object as { [SLOTS]?: unknown[] };
        const slots = holder[SLOTS];
        if (slots === undefined) {
            if (Object.isExtensible(object)) holder[SLOTS] = [this.#number, value];
            else (this.#closed ??= new WeakMap()).set(object, value);
            return this;
        }
        for (let i = 0; i < slots.length; i += 2) {
            const number = slots[i];
            if (number === this.#number || number === undefined) {
                slots[i] = this.#number;
                slots[i + 1] = value;
                return this;
            }
        }
        // Full: a list twice as long, its free places at the end. A list grown by push kept room
        // for a dozen more values, and each of a plan's 20,000 statements holds one; one grown a
        // slot at a time was copied at every slot.
        const grown = new Array<unknown>(slots.length * 2);
        for (let i = 0; i < slots.length; i++) grown[i] = slots[i];
        grown[slots.length] = this.#number;
        grown[slots.length + 1] = value;
        try {
            holder[SLOTS] = grown;
        } catch {
            // Frozen since it got its first slot: its own list grows in place (it had no free place).
            slots.push(this.#number, value);
        }
        return this;
    }

    delete(object: K): void {
        const slots = (object as { [SLOTS]?: unknown[] })[SLOTS];
        if (slots !== undefined) for (let i = 0; i < slots.length; i += 2) if (slots[i] === this.#number) slots[i + 1] = undefined;
        this.#closed?.delete(object);
    }
}
