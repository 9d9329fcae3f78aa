// A bare LSP client over stdio for tests that talk to a server bundle directly: Content-Length
// framing, requests with ids, and empty answers to the server's own requests (configuration).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface LspMessage {
    readonly id?: number;
    readonly method?: string;
    readonly params?: unknown;
    readonly result?: unknown;
    readonly error?: { code: number; message: string };
}

export class StdioLsp {
    private readonly child: ChildProcessWithoutNullStreams;
    private buffer = Buffer.alloc(0);
    private nextId = 0;
    private readonly waiting = new Map<number, (m: LspMessage) => void>();
    stderr = '';

    constructor(command: string, args: string[], cwd: string) {
        this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stderr.on('data', (d) => { this.stderr += d; });
        this.child.stdout.on('data', (d: Buffer) => this.receive(d));
    }

    private receive(data: Buffer): void {
        this.buffer = Buffer.concat([this.buffer, data]);
        for (;;) {
            const header = /Content-Length: (\d+)\r\n\r\n/.exec(this.buffer.toString('latin1'));
            if (!header) return;
            const start = header.index + header[0].length;
            const end = start + Number(header[1]);
            if (this.buffer.length < end) return;
            const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as LspMessage;
            this.buffer = this.buffer.subarray(end);
            if (message.method && message.id !== undefined) {
                const items = (message.params as { items?: unknown[] } | undefined)?.items;
                this.send({ id: message.id, result: items ? items.map(() => null) : null });
            } else if (message.id !== undefined) {
                this.waiting.get(message.id)?.(message);
                this.waiting.delete(message.id);
            }
        }
    }

    send(message: object): void {
        const body = JSON.stringify({ jsonrpc: '2.0', ...message });
        this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }

    notify(method: string, params: unknown): void {
        this.send({ method, params });
    }

    /**
     * Sends a request; `id` is known before the answer, so a test can cancel it. The limit only
     * catches a hang (a busy machine answers late, not wrongly), below the test's own limit so
     * that the failure names the request.
     */
    request(method: string, params: unknown, timeoutMs = 240000): { id: number; answer: Promise<LspMessage> } {
        const id = ++this.nextId;
        const answer = new Promise<LspMessage>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
            this.waiting.set(id, (m) => { clearTimeout(timer); resolve(m); });
            this.child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${this.stderr}`)));
        });
        this.send({ id, method, params });
        return { id, answer };
    }

    stop(): void {
        this.child.kill();
    }
}
