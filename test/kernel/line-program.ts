import { spawn, type ChildProcess } from 'node:child_process';

interface Pending {
    readonly resolve: (answer: unknown) => void;
    readonly reject: (error: Error) => void;
    readonly timer: NodeJS.Timeout;
}

/**
 * A program kept running and asked questions, a line of JSON each way: the request goes in with an
 * `id`, and the answer is the line that comes back with the same `id` (answers may come in any
 * order). One process serves every request of a namespace's tests: starting node for each pass of
 * probes cost more CPU than the probes themselves.
 *
 * An answer is taken when its whole line has arrived, never when the process exits (at its exit
 * the last of what it printed may still be on its way). The program does not keep the test run
 * alive: only a request waiting for its answer does.
 */
export class LineProgram {
    private readonly child: ChildProcess;
    private readonly pending = new Map<number, Pending>();
    private nextId = 1;
    private received = '';
    private errors = '';
    private ended: string | undefined;

    constructor(command: string, args: readonly string[], private readonly what: string) {
        this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stdout!.setEncoding('utf8');
        this.child.stdout!.on('data', (chunk: string) => this.read(chunk));
        this.child.stderr!.on('data', chunk => { this.errors += String(chunk); });
        // A request written after the program died fails by the program's end, not by this pipe's.
        this.child.stdin!.on('error', () => { /* reported by 'close' */ });
        this.child.on('error', error => this.end(`${this.what} could not start: ${error.message}`));
        this.child.on('close', (code, signal) => this.end(`${this.what} failed (${code ?? signal}): ${this.errors}`));
        for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) (handle as { unref?: () => void } | null)?.unref?.();
    }

    /** The program's answer to one request; `limitMs` only catches a hang, and stops the program. */
    ask(request: object, limitMs: number): Promise<unknown> {
        if (this.ended !== undefined) return Promise.reject(new Error(this.ended));
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => { this.stop(`${this.what} timed out`); }, limitMs);
            this.pending.set(id, { resolve, reject, timer });
            this.child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
        });
    }

    /** Ends the program; every request still waiting fails with `why`. */
    stop(why = `${this.what} stopped`): void {
        this.end(why);
        this.child.kill('SIGKILL');
    }

    get running(): boolean {
        return this.ended === undefined;
    }

    private read(chunk: string): void {
        this.received += chunk;
        let end: number;
        while ((end = this.received.indexOf('\n')) >= 0) {
            const line = this.received.slice(0, end);
            this.received = this.received.slice(end + 1);
            if (!line.trim()) continue;
            const { id, answer } = JSON.parse(line) as { id: number; answer: unknown };
            const waiting = this.pending.get(id);
            if (!waiting) continue;
            this.pending.delete(id);
            clearTimeout(waiting.timer);
            waiting.resolve(answer);
        }
    }

    private end(why: string): void {
        this.ended ??= why;
        for (const waiting of this.pending.values()) {
            clearTimeout(waiting.timer);
            waiting.reject(new Error(this.ended));
        }
        this.pending.clear();
    }
}

/**
 * The loop a program asked through LineProgram runs: each line of its input is a request, handled
 * as it comes (several may be under way at once), `serve` giving the answer. Text for `node -e`,
 * put before the program's own code, which defines `async function serve(request)`.
 */
export const SERVE_LINES = `
let received = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => {
    received += chunk;
    let end;
    while ((end = received.indexOf('\\n')) >= 0) {
        const line = received.slice(0, end);
        received = received.slice(end + 1);
        if (!line.trim()) continue;
        const request = JSON.parse(line);
        serve(request).then(answer => process.stdout.write(JSON.stringify({ id: request.id, answer }) + '\\n'),
            error => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
    }
});
`;
