import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const SIZES = [100, 1_000, 10_000];

/** Parse + link + validate (which includes the analysis), the analysis alone, and peak memory per plan size. */
export default async function coreBench(): Promise<void> {
    console.log('Language core: full check of generated Veeam plans (parse + link + validate incl. analysis)');
    console.log('instances  zones  sites   rules    flows  check ms  analysis ms  ms/1k inst  peak RSS MB');
    const here = path.dirname(new URL(import.meta.url).pathname);
    for (const size of SIZES) {
        const run = spawnSync(process.execPath, ['--import', path.join(process.cwd(), 'scripts', 'node20-polyfills.mjs'), path.join(here, 'measure-core.js'), String(size)], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`measuring ${size} instances failed:\n${run.stderr}`);
        const m = JSON.parse(run.stdout.trim().split('\n').pop()!);
        console.log(`${String(m.instances).padStart(9)}  ${String(m.zones).padStart(5)}  ${String(m.sites).padStart(5)}  ${String(m.rules).padStart(6)}  ${String(m.flows).padStart(7)}  ${m.checkMs.toFixed(0).padStart(8)}  ${m.analysisMs.toFixed(0).padStart(11)}  ${(m.checkMs / (m.instances / 1000)).toFixed(1).padStart(10)}  ${m.peakRssMb.toFixed(0).padStart(11)}`);
    }
    console.log('Goal: 10,000 instances fully checked in under 1 s on 2 cores, cost growing linearly.\n');
}
