import * as assert from 'node:assert/strict';
import type { Diagnostic, Position } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, codeOf, open } from './lsp-test-kit.js';

const inside = (p: Position, d: Diagnostic) =>
    (p.line > d.range.start.line || (p.line === d.range.start.line && p.character >= d.range.start.character))
    && (p.line < d.range.end.line || (p.line === d.range.end.line && p.character < d.range.end.character));

/**
 * An editor shows the problems under the cursor before the hover's own text: a finding about a
 * whole rule (repeated, breaks a deny) stands on the rule's head — `allow`, its endpoints and
 * protocol — so the hover on one of its ports leads with that port's own explanation.
 */
describe('findings about a whole rule stand on its head, not on its ports', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const PLAN = BRANCH_PLAN
        + 'allow vbr -> repo tcp 6162, 6160\n'
        + 'deny vbr -> repo tcp 22\n'
        + 'allow vbr -> repo tcp 22, 6162\n';

    it('a port of a repeated rule and of a rule that breaks a deny has no rule-level finding over it', async () => {
        const document = await open(services, PLAN);
        const text = document.textDocument.getText();
        const lines = text.split('\n');
        const diagnostics = document.diagnostics ?? [];
        const repeatedLine = lines.lastIndexOf('allow vbr -> repo tcp 6162, 6160');
        const breakingLine = lines.indexOf('allow vbr -> repo tcp 22, 6162');
        const onLine = (line: number) => diagnostics.filter(d => d.range.start.line === line);
        assert.ok(onLine(repeatedLine).some(d => codeOf(d) === 'repeated-rule'), JSON.stringify(onLine(repeatedLine)));
        assert.ok(onLine(breakingLine).length > 0, 'the rule that breaks the deny has its finding');
        for (const [line, port] of [[repeatedLine, '6162'], [repeatedLine, '6160'], [breakingLine, '6162']] as const) {
            const character = lines[line].indexOf(port, lines[line].indexOf(' tcp ')) + 1;
            const over = onLine(line).filter(d => inside({ line, character }, d));
            assert.deepEqual(over.map(d => `${codeOf(d)}: ${d.message}`), [], `line ${line + 1}, port ${port}`);
            // The rule's head still carries each of them: the `allow` keyword is inside.
            for (const d of onLine(line).filter(d => d.range.start.character === 0)) assert.ok(inside({ line, character: 1 }, d));
        }
    });
});
