import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { SEGPLAN, segplan, segplanJson } from './mcp-kit.js';

// The built CLI as an MCP client starts it (`segplan mcp` on standard input and output): the
// handshake, the tools, a call, and the end of the process when its input closes. And the SDK is
// in no bundle but its own.

/** `segplan mcp` as a child process, read line by line: every line it writes on stdout must be a JSON-RPC message. */
class McpProcess {
    private readonly child: ChildProcess;
    private buffer = '';
    private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();
    readonly messages: Record<string, unknown>[] = [];
    stderr = '';
    readonly exited: Promise<number | null>;

    constructor(args: string[] = []) {
        this.child = spawn(process.execPath, [SEGPLAN, 'mcp', ...args], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
        // 'close', not 'exit': at its exit what it wrote last may still be on its way, and the
        // tests read its whole output and error output after this.
        this.exited = new Promise(resolve => this.child.on('close', code => resolve(code)));
        this.child.stderr!.on('data', chunk => { this.stderr += String(chunk); });
        this.child.stdout!.on('data', chunk => {
            this.buffer += String(chunk);
            for (let end = this.buffer.indexOf('\n'); end >= 0; end = this.buffer.indexOf('\n')) {
                const line = this.buffer.slice(0, end);
                this.buffer = this.buffer.slice(end + 1);
                const message = JSON.parse(line) as Record<string, unknown>;
                assert.equal(message.jsonrpc, '2.0', line);
                this.messages.push(message);
                this.waiting.get(message.id as number)?.(message);
            }
        });
    }

    send(message: Record<string, unknown>): void {
        this.child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
    }

    request(id: number, method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
        const answered = new Promise<Record<string, unknown>>(resolve => this.waiting.set(id, resolve));
        this.send({ id, method, ...params ? { params } : {} });
        return answered;
    }

    /** Closes its input, as a client that goes away does. */
    closeInput(): void {
        this.child.stdin!.end();
    }
}

describe('segplan mcp over stdio (the built CLI)', function () {
    it('initializes, lists its tools, answers a call, and exits 0 when its input closes', async () => {
        const server = new McpProcess();
        const init = await server.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'segplan-tests', version: '1.0.0' } });
        const result = init.result as { serverInfo: { name: string; version: string }; capabilities: Record<string, unknown>; instructions: string };
        assert.equal(result.serverInfo.name, 'segplan');
        assert.equal(result.serverInfo.version, JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
        assert.ok(result.capabilities.tools && result.capabilities.resources, JSON.stringify(result.capabilities));
        assert.match(result.instructions, /not from memory/);
        server.send({ method: 'notifications/initialized' });

        const tools = (await server.request(2, 'tools/list')).result as { tools: { name: string }[] };
        assert.equal(tools.tools.length, 8);

        const plan = 'examples/veeam-mistakes.segplan';
        const call = (await server.request(3, 'tools/call', { name: 'check_plan', arguments: { path: plan } })).result as { structuredContent: { findings: object[] }; content: { text: string }[] };
        const cli = segplanJson<{ diagnostics: object[] }>('check', plan, '--format', 'json');
        assert.deepEqual(call.structuredContent.findings.map(f => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'citations' && k !== 'documentation'))), cli.diagnostics);
        assert.equal(call.content[0].text, segplan('check', plan).stdout);

        const refused = (await server.request(4, 'tools/call', { name: 'check_plan', arguments: { path: 'examples' } })).result as { isError: boolean };
        assert.equal(refused.isError, true);

        server.closeInput();
        assert.equal(await server.exited, 0, server.stderr);
        assert.equal(server.stderr, '');
        assert.equal(server.messages.length, 4, JSON.stringify(server.messages.map(m => m.id)));
    });

    it('exits at once when its input closes before anything was asked', async () => {
        const server = new McpProcess();
        server.closeInput();
        assert.equal(await server.exited, 0, server.stderr);
        assert.deepEqual(server.messages, []);
    });

    it('serves the SDK\'s own client, in both protocol eras', async () => {
        for (const mode of ['legacy', 'auto'] as const) {
            const client = new Client({ name: 'segplan-tests', version: '1.0.0' }, { versionNegotiation: { mode } });
            const transport = new StdioClientTransport({ command: process.execPath, args: [SEGPLAN, 'mcp'], cwd: PROJECT_ROOT, stderr: 'pipe' });
            await client.connect(transport);
            try {
                assert.equal(client.getServerVersion()?.name, 'segplan');
                // `auto` asks for the newer protocol first, which the server speaks.
                assert.equal(client.getProtocolEra(), mode === 'auto' ? 'modern' : 'legacy');
                const answer = await client.callTool({ name: 'component_flows', arguments: { type: 'veeam.Proxy' } });
                assert.notEqual(answer.isError, true, JSON.stringify(answer));
                assert.equal((answer.structuredContent as { type: { id: string } }).type.id, 'veeam.Proxy');
                const catalog = await client.readResource({ uri: 'segplan://catalog/veeam' });
                assert.equal(JSON.parse((catalog.contents[0] as { text: string }).text).id, 'veeam');
                const findings = await client.readResource({ uri: 'segplan://findings' });
                assert.equal((findings.contents[0] as { text: string }).text, readFileSync(path.join(PROJECT_ROOT, 'docs', 'findings.md'), 'utf8'));
            } finally {
                await client.close();
            }
        }
    });

    it('takes no files on the command line', () => {
        const run = segplan('mcp', 'plan.segplan');
        assert.equal(run.code, 2);
        assert.match(run.stderr, /segplan mcp takes no files/);
        assert.match(segplan('--help').stdout, /segplan mcp \[--allow-writes\]/);
    });

    it('keeps the MCP SDK out of every bundle but its own: the language server, the extension and the CLI start without it', () => {
        const inputsOf = (metafile: string) => Object.entries((JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'out', metafile), 'utf8')) as {
            outputs: Record<string, { inputs: Record<string, unknown> }>;
        }).outputs).filter(([file]) => file.endsWith('.cjs')).map(([file, output]) => ({ file, inputs: Object.keys(output.inputs) }));
        const bundles = [...inputsOf('node-bundles.meta.json'), ...inputsOf('cli/segplan.meta.json')];
        const sdk = /@modelcontextprotocol|node_modules[\\/]zod[\\/]/;
        for (const bundle of bundles.filter(b => !b.file.endsWith('cli/mcp-sdk.cjs'))) {
            assert.deepEqual(bundle.inputs.filter(i => sdk.test(i)), [], bundle.file);
        }
        for (const file of ['out/server/main.cjs', 'out/client/extension.cjs', 'out/cli/segplan.cjs']) assert.ok(bundles.some(b => b.file === file), file);
        // The CLI finds it beside itself when `segplan mcp` starts.
        assert.ok(bundles.find(b => b.file === 'out/cli/segplan.cjs')!.inputs.includes('mcp-sdk-apart:mcp-sdk'));
        assert.ok(bundles.find(b => b.file === 'out/cli/mcp-sdk.cjs')!.inputs.some(i => sdk.test(i)));
        assert.ok(existsSync(path.join(PROJECT_ROOT, 'out', 'cli', 'mcp-sdk.cjs')));
    });
});
