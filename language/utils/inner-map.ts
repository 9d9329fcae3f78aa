/**
 * The map kept under `key` in a map of maps, made empty on first use: lookups by two names
 * (source zone, then destination zone) without writing a key of both per question.
 */
export function innerMap<K, K2, V>(outer: { get(key: K): Map<K2, V> | undefined; set(key: K, value: Map<K2, V>): unknown }, key: K): Map<K2, V> {
    let inner = outer.get(key);
    if (!inner) outer.set(key, inner = new Map());
    return inner;
}

/** The list kept under `key`, made empty on first use (grouping without a second pass). */
export function innerList<K, V>(map: Map<K, V[]>, key: K): V[] {
    let list = map.get(key);
    if (!list) map.set(key, list = []);
    return list;
}
