import type { ELK, ElkLayoutArguments, ElkNode } from 'elkjs/lib/elk-api.js';

/**
 * The layout engine of the language server bundle, which esbuild.mjs puts where a browser bundle
 * imports elkjs: ELK is as large as the rest of the language server together, so it is a file of
 * its own (out/elk/elk.cjs) loaded on the first layout — required by the desktop's server process,
 * fetched by a browser worker and run as the CommonJS module it is. A worker learns where the file
 * is from its client (VS Code for the Web starts extension workers from a blob, whose own address
 * says nothing).
 */

let location: string | undefined;
let hostLoader: (() => Promise<unknown>) | undefined;
let engine: Promise<ELK> | undefined;

/** Where the layout engine's file is (an absolute URL). */
export function setElkLocation(url: string): void {
    location = url;
}

/** A host that loads the engine itself (the desktop's server process requires the file beside it). */
export function setElkLoader(load: () => Promise<unknown>): void {
    hostLoader = load;
}

function construct(module: unknown, from: string): ELK {
    while (typeof module !== 'function' && (module as { default?: unknown })?.default) module = (module as { default: unknown }).default;
    if (typeof module !== 'function') throw new Error(`${from} is not the diagram's layout engine.`);
    return new (module as new () => ELK)();
}

interface WorkerScope {
    importScripts(...urls: string[]): void;
    onmessage: unknown;
    __segplanElk?: unknown;
    location: { href: string };
}

async function load(): Promise<ELK> {
    if (hostLoader) return construct(await hostLoader(), 'The layout engine the host loaded');
    const scope = globalThis as unknown as WorkerScope;
    const url = location ?? new URL('../elk/elk.cjs', scope.location.href).href;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`The diagram's layout engine could not be loaded from ${url} (HTTP ${response.status}).`);
    // A classic script (a worker can run one at a time, under any content type the server gives
    // the file) that runs the module and hands over its exports.
    const script = `self.__segplanElk = (function () { var module = { exports: {} }, exports = module.exports;\n${await response.text()}\n;return module.exports; })();`;
    const blob = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    // ELK, finding itself in a worker as it is made, takes over the worker's messages (it would be
    // a layout worker): the language server's would go to ELK. The server's handler is put back.
    const serverHandler = scope.onmessage;
    try {
        scope.importScripts(blob);
        return construct(scope.__segplanElk, url);
    } finally {
        scope.onmessage = serverHandler;
        delete scope.__segplanElk;
        URL.revokeObjectURL(blob);
    }
}

/** What language/diagram/layout-graph.ts constructs: an engine that loads the real one on its first layout. */
export default class ElkInWorker {
    layout(graph: ElkNode, args?: ElkLayoutArguments): Promise<ElkNode> {
        engine ??= load().catch(error => {
            engine = undefined;
            throw error;
        });
        return engine.then(elk => elk.layout(graph, args));
    }
}
