import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { reservedWords, softKeywords } from '../../language/parser/soft-keywords.js';
import { isInstance, isZone, type SegplanDocument } from '../../language/generated/ast.js';
import { assertSameTree } from './lean-equivalence.js';

// A host name is whatever DNS labels the engineer's network uses (RFC 1123): every label, whatever
// word it spells — a reserved word of the language, a word added since, an ordinary word — and
// labels that start with a digit or hold hyphens. Both parsers read a plan that places components
// at such names, and each address is the text written.

const services = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
const grammar = services.Grammar;
const RESERVED = [...reservedWords(grammar)].sort();
const SOFT = [...softKeywords(grammar)].sort();
const ORDINARY = ['corp', 'example', 'local', 'lab-1', 'eu-central-1', 'x', 'srv_2', 'a1b'];
/** Labels that start with a digit: numbers, leading zeros, dates and ranges, digits and letters, digits and hyphens. */
const DIGITS_FIRST = ['1', '007', '10', '2024-01-31', '1-2', '10-0-0-1', '2fa', '9b', '0x1', '1e100', '3-a'];
/** A top-level label: letters (RFC 1123 §2.1), here any word. */
const WORDS = [...RESERVED, ...SOFT, ...ORDINARY.filter(label => /^[a-z]/.test(label))];

/** A DNS name of two to five labels, the last a word. */
const dnsName = fc.tuple(
    fc.array(fc.constantFrom(...RESERVED, ...SOFT, ...ORDINARY, ...DIGITS_FIRST), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...WORDS)
).map(([labels, last]) => [...labels, last].join('.'));

function planText(names: readonly string[]): string {
    return [
        'plan "host names"',
        'zone mgmt 10.10.0.0/24',
        'zone backup 10.20.0.0/24',
        `vbr : veeam.BackupServer in mgmt at ${names[0]} os windows`,
        // Several entries in one list, an address among them.
        `proxy : veeam.Proxy in backup at ${names.slice(1).join(', ')}, 10.20.0.11 os windows managed by vbr`,
        `repo : veeam.Repository in backup at ${names[1]} os linux managed by vbr`,
        'allow vbr -> proxy, repo tcp 6160, 6162'
    ].join('\n') + '\n';
}

describe('host names of any DNS labels', function () {
    this.timeout(300000);

    it('both parsers read a host name made of reserved words, soft words, ordinary and digit-first labels as written (fast-check, seed 4217)', () => {
        // First every reserved word in each place of a name, then random names.
        const examples: [string[]][] = RESERVED.map((word, i) => [[`${word}.example.com`, `db.${word}.corp`, `${DIGITS_FIRST[i % DIGITS_FIRST.length]}.${word}`]]);
        fc.assert(fc.property(fc.array(dnsName, { minLength: 3, maxLength: 5 }), names => {
            const text = planText(names);
            const parsed = services.parser.LangiumParser.parse<SegplanDocument>(text);
            assert.deepEqual([...parsed.lexerErrors, ...parsed.parserErrors].map(e => e.message), [], text);
            const written = parsed.value.elements.filter(isInstance).map(i => i.addresses.map(a => a.value));
            assert.deepEqual(written, [[names[0]], [...names.slice(1), '10.20.0.11'], [names[1]]], text);
            const lean = services.parser.LeanPlanParser!.parse(text);
            assert.ok(lean, `the lean parser gave up on\n${text}`);
            assertSameTree(lean.value, parsed.value);
        }), { seed: 4217, numRuns: 300, examples });
    });

    it('a zone given such a host name reads it as written too, so that the error says it is a host name', () => {
        for (const word of RESERVED) {
            const text = `zone lab ${word}.corp.example\n`;
            const parsed = services.parser.LangiumParser.parse<SegplanDocument>(text);
            assert.deepEqual(parsed.parserErrors.map(e => e.message), [], text);
            assert.deepEqual(parsed.value.elements.filter(isZone).map(z => z.addresses.map(a => a.value)), [[`${word}.corp.example`]], text);
        }
    });

    it('says what is wrong with a host name that is one reserved word, or one where a rule names its endpoints', () => {
        const messages = (text: string) => services.parser.LangiumParser.parse(text).parserErrors.map(e => e.message);
        assert.deepEqual(messages('zone mgmt 10.10.0.0/24\nx : veeam.Proxy in mgmt at host\n'), [
            "Expected an address, a host name or a name here, but found the keyword 'host'. A host name may have 'host' as a label (host.corp.local) but cannot be only that word of the language."
        ]);
        const inRule = "Rules name components and zones, not host names: place the host on a component's line (name : vendor.Type in zone at host.example.com) and name the component.";
        for (const text of ['allow vbr -> host.example.com tcp 22', 'allow vbr.corp.local -> x tcp 22', 'deny vbr -> 2fa.zone.example tcp 22', 'require vbr -> db.corp tcp 22 "x"']) {
            assert.ok(messages(text)[0]?.endsWith(inRule), `${text}: ${messages(text).join(' | ')}`);
        }
        // A host name left unfinished at a line's end does not take the next line's first word.
        assert.deepEqual(messages('x : veeam.Proxy in mgmt at backup.\nzone lab 10.0.0.0/24\n'), ['Expected a name here, but the line ends here.']);
    });
});
