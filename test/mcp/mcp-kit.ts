import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { segplanMcpServer } from '../../cli/mcp/segplan-mcp-server.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

export const SEGPLAN = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');

/** The built CLI, run as `segplan …` in the project's folder (as the server runs there in the tests). */
export function segplan(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync(process.execPath, [SEGPLAN, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `segplan … --json` (or --format json) parsed. */
export function segplanJson<T = unknown>(...args: string[]): T {
    const run = segplan(...args);
    assert.ok(run.stdout.length > 0, `no output from segplan ${args.join(' ')}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
}

export interface ToolResult {
    readonly isError?: boolean;
    readonly text: string;
    readonly structured: Record<string, unknown> & Record<string, never>;
}

/** A client talking to a SegPlan MCP server in this process, over the SDK's linked in-memory transports. */
export class InMemorySegplan {
    /** What the server logged (internal errors, on standard error in a real run). */
    private constructor(readonly client: Client, readonly logged: string[]) { }

    static async start(options: { allowWrites?: boolean } = {}): Promise<InMemorySegplan> {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        const logged: string[] = [];
        const server = segplanMcpServer({
            version: 'test', allowWrites: options.allowWrites === true, log: text => logged.push(text),
            findingsReference: () => readFileSync(path.join(PROJECT_ROOT, 'docs', 'findings.md'), 'utf8')
        });
        await server.connect(serverSide);
        const client = new Client({ name: 'segplan-tests', version: '1.0.0' });
        await client.connect(clientSide);
        return new InMemorySegplan(client, logged);
    }

    /** Calls a tool; its text (one text block) and structured content. */
    async call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
        const result = await this.client.callTool({ name, arguments: args });
        const content = result.content as { type: string; text?: string }[];
        assert.equal(content.length, 1, JSON.stringify(result));
        assert.equal(content[0].type, 'text');
        return { isError: result.isError as boolean | undefined, text: content[0].text ?? '', structured: (result.structuredContent ?? {}) as ToolResult['structured'] };
    }

    /** Calls a tool that must answer (not a tool error). */
    async answer(name: string, args: Record<string, unknown>): Promise<ToolResult> {
        const result = await this.call(name, args);
        assert.notEqual(result.isError, true, `${name} ${JSON.stringify(args).slice(0, 200)}: ${result.text}`);
        return result;
    }

    /** Calls a tool that must refuse (`isError`), and returns its message. */
    async refusal(name: string, args: Record<string, unknown>): Promise<string> {
        const result = await this.call(name, args);
        assert.equal(result.isError, true, `${name} should refuse ${JSON.stringify(args).slice(0, 200)}, answered: ${result.text.slice(0, 500)}`);
        return result.text;
    }

    close(): Promise<void> {
        return this.client.close();
    }
}

/** The example plans, relative to the project folder. */
export function examplePlans(): string[] {
    const plans = readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(n => n.endsWith('.segplan')).sort().map(n => `examples/${n}`);
    assert.ok(plans.length >= 5, plans.join(', '));
    return plans;
}
