// The language server's browser worker bundle (out/server/language-server.js, the one VS Code for the
// Web and the playground start) in Debian's Chromium: it starts without Node, answers LSP, and
// publishes the findings the CLI reports for the same plan.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { TEST_HANG_GUARD_MS, launchChromium, serveFolder, type StaticServer } from './browser.js';
import { WORKER_PAGE } from './worker-page.js';

/** What `segplan check --format json` reports for a file: line and code of each finding. */
function checkJson(file: string): { code: string; line: number }[] {
    const run = spawnSync(process.execPath, ['bin/segplan.cjs', 'check', file, '--format', 'json'], { encoding: 'utf8' });
    return (JSON.parse(run.stdout) as { diagnostics: { code: string; line: number }[] }).diagnostics.map(d => ({ code: d.code, line: d.line }));
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };

describe('the language server in a browser worker', function () {
    this.timeout(TEST_HANG_GUARD_MS);
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let server: StaticServer;
    let page: Page;
    const uri = 'file:///plans/veeam-mistakes.segplan';
    const text = readFileSync('examples/veeam-mistakes.segplan', 'utf8');

    const request = (method: string, params: unknown) => page.evaluate(([m, p]) => (window as unknown as { lsp: { request(m: string, p: unknown): Promise<Message> } }).lsp.request(m as string, p), [method, params] as const) as Promise<Message>;
    const notify = (method: string, params: unknown) => page.evaluate(([m, p]) => (window as unknown as { lsp: { notify(m: string, p: unknown): void } }).lsp.notify(m as string, p), [method, params] as const);
    const published = (forUri: string) => page.waitForFunction(u => (window as unknown as { lsp: { notifications(): Message[] } }).lsp.notifications()
        .filter(n => n.method === 'textDocument/publishDiagnostics' && n.params?.uri === u).at(-1)?.params, forUri).then(h => h.jsonValue()) as Promise<{ diagnostics: { code: string; message: string; severity?: number; range: { start: { line: number } } }[] }>;

    before(async () => {
        server = await serveFolder('.', { '/worker.html': WORKER_PAGE });
        browser = await launchChromium();
        page = await browser.context.newPage();
        await page.goto(`${server.url}worker.html`);
    });
    after(async () => {
        await browser?.close();
        await server?.close();
    });

    it('answers initialize and publishes the findings the CLI reports for the plan', async () => {
        const init = await request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { elkUrl: `${server.url}out/elk/elk.cjs` } });
        const capabilities = (init.result as { capabilities?: { completionProvider?: unknown; hoverProvider?: unknown } })?.capabilities;
        assert.ok(capabilities?.completionProvider && capabilities.hoverProvider, JSON.stringify(init).slice(0, 500));
        await notify('initialized', {});
        await notify('textDocument/didOpen', { textDocument: { uri, languageId: 'segplan', version: 1, text } });
        const { diagnostics } = await published(uri);
        const cli = checkJson('examples/veeam-mistakes.segplan');
        const codes = (list: { code: string; line: number }[]) => list.map(d => `${d.line} ${d.code}`).sort();
        // The CLI leaves out hints (severity 4), which the editor shows faintly.
        const shown = diagnostics.filter(d => (d.severity ?? 1) < 4);
        assert.ok(shown.length > 5, JSON.stringify(diagnostics));
        assert.deepStrictEqual(codes(shown.map(d => ({ code: String(d.code), line: d.range.start.line + 1 }))), codes(cli));
    });

    it('answers completion and hover on the plan', async () => {
        const lines = text.split('\n');
        const line = lines.findIndex(l => /^\s*\w+\s*:\s*veeam\./.test(l));
        const character = lines[line].indexOf('veeam.') + 'veeam.'.length;
        const completion = await request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
        const labels = ((completion.result as { items: { label: string }[] }).items).map(i => i.label);
        assert.ok(labels.some(l => /BackupServer/.test(l)), JSON.stringify(labels.slice(0, 20)));
        const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line, character: character + 1 } });
        assert.match(JSON.stringify(hover.result), /Veeam/);
    });

    it('draws the plan: the layout engine is fetched by the worker on the first diagram, and the server keeps answering', async () => {
        const diagram = await request('workspace/executeCommand', { command: 'segplan.server.planDiagram', arguments: [{ uri }] });
        const result = diagram.result as { kind?: string; layout?: unknown };
        assert.equal(result?.kind, 'diagram', JSON.stringify(diagram).slice(0, 500));
        assert.ok(server.requests.includes('/out/elk/elk.cjs'), server.requests.join(', '));
        // ELK takes over a worker's messages when it loads in one: the server must still hear the next request.
        const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
        assert.equal(hover.error, undefined, JSON.stringify(hover));
    });

    it('generates rules, proven where the proof needs no kernel', async () => {
        const generate = async (target: string) => (await request('workspace/executeCommand', { command: 'segplan.server.generateRules', arguments: [{ uri, target, force: true, verify: true }] })).result as { kind: string; text?: string; verification?: string };
        const nft = await generate('nftables');
        assert.equal(nft.kind, 'generated', JSON.stringify(nft).slice(0, 500));
        assert.match(nft.text ?? '', /table inet segplan/);
        // As on the desktop: nft reads nftables text back, in a network namespace of its own.
        assert.match(nft.verification ?? '', /^not verified: .*nft/, nft.verification);
        const asa = await generate('cisco-asa');
        assert.equal(asa.kind, 'generated', JSON.stringify(asa).slice(0, 500));
        assert.match(asa.verification ?? '', /verified/, asa.verification);
        assert.doesNotMatch(asa.verification ?? '', /not verified|cannot/i, asa.verification);
    });

    it('says plainly what needs a machine: nftables text (nft) and Terraform files (the command line)', async () => {
        const clean = 'file:///plans/veeam-reference.segplan';
        await notify('textDocument/didOpen', { textDocument: { uri: clean, languageId: 'segplan', version: 1, text: readFileSync('examples/veeam-reference.segplan', 'utf8') } });
        await published(clean);
        const audit = async (name: string, text: string) => (await request('workspace/executeCommand', {
            command: 'segplan.server.auditConfig', arguments: [{ uri: clean, config: { uri: `file:///plans/${name}`, name, text }, maps: [] }]
        })).result as { kind: string; message?: string };
        const nft = await audit('ruleset.nft', 'table inet filter {\n  chain forward {\n    type filter hook forward priority 0; policy drop;\n  }\n}\n');
        assert.equal(nft.kind, 'error', JSON.stringify(nft));
        assert.match(nft.message ?? '', /needs nft on Linux.*segplan command line or SegPlan in VS Code on the desktop.*nft -j list ruleset/, nft.message);
        const terraform = await audit('main.tf', 'resource "aws_security_group" "a" {\n  name = "a"\n}\n');
        assert.equal(terraform.kind, 'error', JSON.stringify(terraform));
        assert.match(terraform.message ?? '', /main\.tf needs the segplan command line/, terraform.message);
        // JSON from `nft -j list ruleset` is read in the browser as anywhere.
        const json = await audit('ruleset.json', JSON.stringify({ nftables: [{ table: { family: 'inet', name: 'f', handle: 1 } }, { chain: { family: 'inet', table: 'f', name: 'fw', handle: 1, type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } }] }));
        assert.equal(json.kind, 'audited', JSON.stringify(json).slice(0, 500));
    });
});
