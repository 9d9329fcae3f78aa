import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isWhiteSpace, ruleWords } from '../../language/audit/importers/iptables-words.js';
import { CORPUS } from '../helpers/audit-corpus.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * The iptables reader's words, read character by character, are the words the regular expression
 * it replaced gave (kept here as the reference): on every line of the public iptables-save files
 * and of SegPlan's golden iptables outputs, and on generated lines made of what words are made of
 * (quotes, backslashes, every kind of white space, line ends inside a line).
 */
function referenceWords(line: string): string[] {
    const out: string[] = [];
    const re = /"((?:\\.|[^"\\])*)"|(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
    return out;
}

function iptablesFiles(): string[] {
    const corpus = path.join(CORPUS, 'iptables');
    const golden = path.join(PROJECT_ROOT, 'test', 'emit', 'golden');
    return [
        ...readdirSync(corpus).map(name => path.join(corpus, name)),
        ...readdirSync(golden).filter(name => /\.(host\.)?ip6?tables$/.test(name)).map(name => path.join(golden, name))
    ];
}

describe('audit: the words of an iptables rule line', () => {
    it('white space is what \\s and trim take, for every UTF-16 unit', () => {
        for (let c = 0; c < 0x10000; c++) assert.equal(isWhiteSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
    });

    it('every line of the public iptables-save files and the golden outputs reads as the expression read it', () => {
        let lines = 0;
        for (const file of iptablesFiles()) {
            for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
                assert.deepEqual(ruleWords(line), referenceWords(line), `${file}: ${line}`);
                lines++;
            }
        }
        assert.ok(lines > 1000, `only ${lines} lines read`);
    });

    it('quotes, escapes and white space of every kind, as the expression read them (fast-check, seed 71)', () => {
        const unit = fc.constantFrom('"', '\\', ' ', '\t', '\r', '\n', '\v', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u180e', 'a', '-', '!', ':', '\ud83d');
        const word = fc.constantFrom('-A', 'FORWARD', '-m', 'comment', '--comment', '"a b"', '"x\\"y"', '-j', 'ACCEPT');
        fc.assert(fc.property(fc.array(fc.oneof(unit, word), { maxLength: 40, size: 'max' }), parts => {
            const line = parts.join('');
            assert.deepEqual(ruleWords(line), referenceWords(line));
        }), { seed: 71, numRuns: 5000 });
    });

    it('a quote left open, an escape before the end and an escaped quote', () => {
        for (const line of ['-m comment --comment "open', '"a\\', '"a\\\nb"', '"a\\\rb" c', '"a\\\u2028b"', '"a\\"b" c', '"a\\\\" b"', '""x', 'x"a b"', '"a b"c d']) {
            assert.deepEqual(ruleWords(line), referenceWords(line), JSON.stringify(line));
        }
    });
});
