// Bundles the VS Code client, the language server and the CLI into CommonJS files that run on
// Node 20 with nothing else installed (the .vsix ships no node_modules).
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { grammarDigest } from './scripts/grammar-digest.mjs';
import { protocolCoreOutsideTheServer } from './scripts/protocol-core.mjs';

const watch = process.argv.includes('--watch');
const polyfills = readFileSync(new URL('./scripts/node20-polyfills.mjs', import.meta.url), 'utf8');

// The CLI and the language server read the built-in catalogs as trees the build makes
// (cli/precompile-catalogs.ts); a tree is only used by a bundle built from the same grammar and
// Langium version.
const precompiledCatalogs = 'out/cli/builtin-catalogs.json';

const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
    // Langium's parser needs Object.groupBy before any module of the bundle runs.
    banner: { js: polyfills },
    // jsonc-parser's default (UMD) build requires its parts at run time, which a bundle cannot follow.
    alias: {
        'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
        // One copy of the protocol's types: vscode-languageserver-protocol pins a patch release of
        // its own beside the one langium takes, and the bundles would carry both.
        'vscode-languageserver-types': './node_modules/vscode-languageserver-types/lib/esm/main.js'
    },
    // A watched bundle has no grammar digest, so it never reads precompiled trees: it is rebuilt
    // without the trees being made again, and its digest would be the grammar's when the watch
    // started (a build run meanwhile writes trees that a later grammar edit makes stale).
    define: {
        SEGPLAN_VERSION: JSON.stringify(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version),
        SEGPLAN_GRAMMAR_DIGEST: watch ? 'undefined' : JSON.stringify(grammarDigest()),
        // The node properties tree walks read (language/utils/node-properties.ts), from the grammar
        // the compiled sources were built from (`npm run build` compiles them first); a watched
        // bundle reads them from its own grammar when first needed.
        SEGPLAN_NODE_PROPERTIES: watch ? 'undefined' : JSON.stringify((await import('./out/language/utils/node-properties.js')).grammarNodeProperties())
    }
};

const entries = {
    'client/extension': 'client/extension.ts',
    'server/main': 'server/main.ts',
    'cli/segplan': 'cli/main.ts',
    'cli/precompile-catalogs': 'cli/precompile-catalogs.ts',
    'cli/mcp-sdk': 'cli/mcp/mcp-sdk.ts'
};

/**
 * The layout engine (elkjs, about half of each bundle) is a file of its own that the server and
 * the CLI load on their first layout (language/diagram/layout-graph.ts): a `segplan check` read and
 * deserialized it at every start without running it. Every bundle sits one folder below out/.
 */
const elkApart = {
    name: 'elk-apart',
    setup(build) {
        build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: 'elk', namespace: 'elk-apart' }));
        // A require at run time, not an import(): bin/segplan.cjs runs the CLI bundle in a vm.Script,
        // which has no dynamic import. __dirname is the bundle's folder.
        build.onLoad({ filter: /.*/, namespace: 'elk-apart' }, () => ({
            contents: 'module.exports = require(require("node:path").join(__dirname, "..", "elk", "elk.cjs"));', loader: 'js'
        }));
    }
};

/**
 * The MCP SDK and its schema library (`segplan mcp`) are a bundle of their own too (out/cli/mcp-sdk.cjs,
 * from cli/mcp/mcp-sdk.ts), which the CLI requires when `segplan mcp` starts: every other command
 * starts without reading them. No other bundle imports them (a test reads the metafiles).
 */
const mcpSdkApart = {
    name: 'mcp-sdk-apart',
    setup(build) {
        build.onResolve({ filter: /[\\/]?mcp-sdk\.js$/ }, args => /[\\/]cli[\\/]/.test(args.importer) ? { path: 'mcp-sdk', namespace: 'mcp-sdk-apart' } : undefined);
        build.onLoad({ filter: /.*/, namespace: 'mcp-sdk-apart' }, () => ({
            contents: 'module.exports = require(require("node:path").join(__dirname, "mcp-sdk.cjs"));', loader: 'js'
        }));
    }
};

