import * as assert from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMITTERS } from '../../language/emit/registry.js';
import { loadPlanFile, type LoadedPlan } from './plan-fixture.js';

/**
 * Golden files: the output of every target for the test plans, reviewed by hand once. A change
 * in the output fails here until the new output is reviewed and the golden file rewritten
 * (SEGPLAN_UPDATE_GOLDEN=1 writes them).
 */

const GOLDEN = path.join(process.cwd(), 'test', 'emit', 'golden');
const PLANS = [
    path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan'),
    path.join(process.cwd(), 'test', 'emit', 'plans', 'mixed-endpoints.segplan')
];

for (const file of PLANS) {
    const base = path.basename(file, '.segplan');
    describe(`golden output for ${base}`, function () {
        let plan: LoadedPlan;
        before(async function () { plan = await loadPlanFile(file); });
        for (const emitter of EMITTERS) {
            it(emitter.id, function () {
                const text = plan.emit(emitter.id, true);
                const golden = path.join(GOLDEN, `${base}.${emitter.fileSuffix}`);
                if (process.env.SEGPLAN_UPDATE_GOLDEN === '1') {
                    mkdirSync(GOLDEN, { recursive: true });
                    writeFileSync(golden, text);
                }
                assert.ok(existsSync(golden), `no golden file ${golden}`);
                assert.strictEqual(text, readFileSync(golden, 'utf8'));
            });
        }
    });
}
