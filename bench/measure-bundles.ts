// What a user downloads, from the build in out/ and dist/ (`npm run bench` runs it; prints one
// JSON line): the browser worker (the language server bundle), VS Code for the Web's extension
// bundle, the layout engine fetched on the first diagram, and the .vsix as `npm run package`
// makes it (packaged in a temporary folder).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const bytes = (file: string) => statSync(file).size;
const scratch = mkdtempSync(path.join(tmpdir(), 'segplan-bench-vsix-'));
try {
    const { packageVsix } = await import(pathToFileURL(path.resolve('scripts/e2e/package-vsix.mjs')).href) as { packageVsix(out: string): string };
    const vsix = packageVsix(path.join(scratch, 'segplan.vsix'));
    console.log(JSON.stringify({
        workerBytes: bytes('out/server/language-server.js'),
        webExtensionBytes: bytes('out/web/extension.js'),
        layoutEngineBytes: bytes('out/elk/elk.cjs'),
        vsixBytes: bytes(vsix)
    }));
} finally {
    rmSync(scratch, { recursive: true, force: true });
}
