import * as assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { reservedWords, softKeywords } from '../../language/parser/soft-keywords.js';
import { reservedWordSentence } from '../../language/parser/segplan-parser-messages.js';

// A plan written before a word came into the language may use that word as a name, and must read
// as it did. So the only words that are not names are those of the language's first version (no
// plan could ever name anything so); every keyword added since is a soft keyword, a name wherever a
// name goes (the grammar's `SoftWord`).

/** The keywords of the first version of segplan.langium spelt like names: the reserved words, for good. */
const FIRST_VERSION_WORDS = [
    'about', 'abstract', 'aliases', 'allow', 'any', 'at', 'behind', 'component', 'default-changeable', 'except', 'feature', 'flow',
    'for', 'host', 'host-internal', 'import', 'in', 'install-only', 'internet', 'internet-facing', 'is', 'legacy', 'linux', 'nat',
    'not-required', 'on', 'os', 'pair', 'peer', 'plan', 'platform', 'port', 'row', 'scope', 'set', 'site', 'source', 'tcp', 'udp',
    'until', 'use', 'vendor', 'when', 'windows', 'zone', 'zones'
];

describe('reserved words and soft keywords', () => {
    const services = createSegplanServices(EmptyFileSystem).Segplan;

    it('only the first version\'s words are reserved: every keyword added since is a name', () => {
        const added = [...reservedWords(services.Grammar)].filter(word => !FIRST_VERSION_WORDS.includes(word)).sort();
        assert.deepEqual(added, [], 'keywords added to segplan.langium that are not names: add them to its SoftWord rule, or a plan that used one as a name stops reading');
        assert.deepEqual([...reservedWords(services.Grammar)].sort(), FIRST_VERSION_WORDS);
        assert.ok(softKeywords(services.Grammar).size > 0);
    });

    it('a reserved word where a name goes says it is a word of the language, also before a component\'s \':\'', () => {
        for (const word of FIRST_VERSION_WORDS) {
            const texts = [`zone ${word} 10.0.0.0/24`, `zone z 10.0.0.0/24\nsite s zones ${word}`, `allow a -> ${word}, b tcp 22`];
            // `-> any` is every address; `-> tcp` is a destination left out, which the message says.
            for (const text of ['any', 'tcp', 'udp'].includes(word) ? texts.slice(0, 2) : texts) {
                const messages = services.parser.LangiumParser.parse(text).parserErrors.map(e => e.message);
                assert.ok(messages.some(m => m.includes(reservedWordSentence(word))), `${JSON.stringify(text)}: ${messages.join(' | ')}`);
            }
            // Before ':' it is a component's name: said once, at the word, and the line is read no further.
            const errors = services.parser.LangiumParser.parse(`zone mgmt 10.0.0.0/24\n${word} : veeam.Proxy in mgmt at 10.0.0.1\n`).parserErrors;
            assert.deepEqual(errors.map(e => [e.token.startLine, e.token.startColumn, e.message]), [[2, 1, `${reservedWordSentence(word)} Give the component another name.`]], word);
        }
        assert.match(reservedWordSentence('zone'), /^'zone' is a word of the language and cannot be used as a name \(.*"Names and reserved words".*\)\.$/);
    });

    it('a soft keyword where a name goes is a name: no error', () => {
        for (const word of softKeywords(services.Grammar)) {
            const text = `zone ${word} 10.0.0.0/24\nsite ${word} zones ${word}\n${word} : veeam.Proxy in ${word} at ${word}.corp.local\nallow ${word} -> ${word} tcp 22`;
            assert.deepEqual(services.parser.LangiumParser.parse(text).parserErrors.map(e => e.message), [], text);
        }
    });
});
