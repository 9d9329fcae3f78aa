import * as assert from 'node:assert/strict';
import { FindingWrittenWhenRead } from '../../language/analysis/finding-written-when-read.js';
import type { Finding } from '../../language/analysis/finding.js';
import { createTestServices } from '../helpers/services.js';
import { apply, assertLikeScratch, openWorkspace, uriOf, type Workspace } from '../helpers/review-workspace.js';

/**
 * After an edit in one site's file, the editor asks whether each other file of the plan would
 * show other findings than it shows. A finding of several blocked flows of one pair is written
 * from the flows' results: when the new analysis kept those results (nothing the edit touched),
 * it keeps the finding itself, or one known to say the same words without writing them. When the
 * flows change, it is not, and the file shows what a build from scratch shows.
 */

const PLAN = `plan "Two sites"
import "east.segplan"
import "west.segplan"
`;
const EAST = `zone east_mgmt 10.1.0.0/24
zone east_backup 10.1.1.0/24
site east zones east_mgmt, east_backup
evbr : veeam.BackupServer in east_mgmt at 10.1.0.5
eproxy : veeam.Proxy in east_backup at 10.1.1.5 os windows
zone north_mgmt 10.3.0.0/24
site north zones north_mgmt
nvm : infra.VmGuest in north_mgmt at 10.3.0.5 os linux
`;
const WEST = `zone west_mgmt 10.2.0.0/24
zone west_backup 10.2.1.0/24
site west zones west_mgmt, west_backup
wvbr : veeam.BackupServer in west_mgmt at 10.2.0.5
wproxy : veeam.Proxy in west_backup at 10.2.1.5 os windows
`;

/** The plan's findings shown in `file`, as the analysis holds them now. */
function findingsIn(ws: Workspace, file: string): readonly Finding[] {
    const analyzer = ws.services.analysis.PlanAnalyzer;
    const plan = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!;
    return analyzer.analysis(plan).views.findingsByFile.get(uriOf(ws, file).toString()) ?? [];
}

/** The finding of several blocked flows from the east backup server to its proxy, shown in `file`. */
function eastPair(ws: Workspace, file = 'east.segplan'): FindingWrittenWhenRead {
    const found = findingsIn(ws, file).filter(f => f instanceof FindingWrittenWhenRead && /^No allow rule lets evbr → eproxy through .* for \d+ required flows/.test(f.message));
    assert.equal(found.length, 1, 'one finding for the pair\'s blocked flows');
    return found[0] as FindingWrittenWhenRead;
}

describe('findings of a file the edit did not touch, written alike', () => {
    it('are known to say the same words when the flows they are written from are kept, and not when those flows change', async () => {
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': PLAN, 'east.segplan': EAST, 'west.segplan': WEST });
        const before = eastPair(ws);
        const shown = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'east.segplan'))!.diagnostics;

        // A description in the other site's file: nothing about east's flows.
        await apply(ws, { 'west.segplan': WEST.replace('os windows', 'os windows "the west proxy"') });
        const kept = eastPair(ws);
        // Compared by identity (a failed strictEqual would print the finding's whole syntax tree).
        assert.ok(kept === before, 'the east site\'s findings are kept: the finding is the one made before');
        assert.ok(before.writtenAlikeAs(kept), 'written from the same flows');
        assert.equal(kept.message, before.message);
        assert.equal(ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'east.segplan'))!.diagnostics, shown, 'east.segplan is not validated again');
        await assertLikeScratch(ws, 'a description in the other site');

        // In the same file, a description of another site's component: the finding the file shows
        // for east's pair is the one shown before, its words written once.
        await apply(ws, { 'east.segplan': EAST.replace('os linux', 'os linux "the north file server"') });
        const east = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'east.segplan'))!;
        assert.ok(ws.services.analysis.PlanAnalyzer.reported(east)?.includes(before), 'the finding reported before is reported again');
        await assertLikeScratch(ws, 'a description in the same file, of another site');

        // One of the pair's flows allowed: the finding lists fewer flows, on the rule that nearly covers them.
        await apply(ws, { 'plan.segplan': `${PLAN}allow evbr -> eproxy tcp 6160\n` });
        const fewer = eastPair(ws, 'plan.segplan');
        assert.equal(kept.writtenAlikeAs(fewer), false, 'written from other flows');
        assert.notEqual(fewer.message, kept.message);
        await assertLikeScratch(ws, 'one of the pair\'s flows allowed');
    });
});