/**
 * HashiCorp's HCL parser (@cdktf/hcl2json, for the audit of Terraform files) is Go compiled to
 * WebAssembly: its .wasm file is read at run time, from beside the bundles (out/hcl2json/, copied
 * there after the build), and only when a Terraform file is read (the audit imports the parser on
 * first use). A .wasm that cannot be loaded must fail the parse, not leave it waiting for ever or
 * end the process with an unhandled rejection: the loader is changed to say so, and the build
 * stops if the package's code no longer has the lines changed.
 */
const HCL_WASM = 'node_modules/@cdktf/hcl2json/main.wasm.gz';
const hclWasmBeside = {
    name: 'hcl-wasm-beside',
    setup(build) {
        // Go's loader requires a 'performance' package only where globalThis.performance is missing (never on Node 20).
        build.onResolve({ filter: /^performance$/ }, args => args.importer.includes('hcl2json') ? { path: 'performance', external: true } : undefined);
        build.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, args => {
            let contents = readFileSync(args.path, 'utf8');
            const edits = [
                ['(0, path_1.join)(__dirname, "..", "main.wasm.gz")', '(0, path_1.join)(__dirname, "..", "hcl2json", "main.wasm.gz")'],
                ['let ready = false;', 'let ready = false; let failed;'],
                ['init().catch((error) => {\n        throw error;\n    });', 'init().catch((error) => { failed = error; });'],
                ['while (!ready) {', 'while (!ready) { if (failed) throw failed;']
            ];
            for (const [from, to] of edits) {
                if (!contents.includes(from)) throw new Error(`${args.path} no longer has '${from}': update the hcl-wasm-beside plugin (esbuild.mjs)`);
                contents = contents.replace(from, to);
            }
            return { contents, loader: 'js' };
        });
    }
};

/**
 * The editor's language servers (the desktop's and the web's) have no Terraform parser: HashiCorp's
 * is Go compiled to WebAssembly, larger than the rest of the extension, so only the CLI carries it
 * and the editor says so when asked to read a Terraform file.
 */
const terraformParserInTheCliOnly = {
    name: 'terraform-parser-in-the-cli-only',
    setup(build) {
        build.onResolve({ filter: /^@cdktf\/hcl2json$/ }, () => ({ path: path.resolve('language/audit/importers/terraform-parser-absent.ts') }));
    }
};

/**
 * What a browser bundle has in place of what needs Node. A module that needs Node is named
 * `*.node.ts` and has a twin `*.browser.ts` exporting the same names, which says where the thing
 * can be done; a browser bundle takes the twin (the build stops where there is none). The layout
 * engine is loaded by the worker on the first diagram (server/browser/elk-in-worker.ts).
 */
const browserTwins = {
    name: 'browser-twins',
    setup(build) {
        build.onResolve({ filter: /\.node\.js$/ }, args => {
            if (args.importer.includes('node_modules')) return undefined;
            const twin = path.resolve(args.resolveDir, args.path.replace(/\.node\.js$/, '.browser.ts'));
            if (!existsSync(twin)) return { errors: [{ text: `${args.path} needs Node and has no browser twin (${path.relative(process.cwd(), twin)}), but ${path.relative(process.cwd(), args.importer)} brings it into a browser bundle` }] };
            return { path: twin };
        });
        build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: path.resolve('server/browser/elk-in-worker.ts') }));
    }
};

/**
 * The CommonJS packages ES modules import (Langium's language server parts and ours import
 * vscode-languageserver from 24 modules). esbuild gives each importing module its own ES view of
 * a CommonJS module: a copy of every export as a getter, thousands of getters at each start of
 * the CLI for one package, a noticeable part of a small `segplan check`. Imported
 * through one ES module that re-exports it, each package gets one view, made the first time.
 */
const COMMONJS_IMPORTED_FROM_ESM = /^(vscode-languageserver|vscode-languageserver-protocol|vscode-jsonrpc|vscode-languageclient)(\/node)?$/;

