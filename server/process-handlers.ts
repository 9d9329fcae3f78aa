import type { Connection } from 'vscode-languageserver';

/**
 * Langium runs each workspace update in the background; one that fails would end the process
 * (Node's default for an unhandled rejection) and every open editor would lose its checks. The
 * failure is written to stderr (the client's output channel) and the server keeps serving: the
 * next edit re-checks the documents it concerned.
 */
export function keepServingAfterBackgroundFailures(): void {
    process.on('unhandledRejection', reason => {
        console.error(`SegPlan internal error while checking the workspace; the server keeps running (please report this): ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
    });
}

/**
 * Only for a server started with `node --expose-gc` (the memory benchmark does): the heap in use
 * after a full collection, which — unlike resident memory, which follows V8's heap sizing — tells
 * a leak from a heap that has not been collected yet.
 */
export function answerMemoryAfterCollection(connection: Pick<Connection, 'onRequest'>): void {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (typeof collect !== 'function') return;
    connection.onRequest('segplan/memoryAfterCollection', () => {
        collect();
        const { heapUsed, rss } = process.memoryUsage();
        return { heapUsedMb: heapUsed / 1048576, rssMb: rss / 1048576 };
    });
}
