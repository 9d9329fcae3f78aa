import * as assert from 'node:assert/strict';
import { EmptyFileSystem } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { parseWithoutStacks } from '../../language/parser/parse-without-stacks.js';

// Chevrotain makes an Error for each token its recovery tries on broken text (what the editor parses
// while a line is being typed); a stack trace for each was time spent on what nobody reads.

const framesOf = (error: { stack?: string }) => (error.stack ?? '').split('\n').filter(l => /^\s+at /.test(l)).length;

const BROKEN = `plan "Typing"
zone mgmt 10.0.0.0/24
zone prod 10.1.0.0/24
component vbr : veeam.BackupServer in mgmt at 10.0.0.5
allow mgmt -> prod tcp
allow mgmt prod -> tcp 443 vbr
component : in prod at
`;

describe('parsing broken text takes no stack traces', () => {
    const services = createSegplanServices(EmptyFileSystem).Segplan;

    it('the syntax errors of a broken plan carry no stack frames, in the parser and in completion', () => {
        const result = services.parser.LangiumParser.parse(BROKEN);
        assert.ok(result.parserErrors.length >= 2, `${result.parserErrors.length} errors`);
        for (const error of result.parserErrors) assert.equal(framesOf(error), 0, `${error.message}: ${error.stack}`);
        const completion = services.parser.CompletionParser.parse(BROKEN.slice(0, BROKEN.indexOf('tcp 443')));
        assert.ok(completion.tokens.length > 0);
        // Stack traces are on again after the parse.
        assert.ok(framesOf(new Error('after')) > 0);
    });

    it('an error made inside has no stack; the limit is restored after a parse, and after a failure', () => {
        const limit = Error.stackTraceLimit;
        assert.equal(framesOf(parseWithoutStacks(() => new Error('inside'))), 0);
        assert.equal(Error.stackTraceLimit, limit);
        assert.throws(() => parseWithoutStacks(() => { throw new TypeError('the parser failed'); }), /the parser failed/);
        assert.equal(Error.stackTraceLimit, limit);
    });

    it('a failure of the parser itself is thrown as it is, once, with a stack of where the parse was asked', () => {
        let runs = 0;
        const failure = (function askedHere() {
            try {
                parseWithoutStacks(() => { runs++; throw new TypeError('the parser failed'); });
            } catch (error) {
                return error as Error;
            }
            return undefined;
        })();
        assert.equal(runs, 1);
        assert.ok(failure instanceof TypeError && /the parser failed/.test(failure.message));
        assert.ok(framesOf(failure) > 0 && /askedHere/.test(failure.stack ?? ''), failure.stack);
    });
});
