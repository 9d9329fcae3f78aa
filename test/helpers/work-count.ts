import { AddressSet } from '../../language/network/addresses.js';

/**
 * The work a piece of code does, counted rather than timed (a shared machine's speed varies; a
 * count does not): every element an array method visits (`some`, `includes`, `filter`, `map` …
 * each count the array's length) and every test of two address sets against each other. Not an
 * exact measure of time, but a loop over a list that grows with the input shows in it, so a claim
 * that some work grows linearly can be held by comparing the counts of two input sizes.
 */

/** Methods that may visit every element; `slice` and `concat` cost what they copy, counted by their result. */
const ARRAY_METHODS = ['some', 'every', 'find', 'findIndex', 'findLast', 'filter', 'map', 'flatMap', 'forEach', 'reduce', 'includes', 'indexOf', 'lastIndexOf', 'join'] as const;
const COPYING_METHODS = ['slice', 'concat'] as const;
const ADDRESS_METHODS = ['intersects', 'intersect', 'contains', 'subtract', 'union'] as const;

export function countWork<T>(run: () => T): { result: T; work: number } {
    let work = 0;
    const arrays = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const addresses = AddressSet.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const saved: Array<[Record<string, (...args: unknown[]) => unknown>, string, (...args: unknown[]) => unknown]> = [];
    for (const name of ARRAY_METHODS) {
        const original = arrays[name];
        saved.push([arrays, name, original]);
        arrays[name] = function (this: unknown[], ...args: unknown[]) { work += this.length + 1; return original.apply(this, args); };
    }
    for (const name of COPYING_METHODS) {
        const original = arrays[name];
        saved.push([arrays, name, original]);
        arrays[name] = function (this: unknown[], ...args: unknown[]) { const copy = original.apply(this, args) as unknown[]; work += copy.length + 1; return copy; };
    }
    for (const name of ADDRESS_METHODS) {
        const original = addresses[name];
        saved.push([addresses, name, original]);
        addresses[name] = function (this: AddressSet, ...args: unknown[]) { work++; return original.apply(this, args); };
    }
    try {
        return { result: run(), work };
    } finally {
        for (const [owner, name, original] of saved) owner[name] = original;
    }
}
