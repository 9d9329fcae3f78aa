import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { examplePlans, InMemorySegplan, segplan, segplanJson } from './mcp-kit.js';

// Every tool of `segplan mcp`, called by an MCP client over the SDK's in-memory transports, on the
// example plans: each answer (text and structured content) is the built CLI's for the same plan,
// and every citation a finding or flow makes is structured from the words the CLI prints.

interface CliFlow {
    readonly source: { instance: string };
    readonly destination: { instance: string };
    readonly protocol: string;
    readonly ports: string[];
    readonly status: string;
    readonly citations: string[];
}

interface Citation { text: string; document: string | null; section: string; row: number | null; file: string }

/** A flow between zones of the plan, to explain and to query. */
function crossZoneFlow(plan: string): CliFlow {
    const { flows } = segplanJson<{ flows: CliFlow[] }>('flows', plan, '--json');
    const flow = flows.find(f => f.status !== 'same-zone' && f.status !== 'not-required' && f.protocol !== 'tcp/udp');
    assert.ok(flow, `${plan} has a flow between zones`);
    return flow;
}

/**
 * What segplan generate says on stderr, as generate_rules structures it: the emitter's warnings,
 * and the proof's lines with the verdict they state.
 */
function generateStderr(stderr: string) {
    const lines = stderr.split('\n').filter(Boolean).map(l => l.replace(/^segplan: /, ''));
    const proof = lines.filter(l => !l.startsWith('warning: '));
    const verdict = proof.some(l => /: verified: allows exactly the plan[.,]/.test(l)) ? 'equal'
        : proof.some(l => /is not verified/.test(l)) ? 'not-verified'
            : proof.some(l => /does not allow exactly/.test(l)) ? 'different' : 'cannot-verify';
    return { warnings: lines.filter(l => l.startsWith('warning: ')).map(l => l.slice('warning: '.length)), proof, verdict };
}

/** The warning in front of an answer about a plan with errors, which the CLI writes on stderr; the answer without it. */
function withoutErrorsNote(text: string, cliStderr: string): string {
    const note = /^warning: .* has \d+ error\(s\); .*\n\n/.exec(text);
    assert.equal(!!note, /warning: .* has \d+ error\(s\)/.test(cliStderr), `${text.slice(0, 200)} / ${cliStderr}`);
    return note ? text.slice(note[0].length) : text;
}

const withoutKeys = <T extends object>(value: T, ...keys: string[]) => Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));

