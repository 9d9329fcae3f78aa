import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changeRequestCsvImporter } from '../../language/audit/importers/change-request-csv.js';
import { changeRequestMarkdownImporter, markdownCells } from '../../language/audit/importers/change-request-markdown.js';
import { csvRecords } from '../../language/audit/importers/csv-records.js';
import { detectImporter } from '../../language/audit/importers/registry.js';
import { csvCell, mdCell } from '../../language/emit/change-request.js';
import { configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { compareWithRules, ruleMatches } from './allowed-exactly.js';
import { examplePlans, OTHER_TARGETS, readWith } from './example-outputs.js';

/**
 * The change-request tables read back as rule tables: every example plan's CSV and Markdown allow
 * exactly what its rule set allows; a hand-edited table is judged by what it says.
 */

const NOW = new Date();
const FORMATS = [
    { target: 'csv', importer: changeRequestCsvImporter },
    { target: 'markdown', importer: changeRequestMarkdownImporter }
];

/** The data rows of an emitted table (after the heading, and the separator in Markdown). */
function firstRow(text: string, target: string): string {
    const lines = text.split(/\r?\n/);
    const heading = lines.findIndex(l => l.includes('Source zone'));
    return lines[heading + (target === 'markdown' ? 2 : 1)];
}

describe('audit: change requests read back as rule tables', function () {
    this.timeout(300_000);

    for (const { target, importer } of FORMATS) {
        it(`${target}: each example plan's table allows exactly its rule set, and is detected as ${importer.id}`, async () => {
            for (const plan of await examplePlans()) {
                const text = plan.emit(target, true);
                assert.equal(detectImporter(text)?.id, importer.id, plan.name);
                const named = plan.ruleSet.rules.some(r => [...r.sources, ...r.destinations].some(e => e.hostNames.length > 0));
                const d = compareWithRules(await readWith(importer, text, NOW), ruleMatches(plan.ruleSet.rules, NOW));
                assert.deepEqual([d.missing, d.extra], [[], []], plan.name);
                // Host names are no addresses: what they allow is unknown, never taken as nothing.
                assert.equal(d.unknown.length > 0, named, `${plan.name}: ${d.unknown.join('; ')}`);
            }
        });

        it(`${target}: an added row, a deleted row, a wider port and a host name are read as written`, async () => {
            const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
            const text = plan.emit(target, true);
            const row = firstRow(text, target);
            const expected = ruleMatches(plan.ruleSet.rules, NOW);
            const read = (t: string) => readWith(importer, t, NOW).then(p => compareWithRules(p, expected));
            const extraRow = target === 'csv' ? `"r99","a","b","192.0.2.0/24","c","d","198.51.100.7","tcp","22","","","","",""` : '| r99 | a | b | 192.0.2.0/24 | c | d | 198.51.100.7 | tcp | 22 |  |  |  |  |  |';
            const added = await read(text.replace(row, `${row}${target === 'csv' ? '\r\n' : '\n'}${extraRow}`));
            assert.match(added.extra.join('\n'), /192\.0\.2\.0\/24 -> 198\.51\.100\.7 ports 22-22/);
            assert.deepEqual(added.missing, []);
            const cells = target === 'csv' ? row.split('","') : row.split(' | ');
            const widened = [...cells];
            widened[8] = widened[8].replace(/^\d+/, n => `${n}-65535`);
            assert.notEqual(widened[8], cells[8], `no port to widen in ${row}`);
            const wider = await read(text.replace(row, widened.join(target === 'csv' ? '","' : ' | ')));
            assert.ok(wider.extra.length > 0, 'a port range widened by hand is found');
            const deleted = await read(text.replace(`${row}${target === 'csv' ? '\r\n' : '\n'}`, ''));
            assert.ok(deleted.missing.length > 0, 'a deleted row is found');
            const named = [...cells];
            named[3] = 'backup.example.net';
            const unknown = await read(text.replace(row, named.join(target === 'csv' ? '","' : ' | ')));
            assert.match(unknown.unknown.join('\n'), /host name backup\.example\.net/);
        });

        it(`${target}: no other target's output is taken for a table`, async () => {
            const plan = (await examplePlans()).find(p => p.name === 'veeam-reference.segplan')!;
            for (const other of OTHER_TARGETS.filter(t => t !== target)) {
                assert.equal(importer.detect(plan.emit(other, true)), false, `${other} output taken for ${target}`);
            }
        });
    }

    it('csv: a quote left open, text after a closing quote and a bad port are errors at their line', () => {
        const heading = '"Rule","Source addresses","Destination addresses","Protocol","Ports"\r\n';
        const read = (rows: string) => configErrorOf(() => changeRequestCsvImporter.import(heading + rows, { file: 'cr.csv', interfaces: new Map(), hook: 'forward', now: NOW }));
        assert.equal(read('"r1","10.0.0.1","10.0.0.2","tcp","22\r\n').line, 2);
        assert.equal(read('"r1","10.0.0.1"x,"10.0.0.2","tcp","22"\r\n').line, 2);
        assert.match(read('"r1","10.0.0.1","10.0.0.2","tcp","22"\r\n"r2","10.0.0.1","10.0.0.2","tcp","0"\r\n').message, /line 3: ports: '0'/);
        assert.match(read('"r1","10.0.0.1","10.0.0.2","icmp","22"\r\n').message, /line 2: protocol 'icmp'/);
    });

    it('a temporary row allows through the end of its day (UTC), not after; replies come back', async () => {
        const text = '"Rule","Source addresses","Destination addresses","Protocol","Ports","Temporary until"\r\n"r1","10.0.0.1","10.0.0.2","tcp","22","2026-03-01"\r\n';
        const during = compareWithRules(await readWith(changeRequestCsvImporter, text, new Date('2026-03-01T23:59:59Z')), []);
        const after = compareWithRules(await readWith(changeRequestCsvImporter, text, new Date('2026-03-02T00:00:00Z')), []);
        assert.equal(during.extra.length, 1);
        assert.deepEqual(after.extra, []);
        // A row asks for connections, replies included.
        assert.equal(verdictOf(await readWith(changeRequestCsvImporter, text, new Date('2026-03-01T00:00:00Z')), 'tcp', '10.0.0.2', '10.0.0.1', 40000, 'established').verdict, 'accept');
    });

    it('the CSV reader gives back every cell the emitter quotes (fast-check, seed 39)', () => {
        fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme-ascii' }).filter(s => !s.startsWith("'")), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (rows, crlf) => {
            const text = rows.map(r => r.map(csvCell).join(',')).join(crlf ? '\r\n' : '\n') + '\r\n';
            const read = csvRecords(text, 'x.csv').map(r => r.fields.map(f => f.replace(/^'(?=[=+\-@])/, '')));
            assert.deepEqual(read, rows);
        }), { seed: 39, numRuns: 300 });
    });

    it('a Markdown row gives back every cell the emitter escapes (fast-check, seed 39)', () => {
        fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }).filter(s => !/[\r\n]/.test(s)), { minLength: 1, maxLength: 6 }), cells => {
            assert.deepEqual(markdownCells(`| ${cells.map(mdCell).join(' | ')} |`), cells.map(c => c.trim()));
        }), { seed: 39, numRuns: 300 });
    });
});
