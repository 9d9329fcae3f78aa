import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { LeanPlanParser } from '../../language/parser/lean/lean-plan-parser.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { assertSameLeanPropertyPlaces, assertSamePropertyPlaces, assertSameTree } from './lean-equivalence.js';
import { mutate, randomPlanText } from './random-plan-text.js';

// The CLI parses plans with the lean parser and falls back to Langium's where it gives up: on any
// text, it gives up or builds exactly Langium's tree, and never accepts what Langium rejects.

describe('the lean plan parser against Langium\'s', () => {
    const services: SegplanServices = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
    const lean = services.parser.LeanPlanParser!;
    const langium = services.parser.LangiumParser;

    /** Property places found without the real tree, over all comparisons. */
    let leanPlaces = 0;
    after(() => assert.ok(leanPlaces > 1000, `${leanPlaces} lean property places compared`));

    /** Compares on one text; whether the lean parser took it. */
    function compare(text: string): boolean {
        const real = langium.parse(text);
        const ours = lean.parse(text);
        const broken = real.lexerErrors.length > 0 || real.parserErrors.length > 0;
        if (!ours) return false;
        assert.ok(!broken, `accepted a text Langium rejects: ${JSON.stringify(text)}`);
        try {
            assert.deepEqual(ours.lexerReport, real.lexerReport);
            assertSameTree(ours.value, real.value);
            leanPlaces += assertSameLeanPropertyPlaces(ours.value, real.value);
            assertSamePropertyPlaces(ours.value, real.value);
        } catch (error) {
            throw new Error(`${(error as Error).message}\nin ${JSON.stringify(text)}`);
        }
        return true;
    }

    it('is the services\' lean parser only where documents are built once', () => {
        assert.ok(lean instanceof LeanPlanParser);
        assert.equal(createSegplanServices(EmptyFileSystem).Segplan.parser.LeanPlanParser, undefined);
        assert.equal(createSegplanServices({ ...EmptyFileSystem, builtOnce: true, leanParser: false }).Segplan.parser.LeanPlanParser, undefined);
    });

    it('builds Langium\'s tree for well-formed random plans, and takes nearly all of them (fast-check, seed 7101)', () => {
        let taken = 0, runs = 0;
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), seed => {
            runs++;
            if (compare(randomPlanText(mulberry32(seed), true))) taken++;
        }), { seed: 7101, numRuns: 400 });
        // Near names (`zone-`, `2fa`) make some of them malformed; the rest must take the fast path.
        assert.ok(taken > runs * 0.6, `took ${taken} of ${runs}`);
    });

    it('gives up or builds Langium\'s tree on random plans with near misses, vendors and mutations (fast-check, seed 7102)', () => {
        let taken = 0, runs = 0;
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, mutated) => {
            const next = mulberry32(seed);
            const text = randomPlanText(next);
            runs++;
            if (compare(mutated ? mutate(next, text) : text)) taken++;
        }), { seed: 7102, numRuns: 1500 });
        assert.ok(taken > runs * 0.2 && taken < runs * 0.9, `took ${taken} of ${runs}`);
    });

    it('a name after an allow rule\'s protocol is a port setting, as Langium reads it, but not before `:`', () => {
        // A name followed by ':' starts a component: the rule above has no ports (every port).
        assert.ok(compare('allow a -> b tcp\nweb : veeam.Server in a'));
        assert.equal(langium.parse('allow a -> b tcp\nweb : veeam.Server in a').parserErrors.length, 0);
        assert.ok(compare('allow a -> b tcp x\nweb : veeam.Server in a'));
        assert.ok(compare('allow a -> b tcp x.y, z "d" until 2026-01-01\nweb : veeam.Server in a'));
    });
});
