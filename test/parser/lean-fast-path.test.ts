import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AstUtils, EmptyFileSystem, LangiumParser, URI } from 'langium';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { builtinCatalogs } from '../../language/workspace/builtin-catalogs.js';
import { catalogDigest, storedTree, type PrecompiledCatalogs } from '../../language/workspace/precompiled-catalogs.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { assertSamePropertyPlaces, assertSameTree } from './lean-equivalence.js';

// The fast path must be the one taken: every well-formed plan file of the project (no vendor or
// platform statement, no syntax error) and the benchmark plans are read by the lean parser, to
// Langium's tree.

function planFiles(folder: string): string[] {
    return readdirSync(folder).flatMap(name => {
        const full = path.join(folder, name);
        return statSync(full).isDirectory() ? planFiles(full) : name.endsWith('.segplan') ? [full] : [];
    });
}

const CATALOG_STATEMENT = /^\s*(vendor|platform)\b/m;

describe('the lean plan parser takes well-formed plans', () => {
    const services: SegplanServices = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
    const lean = services.parser.LeanPlanParser!;
    const langium = services.parser.LangiumParser;

    it('every plan in examples/ and the test plans without a vendor or platform statement or a syntax error, and no other', () => {
        let taken = 0;
        for (const file of [...planFiles(path.join(PROJECT_ROOT, 'examples')), ...planFiles(path.join(PROJECT_ROOT, 'test'))]) {
            const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
            const real = langium.parse(text);
            const wellFormed = real.lexerErrors.length === 0 && real.parserErrors.length === 0 && !CATALOG_STATEMENT.test(text) && text.trim() !== '';
            const ours = lean.parse(text);
            assert.equal(ours !== undefined, wellFormed, `${path.relative(PROJECT_ROOT, file)}: ${wellFormed ? 'gave up on a well-formed plan' : 'took a plan it must leave to Langium'}`);
            if (ours) {
                assertSameTree(ours.value, real.value, path.basename(file));
                taken++;
            }
        }
        assert.ok(taken >= 15, `only ${taken} plans`);
    });

    it('the benchmark plans (rule-heavy; 2,000 components with sites)', () => {
        for (const [text, everyProperty] of [[generateRuleHeavyPlan(20, 200, 500).text, false], [generateBenchPlan(2000, { sites: true }).text, false], [generateBenchPlan(150, { sites: true }).text, true]] as const) {
            const ours = lean.parse(text);
            assert.ok(ours, 'gave up');
            const real = langium.parse(text);
            assertSameTree(ours.value, real.value);
            // Each statement's real tree is made on its own: slow on thousands.
            if (everyProperty) assertSamePropertyPlaces(ours.value, real.value);
        }
    });

    it('a well-formed plan built as the CLI builds it (precompiled catalogs, built once) never makes Langium\'s parser', async () => {
        // The catalogs' trees as the build stores them.
        const parsing = createSegplanServices(EmptyFileSystem).Segplan;
        await parsing.shared.workspace.WorkspaceManager.initializeWorkspace([]);
        const documents = parsing.shared.workspace.LangiumDocuments;
        const catalogs: PrecompiledCatalogs = JSON.parse(JSON.stringify(Object.fromEntries(builtinCatalogs().map(c => [c.name, {
            textDigest: catalogDigest('g', c.text), tree: storedTree(documents.getDocument(c.uri)!.parseResult.value, parsing)
        }]))));
        const made = (text: string) => withParsersCounted(async () => {
            const cli = createSegplanServices({ ...EmptyFileSystem, precompiledCatalogs: { grammarDigest: 'g', catalogs }, builtOnce: true }).Segplan;
            await cli.shared.workspace.WorkspaceManager.initializeWorkspace([]);
            const document = cli.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///lean/plan.segplan'));
            cli.shared.workspace.LangiumDocuments.addDocument(document);
            await cli.shared.workspace.DocumentBuilder.build([document], { validation: true });
            assert.ok((document.diagnostics ?? []).length > 0, 'validated');
        });
        const plan = generateRuleHeavyPlan(5, 20, 40).text;
        assert.equal(await made(plan), 0);
        // The count sees a parser being made: a platform statement is left to Langium.
        assert.equal(await made(`${plan}\nplatform p "P"\n`), 1);
    });

    it('checking a plan makes no place for an address that has no finding (its text is read from its offsets)', async () => {
        // Every component has an address, whose words are checked for spaces between them: made
        // for each, places were tens of thousands of objects of a large plan's check.
        const cli = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
        await cli.shared.workspace.WorkspaceManager.initializeWorkspace([]);
        const text = `${generateBenchPlan(400, { sites: true }).text}spaced : veeam.Repository in s0backup at backup . corp os linux\n`;
        const document = cli.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///lean/addresses.segplan'));
        cli.shared.workspace.LangiumDocuments.addDocument(document);
        await cli.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const spaced = (document.diagnostics ?? []).filter(d => d.code === 'host-name-with-spaces');
        assert.equal(spaced.length, 1, 'the address written with spaces is still found');
        const addresses = [...AstUtils.streamAst(document.parseResult.value)].filter(n => n.$type === 'Address');
        assert.ok(addresses.length > 400, `${addresses.length} addresses`);
        const placed = addresses.filter(n => Object.hasOwn(n, '$cstNode')).map(n => (n as unknown as { value: string }).value);
        assert.deepEqual(placed, ['backup.corp']);
    });

    it('a fault inside the lean parser leaves the file to Langium\'s parser, with the same findings', async () => {
        const plan = `${generateRuleHeavyPlan(5, 20, 40).text}allow vm1 -> vm2 tcp 70000\n`;
        const findings = async (faulty: boolean) => {
            const cli = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
            if (faulty) cli.parser.LeanPlanParser!.parse = () => { throw new TypeError('a fault of the lean parser'); };
            await cli.shared.workspace.WorkspaceManager.initializeWorkspace([]);
            const document = cli.shared.workspace.LangiumDocumentFactory.fromString(plan, URI.parse('file:///lean/faulty.segplan'));
            cli.shared.workspace.LangiumDocuments.addDocument(document);
            await cli.shared.workspace.DocumentBuilder.build([document], { validation: true });
            return (document.diagnostics ?? []).map(d => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`);
        };
        const withFault = await findings(true);
        assert.ok(withFault.some(f => f.includes('invalid-port')), 'checked');
        assert.ok(!withFault.some(f => f.includes('internal-error')), withFault.join('\n'));
        assert.deepEqual(withFault, await findings(false));
    });
});

/** How many of Langium's parsers `run` made (each is finalized once, by SegplanModule). */
async function withParsersCounted(run: () => Promise<void>): Promise<number> {
    const finalize = LangiumParser.prototype.finalize;
    let count = 0;
    LangiumParser.prototype.finalize = function (this: LangiumParser) {
        count++;
        return finalize.call(this);
    };
    try {
        await run();
    } finally {
        LangiumParser.prototype.finalize = finalize;
    }
    return count;
}
