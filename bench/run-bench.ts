// `npm run bench`: runs every bench/*-bench module (compiled to out/bench) in name order and
// prints their figures. Speed goals live here, never in timed tests.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv[2];
for (const file of readdirSync(here).filter(f => f.endsWith('-bench.js')).sort()) {
    if (only && !file.startsWith(only)) continue;
    const module = await import(path.join(here, file)) as { default: () => Promise<void> };
    await module.default();
}
