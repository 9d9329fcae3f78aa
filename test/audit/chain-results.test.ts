import * as assert from 'node:assert/strict';
import { ChainResults } from '../../language/audit/chain-results.js';

/**
 * What a chain did to a box is found again as a key made at every entry would find it, but the
 * key (the box's addresses written out) is made only once a chain is entered a second time: the
 * proof of a large iptables output enters SegPlan's chain once per part of the traffic, and made
 * a key for each of those thousands of parts, never to find one again.
 */

/** A key that counts how often it is made. */
function counted(text: string): { keyOf: () => string; made: () => number } {
    let made = 0;
    return { keyOf: () => { made++; return text; }, made: () => made };
}

describe('audit: what each chain did to a box, kept for the part of the traffic walked', () => {
    it('a chain entered once per part makes no key, however many parts are walked', () => {
        let keys = 0;
        for (let part = 0; part < 1_000; part++) {
            // Each part of the traffic has results of its own (evaluate makes one per part).
            const results = new ChainResults<string>();
            const box = counted(`SEGPLAN-FORWARD|tcp|10.0.${part >> 8}.${part & 255}`);
            const { known, key } = results.enter('SEGPLAN-FORWARD', box.keyOf);
            assert.equal(known, undefined);
            results.finished('SEGPLAN-FORWARD', key, box.keyOf, `walk ${part}`);
            keys += results.keysMade;
            assert.equal(box.made(), 0);
        }
        assert.equal(keys, 0);
    });

    it('a chain entered again with the same box finds the first walk, and each key is made once', () => {
        const results = new ChainResults<string>();
        const first = counted('c|tcp|10.0.0.1'), same = counted('c|tcp|10.0.0.1'), other = counted('c|tcp|10.0.0.2');
        results.finished('c', results.enter('c', first.keyOf).key, first.keyOf, 'first walk');
        assert.deepEqual(results.enter('c', same.keyOf), { known: 'first walk', key: 'c|tcp|10.0.0.1' });
        const third = results.enter('c', other.keyOf);
        assert.equal(third.known, undefined);
        results.finished('c', third.key, other.keyOf, 'other walk');
        assert.equal(results.enter('c', counted('c|tcp|10.0.0.2').keyOf).known, 'other walk');
        assert.deepEqual([first.made(), same.made(), other.made()], [1, 1, 1]);
    });

    it('a walk that finishes after the chain was entered again inside it is found, the latest walk to finish first', () => {
        // A chain that jumps to itself: the inner walk starts and finishes while the outer one is under way.
        const results = new ChainResults<string>();
        const outer = counted('loop|tcp|any'), inner = counted('loop|tcp|any');
        const o = results.enter('loop', outer.keyOf);
        const i = results.enter('loop', inner.keyOf);
        assert.equal(i.known, undefined);
        results.finished('loop', i.key, inner.keyOf, 'inner');
        results.finished('loop', o.key, outer.keyOf, 'outer');
        assert.equal(results.enter('loop', counted('loop|tcp|any').keyOf).known, 'outer');
    });

    it('the same key in two chains finds each chain\'s own walk', () => {
        // The flag is written before the chain's name: flagged `X` and `fX` write the same text.
        const results = new ChainResults<string>();
        const flagged = counted('fX|tcp|any'), named = counted('fX|tcp|any');
        results.finished('X', results.enter('X', flagged.keyOf).key, flagged.keyOf, 'X, flagged');
        results.enter('X', flagged.keyOf);
        results.finished('fX', results.enter('fX', named.keyOf).key, named.keyOf, 'fX');
        assert.equal(results.enter('fX', named.keyOf).known, 'fX');
        assert.equal(results.enter('X', flagged.keyOf).known, 'X, flagged');
    });
});
