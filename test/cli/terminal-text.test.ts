import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { printable, printableLineStart, withoutControlCharacters } from '../../cli/terminal-text.js';
import { artifactLocation } from '../../cli/sarif.js';

// Everything a terminal or a CI log could interpret, beyond plain printable text.
const INTERPRETED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('printable text', () => {
    it('escapes the characters a terminal or a log would interpret', () => {
        assert.equal(printable('a\nb\r\tc\u001b[31m\u0007\u0085\u2028\u202e'), 'a\\nb\\r\\tc\\e[31m\\x07\\x85\\u2028\\u202e');
        assert.equal(printable('Backup & Replication — 10.0.0.1 → repo 🔥'), 'Backup & Replication — 10.0.0.1 → repo 🔥');
        assert.equal(printableLineStart('::error::x'), './::error::x');
        assert.equal(printableLineStart('a::b'), 'a::b');
    });

    it('never leaves a control character, and loses nothing else (property)', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), text => {
            const shown = printable(text);
            assert.doesNotMatch(shown, INTERPRETED);
            // The escapes are the only change: removing them and the characters they stand for leaves the same text.
            assert.equal(shown.replace(/\\(?:[nrte]|x[0-9a-f]{2}|u[0-9a-f]{4})/g, ''), text.replace(INTERPRETED_GLOBAL, '').replace(/\\(?:[nrte]|x[0-9a-f]{2}|u[0-9a-f]{4})/g, ''));
            assert.doesNotMatch(printableLineStart(text), /^::/);
        }), { seed: 8, numRuns: 2000 });
    });
});

describe('the output guard (what a command forgot to escape)', () => {
    it('keeps line feeds, escapes every other control character, and keeps JSON valid and equal', () => {
        assert.equal(withoutControlCharacters('a\nb\u001b[2J\r\u202e'), 'a\nb\\u001b[2J\\u000d\\u202e');
        fc.assert(fc.property(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 20 }), (value, text) => {
            const json = JSON.stringify({ value, text }, null, 2);
            const guarded = withoutControlCharacters(json);
            assert.deepEqual(JSON.parse(guarded), JSON.parse(json));
            assert.doesNotMatch(guarded.replace(/\n/g, ''), INTERPRETED);
        }), { seed: 9, numRuns: 500 });
    });
});

const INTERPRETED_GLOBAL = new RegExp(INTERPRETED.source, 'g');

describe('SARIF artifact locations', () => {
    it('percent-encode every segment of a relative path and keep absolute paths as file: URIs', () => {
        assert.deepEqual(artifactLocation('plans/a b#1?%.segplan'), { uri: 'plans/a%20b%231%3F%25.segplan', uriBaseId: '%SRCROOT%' });
        assert.deepEqual(artifactLocation('c:x.segplan'), { uri: 'c%3Ax.segplan', uriBaseId: '%SRCROOT%' }, 'not read as a URI scheme');
        assert.deepEqual(artifactLocation('/srv/plans/a b.segplan'), { uri: 'file:///srv/plans/a%20b.segplan' });
    });
});
