import * as assert from 'node:assert/strict';
import { createTestServices } from '../helpers/services.js';
import { apply, assertLikeScratch, openWorkspace, uriOf, type Workspace } from '../helpers/review-workspace.js';

/**
 * An edit in one file can change what another, untouched file shows: the plan's findings about
 * the other file's components, and where their related information points. The editor must
 * show that file as a from-scratch build of the same texts would.
 */

// The plan states a need of its own (`require`); the components are in a site file that names
// nothing of the plan file, so nothing but the findings ties the site file to it.
const PLAN = `plan "Needs"
import "site.segplan"
zone spare1 10.61.0.0/24
zone spare2 10.62.0.0/24
zone spare3 10.63.0.0/24
zone spare4 10.64.0.0/24
zone spare5 10.65.0.0/24
zone spare6 10.66.0.0/24
require vbr -> repo tcp 22 "ssh to the repository"
`;
const ZONES = `zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
`;
const SITE = `import "zones.segplan"
vbr : veeam.BackupServer in mgmt at 10.10.0.5
repo : veeam.Repository in backup at 10.30.0.7
`;

/** The lines in `target` that the related information of `file`'s diagnostics points at. */
function relatedLines(ws: Workspace, file: string, target: string): number[] {
    const document = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, file))!;
    return [...new Set((document.diagnostics ?? []).flatMap(d => d.relatedInformation ?? [])
        .filter(r => r.location.uri === uriOf(ws, target).toString()).map(r => r.location.range.start.line))];
}

describe('findings shown in a file the edit did not touch', () => {
    it('follow the requirement they point at when an edit moves it within its file', async () => {
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': PLAN, 'zones.segplan': ZONES, 'site.segplan': SITE });
        assert.deepEqual(relatedLines(ws, 'site.segplan', 'plan.segplan'), [8], 'the finding at vbr points at the require line');
        // Right above the requirement: it is parsed again (a new node).
        let text = PLAN.replace('require', '// why: restores from the console\nrequire');
        await apply(ws, { 'plan.segplan': text });
        assert.deepEqual(relatedLines(ws, 'site.segplan', 'plan.segplan'), [9], 'the related location moved with the requirement');
        await assertLikeScratch(ws, 'a comment line above the requirement');
        // Far above it: the requirement keeps its node and only moves (statement-reparse.ts).
        text = text.replace('zone spare1 10.61.0.0/24', 'zone spare1 10.61.0.0/24\n// zones for later');
        await apply(ws, { 'plan.segplan': text });
        assert.deepEqual(relatedLines(ws, 'site.segplan', 'plan.segplan'), [10], 'the related location moved with the requirement');
        await assertLikeScratch(ws, 'a comment line far above the requirement');
    });
});