describe('segplan mcp tools answer as the CLI does, on the examples', function () {
    let mcp: InMemorySegplan;
    /** Every document (or file) the catalogs cite, by the name a citation starts with. */
    let citedNames: Set<string>;
    before(async () => {
        mcp = await InMemorySegplan.start();
        const catalog = segplanJson<{ vendors: { flows: { source: string }[] }[] }>('catalog', '--json');
        citedNames = new Set(catalog.vendors.flatMap(v => v.flows.flatMap(f => f.source.split('; ').map(c => c.slice(0, c.indexOf(', "'))))));
        assert.ok(citedNames.size >= 5, [...citedNames].join(' | '));
    });
    after(() => mcp.close());

    it('lists the tools of the issue, each taking its plan as path or text', async () => {
        const { tools } = await mcp.client.listTools();
        assert.deepEqual(tools.map(t => t.name).sort(),
            ['check_plan', 'component_flows', 'explain_flows', 'generate_rules', 'list_targets', 'matrix', 'propose_fixes', 'query_traffic']);
        for (const tool of tools.filter(t => t.name !== 'list_targets')) {
            const properties = (tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {};
            assert.ok('path' in properties && 'text' in properties, `${tool.name}: ${JSON.stringify(tool.inputSchema)}`);
        }
        // Nothing writes without --allow-writes.
        assert.ok(tools.every(t => t.annotations?.readOnlyHint === true), JSON.stringify(tools.map(t => [t.name, t.annotations])));
    });

    for (const plan of examplePlans()) {
        describe(path.basename(plan), () => {
            it('check_plan: the findings, coverage and text of segplan check, with the citations of each message', async () => {
                const cli = segplanJson<{ diagnostics: { message: string; code: string }[]; summary: unknown; coverage: unknown }>('check', plan, '--format', 'json');
                const text = segplan('check', plan).stdout;
                const { text: answer, structured } = await mcp.answer('check_plan', { path: plan, limit: 100000 });
                assert.equal(answer, text);
                const findings = structured.findings as unknown as ({ message: string; code: string; citations: Citation[]; documentation: string })[];
                assert.deepEqual(findings.map(f => withoutKeys(f, 'citations', 'documentation')), cli.diagnostics);
                assert.deepEqual(structured.summary, cli.summary);
                assert.deepEqual(structured.coverage, cli.coverage);
                assert.equal(structured.checked, true);
                for (const f of findings) {
                    assert.equal(f.documentation, `https://github.com/segplan/segplan/blob/main/docs/findings.md#${f.code}`);
                    // Each citation is words of the message, and it names the document, section and row those words name.
                    let rest = f.message;
                    for (const c of f.citations) {
                        assert.ok(f.message.includes(c.text), `${c.text} in ${f.message}`);
                        assert.equal(c.text, `${c.document ?? c.file}, "${c.section}"${c.row === null ? '' : ` row ${c.row}`}`);
                        rest = rest.split(c.text).join('');
                    }
                    // And no citation of the message is left unstructured.
                    for (const name of citedNames) assert.ok(!rest.includes(`${name}, "`), `${name} left in ${f.message}`);
                    if (f.code === 'missing-flow' || f.code === 'partial-flow') assert.ok(f.citations.length > 0, f.message);
                }
            });

            it('explain_flows and query_traffic: segplan explain and segplan query for a flow between zones', async () => {
                const flow = crossZoneFlow(plan);
                const [from, to] = [flow.source.instance, flow.destination.instance];
                const explained = await mcp.answer('explain_flows', { path: plan, from, to });
                assert.equal(explained.text, segplan('explain', plan, from, to).stdout);
                const cliExplained = segplanJson<{ citations: string }[]>('explain', plan, from, to, '--json');
                const flows = explained.structured.flows as unknown as ({ citations: string; sources: Citation[] })[];
                assert.deepEqual(flows.map(f => withoutKeys(f, 'sources')), cliExplained);
                for (const f of flows) assert.equal(f.sources.map(c => c.text).join('; '), f.citations);
                assert.ok(flows.some(f => f.sources.length > 0));

                const port = flow.ports[0].split('-')[0];
                const query = await mcp.answer('query_traffic', { path: plan, from, to, protocol: flow.protocol, port: Number(port) });
                const cliQuery = segplan('query', plan, from, to, flow.protocol, port);
                assert.equal(withoutErrorsNote(query.text, cliQuery.stderr), cliQuery.stdout);
                assert.deepEqual(withoutKeys(query.structured, 'planErrors'), segplanJson('query', plan, from, to, flow.protocol, port, '--json'));
                // A flow the plan requires is found with the same citations `segplan flows` gives it.
                const needed = (query.structured.flows as unknown as { from: string; to: string; citations: string[] }[]).find(f => f.from === from && f.to === to);
                assert.ok(needed, query.text);
                assert.ok(needed.citations.every(c => flow.citations.includes(c)) || flow.citations.length === 0, `${needed.citations} ⊆ ${flow.citations}`);
            });

            it('matrix: segplan matrix in text, markdown and csv, and its JSON as structured content', async () => {
                const answer = await mcp.answer('matrix', { path: plan });
                const cli = segplan('matrix', plan);
                assert.equal(withoutErrorsNote(answer.text, cli.stderr), cli.stdout);
                assert.deepEqual(withoutKeys(answer.structured, 'planErrors'), segplanJson('matrix', plan, '--format', 'json'));
                for (const format of ['markdown', 'csv']) {
                    const formatted = segplan('matrix', plan, '--format', format);
                    assert.equal(withoutErrorsNote((await mcp.answer('matrix', { path: plan, format })).text, formatted.stderr), formatted.stdout);
                }
            });

            it('generate_rules: segplan generate\'s rules and what its proof says', async () => {
                // An ASA configuration is read back and proven by default.
                const cli = segplan('generate', plan, '--target', 'cisco-asa');
                const answer = await mcp.answer('generate_rules', { path: plan, target: 'cisco-asa' });
                if (cli.code === 0) {
                    const said = generateStderr(cli.stderr);
                    assert.equal(answer.structured.generated, true);
                    assert.equal(answer.structured.rules, cli.stdout);
                    assert.deepEqual(answer.structured.proof, { verdict: said.verdict, lines: said.proof });
                    assert.deepEqual(answer.structured.warnings, said.warnings);
                    assert.ok(answer.text.endsWith(cli.stdout), answer.text.slice(0, 300));
                    assert.equal(answer.structured.written, null);
                } else {
                    // A plan with errors gives no rules (segplan generate exits 1), and says which errors.
                    assert.equal(cli.code, 1, cli.stderr);
                    assert.equal(answer.structured.generated, false);
                    const errors = answer.structured.errors as unknown as string[];
                    assert.deepEqual(errors.map(e => `  ${e}`), cli.stderr.split('\n').slice(1).filter(Boolean));
                }
            });
        });
    }

    it('generate_rules: other targets, with the proof\'s verdict and lines, as segplan generate', async () => {
        const verdicts = new Set<string>();
        for (const target of ['nftables', 'panos', 'fortigate', 'iptables', 'csv']) {
            const plan = 'examples/veeam-reference.segplan';
            const cli = segplan('generate', plan, '--target', target);
            assert.equal(cli.code, 0, cli.stderr);
            const answer = await mcp.answer('generate_rules', { path: plan, target });
            assert.equal(answer.structured.rules, cli.stdout, target);
            const said = generateStderr(cli.stderr);
            assert.deepEqual(answer.structured.proof, { verdict: said.verdict, lines: said.proof }, target);
            verdicts.add(said.verdict);
        }
        assert.ok(verdicts.size >= 2, [...verdicts].join(', '));
    });

    it('list_targets: segplan generate --list-targets', async () => {
        const answer = await mcp.answer('list_targets', {});
        assert.equal(answer.text, segplan('generate', '--list-targets').stdout);
        assert.ok((answer.structured.targets as unknown as { id: string }[]).some(t => t.id === 'nftables'));
    });

    it('a plan given as text answers as the same plan given as a file', async () => {
        const plan = 'examples/veeam-mistakes.segplan';
        const text = readFileSync(path.join(PROJECT_ROOT, plan), 'utf8');
        const byPath = await mcp.answer('check_plan', { path: plan, limit: 100000 });
        const byText = await mcp.answer('check_plan', { text, limit: 100000 });
        assert.equal(byText.structured.file, '<text>.segplan');
        const strip = (r: typeof byPath) => (r.structured.findings as unknown as { file: string }[]).map(f => withoutKeys(f, 'file'));
        assert.deepEqual(strip(byText), strip(byPath));
        assert.equal(byText.text, byPath.text.split(plan).join('<text>.segplan'));
    });

    it('a plan given as text reads its imports from the folder the server runs in', async () => {
        const plan = 'test/fixtures/imports/plan.segplan';
        const text = readFileSync(path.join(PROJECT_ROOT, plan), 'utf8').replace(/import "/g, 'import "test/fixtures/imports/');
        type Finding = { file: string; line: number; code: string; message: string };
        const byPath = (await mcp.answer('check_plan', { path: plan })).structured.findings as unknown as Finding[];
        const byText = (await mcp.answer('check_plan', { text })).structured.findings as unknown as Finding[];
        // The imported files' findings are the same; the plan's own are on the same lines, with the same codes.
        const imported = (f: Finding[]) => f.filter(x => x.file.includes('/shared/'));
        assert.ok(imported(byPath).length > 0, JSON.stringify(byPath));
        assert.deepEqual(imported(byText), imported(byPath));
        const own = (f: Finding[], file: string) => f.filter(x => x.file === file).map(x => `${x.line} ${x.code}`);
        assert.deepEqual(own(byText, '<text>.segplan'), own(byPath, plan));
        assert.ok(own(byPath, plan).some(l => / unresolved-import$/.test(l)) && own(byPath, plan).some(l => / missing-flow$/.test(l)));
    });

    it('check_plan lists the most severe findings first when it lists only some, and counts all', async () => {
        const plan = 'examples/veeam-mistakes.segplan';
        const all = await mcp.answer('check_plan', { path: plan, limit: 100000 });
        const some = await mcp.answer('check_plan', { path: plan, limit: 3 });
        const listed = some.structured.findings as unknown as { severity: string }[];
        assert.equal(listed.length, 3);
        assert.ok(listed.every(f => f.severity === 'error'), JSON.stringify(listed));
        assert.equal(some.structured.total, all.structured.total);
        assert.deepEqual(some.structured.summary, all.structured.summary);
        assert.match(some.text, new RegExp(`… and ${Number(all.structured.total) - 3} more findings`));
    });
});
