import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CstUtils, EmptyFileSystem, GrammarAST, isLeafCstNode, type AstNode } from 'langium';
import { createSegplanServices } from '../../language/segplan-module.js';
import { softKeywords } from '../../language/parser/soft-keywords.js';
import { isAllowRule, isDenyRule, isInstance, isRequirement, isSite, isZone, type SegplanDocument } from '../../language/generated/ast.js';
import { PROJECT_ROOT, readText } from '../helpers/fixtures.js';

// The fixtures name zones, sites and components with every word the language took on after its first
// version. The CLI reads each (with its lean parser, and with Langium's) exactly as the same plan with
// ordinary names: the same findings and the same required flows, line for line.

const FIXTURES = ['soft-words-as-zones-and-sites.segplan', 'soft-words-as-components.segplan', 'names-like-relation-words.segplan'];
const services = createSegplanServices(EmptyFileSystem).Segplan;
const soft = softKeywords(services.Grammar);

function parse(file: string): SegplanDocument {
    const result = services.parser.LangiumParser.parse<SegplanDocument>(readText(path.join(PROJECT_ROOT, 'test', 'fixtures', file)));
    assert.deepEqual(result.parserErrors.map(e => e.message), [], file);
    return result.value;
}

/** The fixture's text with each name spelt like a soft word in capitals (an ordinary name, as long): keywords stay as they are. */
function withOrdinaryNames(file: string): string {
    const text = readText(path.join(PROJECT_ROOT, 'test', 'fixtures', file));
    const root = services.parser.LangiumParser.parse(text).value.$cstNode!;
    let out = '', at = 0;
    for (const leaf of CstUtils.streamCst(root)) {
        if (!isLeafCstNode(leaf) || !soft.has(leaf.text)) continue;
        // A component's name, or a keyword read through the grammar's SoftWord rule: a name, not the word.
        const isName = leaf.tokenType.name === 'INSTANCE_NAME' || (GrammarAST.isKeyword(leaf.grammarSource) && containerRule(leaf.grammarSource) === 'SoftWord');
        if (!isName) continue;
        out += text.slice(at, leaf.offset) + leaf.text.toUpperCase();
        at = leaf.end;
    }
    return out + text.slice(at);
}

function containerRule(node: AstNode): string | undefined {
    for (let n: AstNode | undefined = node; n; n = n.$container) if (GrammarAST.isParserRule(n)) return n.name;
    return undefined;
}

/** Runs the bundled CLI in `folder` on `file` there. */
function segplan(folder: string, env: Record<string, string>, ...args: string[]) {
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('names spelt like the words of the language', function () {
    this.timeout(300000);

    it('the fixtures use every soft word as a zone, a site and a component, each named by allow, deny or require', () => {
        const roles = { zone: new Set<string>(), site: new Set<string>(), component: new Set<string>(), named: new Set<string>() };
        for (const file of FIXTURES.slice(0, 2)) {
            for (const element of parse(file).elements) {
                if (isZone(element)) roles.zone.add(element.name);
                if (isSite(element)) roles.site.add(element.name);
                if (isInstance(element)) roles.component.add(element.name);
                if (isAllowRule(element) || isDenyRule(element)) for (const e of [...element.sources, ...element.destinations]) if (e.target) roles.named.add(e.target.$refText);
                if (isRequirement(element)) for (const r of [...element.sources, ...element.destinations]) roles.named.add(r.$refText);
            }
        }
        for (const [role, names] of Object.entries(roles)) {
            assert.deepEqual([...soft].filter(word => !names.has(word)), [], `soft words no fixture uses as ${role === 'named' ? 'a name in a rule' : `a ${role}`}`);
        }
    });

    for (const file of FIXTURES) {
        it(`segplan check and flows read ${file} as the plan with ordinary names, with either parser`, () => {
            const softFolder = mkdtempSync(path.join(tmpdir(), 'segplan-soft-'));
            const plainFolder = mkdtempSync(path.join(tmpdir(), 'segplan-plain-'));
            writeFileSync(path.join(softFolder, file), readText(path.join(PROJECT_ROOT, 'test', 'fixtures', file)));
            const plainText = withOrdinaryNames(file);
            assert.notEqual(plainText, readText(path.join(PROJECT_ROOT, 'test', 'fixtures', file)));
            writeFileSync(path.join(plainFolder, file), plainText);
            for (const command of [['check', '--hints', file], ['flows', '--json', file]]) {
                const lean = segplan(softFolder, {}, ...command);
                const langium = segplan(softFolder, { SEGPLAN_LEAN_PARSER: 'off' }, ...command);
                const plain = segplan(plainFolder, {}, ...command);
                assert.equal(lean.code, 0, lean.stdout + lean.stderr);
                assert.deepEqual(langium, lean, `${command[0]}: the lean parser and Langium's read it differently`);
                let expected = plain.stdout.replaceAll(plainFolder, softFolder);
                for (const word of soft) expected = expected.replace(new RegExp(`(?<![\\w-])${word.toUpperCase()}(?![\\w-])`, 'g'), word);
                assert.equal(lean.stdout, expected, `${command[0]}: not as with ordinary names`);
                assert.equal(plain.code, lean.code);
            }
        });
    }
});
