import { eagerLoad } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createConnection, createProtocolConnection, ProposedFeatures, type Connection } from 'vscode-languageserver';
import { BrowserMessageReader, BrowserMessageWriter } from 'vscode-languageserver/browser';
import { useNft } from '../language/audit/importers/nft-ruleset-text.browser.js';
import { publishOnlyCurrentDiagnostics } from '../language/lsp/current-diagnostics.js';
import { createSegplanServices } from '../language/segplan-module.js';
import { setElkLoader, setElkLocation } from './browser/elk-in-worker.js';
import { clientFiles, HostFileSystemProvider } from './browser/host-file-system-provider.js';
import type { WorkerInitializationOptions } from './browser/initialization-options.js';
import { unreadableFilesOf } from '../language/workspace/unreadable-files.js';
import { PRECOMPILED_CATALOGS_FILE, precompiledCatalogsFrom } from './browser/precompiled-catalogs-beside.js';
import { SERVER_HOST_GLOBAL, type ServerHost } from './browser/server-host.js';

/**
 * The language server bundle (out/server/language-server.js), built for the browser: the desktop's
 * server process runs it (server/main.ts hands over the disk, nft and its transport), and so do
 * VS Code for the Web's and the playground's workers, where it reads files through its client
 * (host-file-system-provider.ts) and says where what needs a machine can be done.
 */

interface WorkerScope {
    addEventListener(type: 'unhandledrejection', listener: (event: { reason: unknown; preventDefault(): void }) => void): void;
}

const host = (globalThis as Record<string, unknown>)[SERVER_HOST_GLOBAL] as ServerHost | undefined;
if (host) delete (globalThis as Record<string, unknown>)[SERVER_HOST_GLOBAL];

if (host) start(host);
else startInWorker();

function connect(host: Pick<ServerHost, 'reader' | 'writer' | 'watchDog'>): Connection {
    return createConnection(logger => createProtocolConnection(host.reader, host.writer, logger), host.watchDog, ProposedFeatures.all);
}

function start(host: ServerHost): void {
    const connection = connect(host);
    const read = host.readPrecompiledCatalogs;
    const precompiledCatalogs = read ? precompiledCatalogsFrom(read) : undefined;
    const { shared } = createSegplanServices({ connection, fileSystemProvider: shared => new HostFileSystemProvider(host.files, unreadableFilesOf(shared)), precompiledCatalogs });
    if (host.nftJsonOfText) useNft(host.nftJsonOfText as Parameters<typeof useNft>[0]);
    if (host.loadLayoutEngine) setElkLoader(host.loadLayoutEngine);
    publishOnlyCurrentDiagnostics(connection, shared);
    host.started?.(connection);
    startLanguageServer(shared);
}

function startInWorker(): void {
    const port = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
    let shutdownReceived = false;
    // A worker ends when its page or client ends it.
    const watchDog = { get shutdownReceived() { return shutdownReceived; }, set shutdownReceived(value: boolean) { shutdownReceived = value; }, initialize: () => undefined, exit: () => undefined };
    const connection = connect({ reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port), watchDog });
    let fileSystem: HostFileSystemProvider | undefined;
    // The catalogs' trees are fetched from where `initialize` says (or beside this script) while
    // the server starts; the catalogs are loaded after `initialized`, once they are here. The
    // fetch beside this script starts at once: the page's first message reaches a worker only
    // once the page's own thread is free again (it may be reading a large script meanwhile).
    const beside = besideThisScript(PRECOMPILED_CATALOGS_FILE);
    const fetchedBeside = beside ? fetchJson(beside) : undefined;
    // (Not a background failure when unused: `initialize` named another place, or it is read below.)
    fetchedBeside?.catch(() => undefined);
    let fetchCatalogs: (url: string | undefined) => void = () => undefined;
    const precompiledCatalogs = new Promise<string | undefined>(resolve => { fetchCatalogs = resolve; })
        .then(url => url ? precompiledCatalogsFrom(() => url === beside && fetchedBeside ? fetchedBeside : fetchJson(url)) : undefined);
    const { shared } = createSegplanServices({ connection, fileSystemProvider: shared => fileSystem = new HostFileSystemProvider(clientFiles(connection), unreadableFilesOf(shared)), precompiledCatalogs });
    shared.lsp.LanguageServer.onInitialize(params => {
        fileSystem?.useClientSchemes(params);
        const options = params.initializationOptions as WorkerInitializationOptions | undefined;
        if (options?.elkUrl) setElkLocation(options.elkUrl);
        fetchCatalogs(options?.catalogsUrl ?? beside);
    });
    // The services (the parser above all) are made while the worker waits for `initialize`, which
    // would make them first (Langium's `initialize` loads every service); after this script has run,
    // so that the page is told at once that the worker takes messages.
    setTimeout(() => {
        eagerLoad(shared);
        shared.ServiceRegistry.all.forEach(services => eagerLoad(services));
    }, 0);
    publishOnlyCurrentDiagnostics(connection, shared);
    // A failed background check is written to the client's log; the server keeps serving (as the desktop's does, server/main.ts).
    (globalThis as unknown as WorkerScope).addEventListener('unhandledrejection', event => {
        event.preventDefault();
        const reason = event.reason;
        connection.console.error(`SegPlan internal error while checking the workspace; the server keeps running (please report this): ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
    });
    startLanguageServer(shared);
}

/** The JSON at `url`; a failed fetch rejects (the catalogs are then parsed). */
async function fetchJson(url: string): Promise<unknown> {
    return (await fetch(url)).json();
}

/** The URL of `file` beside the worker's script, when the script has an address a fetch can use. */
function besideThisScript(file: string): string | undefined {
    const here = (globalThis as { location?: { href: string } }).location?.href;
    return here && /^https?:/.test(here) ? new URL(file, here).toString() : undefined;
}
