import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * Plans an engineer writes the day after the examples — Veeam on Hyper-V, Linux proxies and a
 * Linux mount server, agents on physical servers, Zerto on Hyper-V, three vendors in one site, a
 * Cloud Connect provider with two tenants — each with its full list of required flows, reviewed
 * against the seed documents (the review is the comment at the top of each plan). A change to
 * derivation that adds, drops or changes a flow of any of them fails here and must be reviewed.
 */

const FOLDER = path.join('test', 'precision', 'plans');

describe('realistic plans beyond the examples: every derived flow, reviewed', function () {
    this.timeout(300000);
    const plans = readdirSync(path.join(PROJECT_ROOT, FOLDER)).filter(f => f.endsWith('.segplan'));

    it('there are six of them, each with its reviewed flow list', () => {
        assert.ok(plans.length >= 6, plans.join(', '));
        for (const plan of plans) assert.match(readFileSync(path.join(PROJECT_ROOT, FOLDER, plan), 'utf8'), /^\/\/ Reviewed against seed/m, `${plan} has no review note`);
    });

    for (const plan of plans) {
        it(plan, () => {
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'flows', path.join(FOLDER, plan)], { cwd: PROJECT_ROOT, encoding: 'utf8' });
            assert.equal(run.stderr, '');
            const expected = readFileSync(path.join(PROJECT_ROOT, FOLDER, plan.replace(/\.segplan$/, '.flows.txt')), 'utf8');
            assert.equal(run.stdout, expected);
        });
    }
});