const oneEsViewPerCommonJsPackage = {
    name: 'one-es-view-per-commonjs-package',
    setup(build) {
        build.onResolve({ filter: COMMONJS_IMPORTED_FROM_ESM }, async args => {
            if (args.kind !== 'import-statement' || args.pluginData?.real) return undefined;
            const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { real: true } });
            if (real.errors.length) return { errors: real.errors };
            // Relative, as esbuild names every other module in the bundle: no build folder in the output.
            return { path: path.relative(process.cwd(), real.path).split(path.sep).join('/'), namespace: 'es-view' };
        });
        build.onLoad({ filter: /.*/, namespace: 'es-view' }, args => ({
            contents: `export * from ${JSON.stringify('./' + path.basename(args.path))};\n`,
            resolveDir: path.resolve(path.dirname(args.path)),
            loader: 'js'
        }));
    }
};

/**
 * Stops the build when a Node bundle is not pure ASCII: bin/segplan.cjs reads an ASCII bundle as
 * a one-byte string (UTF-8 text becomes two-byte: twice the memory and decoding time at every
 * start). esbuild escapes non-ASCII strings; the banner and regular expression literals it keeps.
 */
function requireAscii(file) {
    const text = readFileSync(file, 'latin1');
    const at = text.search(/[^\x00-\x7f]/);
    if (at >= 0) throw new Error(`${file} is not ASCII at offset ${at}: …${text.slice(Math.max(0, at - 60), at + 20)}… (write the character as a \\u escape in a string)`);
}

const { 'cli/segplan': cliEntry, ...otherEntries } = entries;
const options = { ...common, entryPoints: otherEntries, outdir: 'out', plugins: [elkApart, terraformParserInTheCliOnly, oneEsViewPerCommonJsPackage], metafile: true };
/**
 * The layout engine, with its local names shortened too: compiled from Java already, its stack
 * traces name nothing a reader knows, and it is the largest file of the .vsix.
 */
const elkOptions = { ...common, entryPoints: { 'elk/elk': 'node_modules/elkjs/lib/elk.bundled.js' }, outdir: 'out', minifyIdentifiers: true };
/**
 * The CLI keeps its names, as the extension's language server does: a stack trace a user sends
 * (`segplan lsp` logs one with an internal error) reads without the source map.
 */
const cliOptions = { ...options, entryPoints: { 'cli/segplan': cliEntry }, plugins: [protocolCoreOutsideTheServer, mcpSdkApart, elkApart, hclWasmBeside, oneEsViewPerCommonJsPackage] };
/** What each Node bundle is made of (the tests read which modules import which). */
const writeMetafile = (result, name) => writeFileSync(`out/${name}.meta.json`, JSON.stringify(result.metafile));
// The diagram's webview runs in the browser: no Node, no polyfill banner, no layout engine (the
// language server lays the picture out).
const webview = {
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', sourcemap: true, logLevel: 'warning',
    entryPoints: [
        { in: 'client/diagram-view/diagram-view.ts', out: 'client/diagram-view' },
        { in: 'client/diagram-view/diagram-view.css', out: 'client/diagram-view' }
    ],
    outdir: 'out'
};
/**
 * Built for the browser: VS Code for the Web's extension (CommonJS, which the web extension host
 * loads through a `require` that knows only `vscode`) and the language server as a classic script,
 * which a browser worker starts and the desktop's server process (server/main.ts) runs. Fully
 * minified: its size is what a browser downloads. Nothing of Node may be in them
 * (test/web/browser-bundles.test.ts reads their metafile).
 */
const browser = {
    ...common, platform: 'browser', target: 'es2022', outExtension: {}, minify: true, metafile: true,
    plugins: [browserTwins, terraformParserInTheCliOnly, oneEsViewPerCommonJsPackage]
};
// Named .js: the web extension host appends .js to a `browser` entry that does not end so.
const webExtension = { ...browser, format: 'cjs', outdir: 'out/web', entryPoints: { extension: 'client/web-extension.ts' } };
// Its functions keep their names: a stack trace the desktop's server logs with an internal error reads without the source map.
const languageServer = { ...browser, format: 'iife', keepNames: true, outdir: 'out/server', entryPoints: { 'language-server': 'server/language-server-main.ts' } };
/**
 * The playground (docs/web.md): a static page in dist/playground/ that any file server can host.
 * Monaco, the extension's TextMate grammar run by vscode-textmate (Oniguruma as WebAssembly), the
 * language server bundle as its worker, the layout engine, the diagram's view and the example
 * plans: every file it loads is in that folder.
 */
