import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { assertSameTree } from './lean-equivalence.js';
import { grammarSentence, rulesReachable, TERMINAL_SAMPLES, visibleTerminals } from './grammar-sentences.js';

// The grammar is the one description of the language; the CLI's lean parser reads plans without
// Langium's parser, so it must never drift from the grammar. These texts are made from the
// grammar itself: a rule or an alternative added to segplan.langium is in them at once, and the
// lean parser must either build exactly Langium's tree for it or give the text to Langium.

/** Statements the lean parser leaves to Langium by design (see LeanPlanParser): catalogs. */
const LEFT_TO_LANGIUM = new Set(['Vendor', 'Platform']);

describe('the lean parser against the grammar', () => {
    const services = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
    const grammar = services.Grammar;
    const lean = services.parser.LeanPlanParser!;
    const langium = services.parser.LangiumParser;

    it('has samples for every terminal of the grammar', () => {
        const missing = visibleTerminals(grammar).filter(name => !TERMINAL_SAMPLES[name]);
        assert.deepEqual(missing, [], 'add samples for these terminals to TERMINAL_SAMPLES');
    });

    it('on texts made from the grammar: gives up or builds Langium\'s tree, and reads every plan rule (fast-check, seed 7301)', () => {
        const taken = new Set<string>();
        const wellFormed = new Set<string>();
        let texts = 0, accepted = 0, leanTook = 0;
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), seed => {
            const sentence = grammarSentence(grammar, mulberry32(seed));
            texts++;
            const real = langium.parse(sentence.text);
            const ours = lean.parse(sentence.text);
            const broken = real.lexerErrors.length > 0 || real.parserErrors.length > 0;
            if (broken) {
                assert.equal(ours, undefined, `the lean parser accepted a text Langium rejects: ${JSON.stringify(sentence.text)}`);
                return;
            }
            accepted++;
            for (const part of [...sentence.rules, ...sentence.parts]) wellFormed.add(part);
            if (!ours) return;
            leanTook++;
            try {
                assertSameTree(ours.value, real.value);
            } catch (error) {
                throw new Error(`${(error as Error).message}\nin ${JSON.stringify(sentence.text)}`);
            }
            for (const part of [...sentence.rules, ...sentence.parts]) taken.add(part);
        }), { seed: 7301, numRuns: 1500 });
        assert.ok(accepted > texts / 4, `Langium accepted only ${accepted} of ${texts} generated texts: the generator has drifted from the grammar`);
        assert.ok(leanTook > 0, 'the lean parser took no generated text');
        // Every rule, property and keyword of a plan statement that Langium read in some text was
        // also read by the lean parser in some text: one it never takes is one it does not know.
        const planRules = rulesReachable(grammar, 'SegplanDocument', LEFT_TO_LANGIUM);
        const ofPlans = (part: string) => planRules.has(part.split(/[ .]/)[0]);
        const neverTaken = [...wellFormed].filter(part => ofPlans(part) && !taken.has(part)).sort();
        assert.deepEqual(neverTaken, [], 'parts of plan statements the lean parser never reads (it gives every such text to Langium)');
        const neverMade = [...planRules].filter(rule => !wellFormed.has(rule));
        assert.deepEqual(neverMade, [], 'grammar rules of plans no well-formed generated text contained');
    });
});