const PLAYGROUND = 'dist/playground';
const examplePlans = {
    name: 'example-plans',
    setup(build) {
        build.onResolve({ filter: /^segplan:examples$/ }, () => ({ path: 'examples', namespace: 'example-plans' }));
        build.onLoad({ filter: /.*/, namespace: 'example-plans' }, () => {
            const files = readdirSync('examples').filter(f => f.endsWith('.segplan')).sort();
            return {
                contents: JSON.stringify(files.map(f => ({ name: f.replace(/\.segplan$/, ''), text: readFileSync(`examples/${f}`, 'utf8') }))),
                loader: 'json', watchFiles: files.map(f => path.resolve('examples', f))
            };
        });
    }
};
const playground = {
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, logLevel: 'warning', outdir: PLAYGROUND,
    entryPoints: {
        playground: 'playground/main.ts',
        'editor.worker': 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js',
        'diagram-frame': 'playground/diagram-frame.ts',
        'start-worker': 'playground/start-worker.ts'
    },
    loader: { '.ttf': 'file' }, assetNames: '[name]-[hash]', plugins: [examplePlans]
};

/** The playground's pages and the files it loads that other builds make. */
async function writePlayground() {
    const { DIAGRAM_VIEW_BODY } = await import('./out/client/diagram-view-markup.js');
    copyFileSync('playground/index.html', `${PLAYGROUND}/index.html`);
    writeFileSync(`${PLAYGROUND}/diagram.html`, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'">
<link rel="stylesheet" href="diagram-theme.css"><link rel="stylesheet" href="diagram-view.css"><title>Plan diagram</title></head>
<body>
${DIAGRAM_VIEW_BODY}
<script src="diagram-frame.js"></script>
<script src="diagram-view.js"></script>
</body></html>
`);
    for (const [from, to] of [
        ['playground/diagram-theme.css', 'diagram-theme.css'], ['out/client/diagram-view.js', 'diagram-view.js'], ['out/client/diagram-view.css', 'diagram-view.css'],
        ['out/server/language-server.js', 'language-server.js'], ['out/elk/elk.cjs', 'elk.cjs'], ['node_modules/vscode-oniguruma/release/onig.wasm', 'onig.wasm']
    ]) copyFileSync(from, `${PLAYGROUND}/${to}`);
}

mkdirSync('out/hcl2json', { recursive: true });
copyFileSync(HCL_WASM, 'out/hcl2json/main.wasm.gz');
if (watch) {
    // Each rebuild says when it is written, so a task or a test waits for that line, not for time.
    const told = (name) => ({ name: 'told-when-built', setup(build) {
        build.onEnd(result => console.log(`[watch] built ${name}${result.errors.length ? ` with ${result.errors.length} error(s)` : ''}`));
    } });
    for (const [name, watched] of [['extension', options], ['layout engine', elkOptions], ['cli', cliOptions], ['diagram view', webview], ['web extension', webExtension], ['language server', languageServer]]) {
        await (await esbuild.context({ ...watched, plugins: [...(watched.plugins ?? []), told(name)] })).watch();
    }
} else {
    const [nodeBundles, cli, , webClient, server] = await Promise.all([esbuild.build(options), esbuild.build(cliOptions), esbuild.build(webview), esbuild.build(webExtension), esbuild.build(languageServer), esbuild.build(elkOptions)]);
    writeMetafile(nodeBundles, 'node-bundles');
    writeMetafile(cli, 'cli/segplan');
    writeMetafile(webClient, 'web/extension');
    writeMetafile(server, 'server/language-server');
    rmSync(PLAYGROUND, { recursive: true, force: true });
    await esbuild.build(playground);
    await writePlayground();
    for (const entry of [...Object.keys(entries), ...Object.keys(elkOptions.entryPoints)]) requireAscii(`out/${entry}.cjs`);
    execFileSync(process.execPath, ['out/cli/precompile-catalogs.cjs', precompiledCatalogs], { stdio: 'inherit' });
    // The language server reads the same trees from beside its bundle: the desktop's from the
    // disk, a worker (VS Code for the Web, the playground) fetches them while it starts.
    for (const beside of ['out/server', PLAYGROUND]) copyFileSync(precompiledCatalogs, `${beside}/builtin-catalogs.json`);
}
