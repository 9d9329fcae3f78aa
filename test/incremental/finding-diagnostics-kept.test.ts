import * as assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-types';
import type { SegplanDocumentValidator } from '../../language/validation/segplan-document-validator.js';
import { relatedStillAt } from '../../language/validation/plan-validation.js';
import { createTestServices } from '../helpers/services.js';
import { apply, assertLikeScratch, openWorkspace, uriOf, type Workspace } from '../helpers/review-workspace.js';

/**
 * After an edit, the editor validates the edited file again, and with it every plan finding the
 * file shows. A finding the analysis kept says what it said: its diagnostic is the one written
 * before while it is where it was — its own place and the places of its related information.
 * Work counted, never timed; what the file shows is always what a build from scratch shows.
 */

const PLAN = `plan "Two sites"
import "east.segplan"
import "west.segplan"
pvm1 : infra.VmGuest in north_mgmt at 10.3.0.21 os linux managed by evbr
pvm2 : infra.VmGuest in north_mgmt at 10.3.0.22 os linux managed by evbr
pvm3 : infra.VmGuest in north_mgmt at 10.3.0.23 os linux managed by evbr
pvm4 : infra.VmGuest in north_mgmt at 10.3.0.24 os linux managed by evbr
pvm5 : infra.VmGuest in north_mgmt at 10.3.0.25 os linux managed by evbr
// the plan's own flow
require evbr -> wvbr tcp 9999 "east reaches west"
`;
const EAST = `zone north_mgmt 10.3.0.0/24
site north zones north_mgmt
zone east_mgmt 10.1.0.0/24
zone east_backup 10.1.1.0/24
site east zones east_mgmt, east_backup
evbr : veeam.BackupServer in east_mgmt at 10.1.0.5
eproxy : veeam.Proxy in east_backup at 10.1.1.5 os windows
erepo : veeam.Repository in east_backup at 10.1.1.6 os windows
nvm1 : infra.VmGuest in north_mgmt at 10.3.0.5 os linux
nvm2 : infra.VmGuest in north_mgmt at 10.3.0.6 os linux
nvm3 : infra.VmGuest in north_mgmt at 10.3.0.7 os linux
nvm4 : infra.VmGuest in north_mgmt at 10.3.0.8 os linux
nvm5 : infra.VmGuest in north_mgmt at 10.3.0.9 os linux
`;
const WEST = `zone west_mgmt 10.2.0.0/24
zone west_backup 10.2.1.0/24
site west zones west_mgmt, west_backup
wvbr : veeam.BackupServer in west_mgmt at 10.2.0.5
wproxy : veeam.Proxy in west_backup at 10.2.1.5 os windows
`;

/** Plan findings' diagnostics written and kept by the edit `change` makes. */
async function counted(ws: Workspace, change: Record<string, string>): Promise<{ written: number; kept: number }> {
    const work = (ws.services.validation.DocumentValidator as SegplanDocumentValidator).work;
    const [written, kept] = [work.findingDiagnosticsWritten, work.findingDiagnosticsKept];
    await apply(ws, change);
    return { written: work.findingDiagnosticsWritten - written, kept: work.findingDiagnosticsKept - kept };
}

describe('plan findings\' diagnostics after an edit', () => {
    it('keep each finding\'s diagnostic while it is where it was, and write it anew when it or what it points at moved', async () => {
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': PLAN, 'east.segplan': EAST, 'west.segplan': WEST });
        const east = () => ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'east.segplan'))!;
        const shown = east().diagnostics!.length;
        assert.ok(shown > 5, `east.segplan shows ${shown} diagnostics`);
        const plansFlow = () => east().diagnostics!.find(d => String(d.message).includes('tcp 9999'));
        assert.ok(plansFlow()?.relatedInformation?.some(r => r.location.uri.endsWith('plan.segplan')), 'the plan\'s own flow points at its require line');

        // A description of a north file server: the other findings stay where they were; those the edit made again are written.
        const described = await counted(ws, { 'east.segplan': EAST.replace('10.3.0.8 os linux', '10.3.0.8 os linux "a north file server"') });
        // Kept: the blocked flows from evbr and the flow inside east_backup. Written: what relations leave undecided, placed anew by each analysis.
        assert.deepEqual(described, { kept: 4, written: 5 });
        await assertLikeScratch(ws, 'a description');

        // A comment above everything: every finding of east is a line lower, and written anew.
        const moved = await counted(ws, { 'east.segplan': `// east\n${EAST}` });
        assert.equal(moved.kept, 0, JSON.stringify(moved));
        assert.ok(moved.written > 5, JSON.stringify(moved));
        await assertLikeScratch(ws, 'every line of the file moved');

        // A comment above the require line: the finding on evbr stays, the line it points at moves.
        const before = plansFlow()!;
        await apply(ws, { 'plan.segplan': PLAN.replace('// the plan\'s own flow', '// the plan\'s own flow\n// said twice') });
        const after = plansFlow()!;
        assert.deepEqual(after.range, before.range);
        assert.notDeepEqual(after.relatedInformation, before.relatedInformation, 'the require line it points at moved down a line');
        await assertLikeScratch(ws, 'the line a finding points at moved');

        // The finding shown, against its diagnostic and against one whose related line is another.
        const finding = ws.services.analysis.PlanAnalyzer.reported(east())!.find(f => f.message.includes('tcp 9999'))!;
        assert.equal(relatedStillAt(finding, after), true);
        const lineLower = (r: Range): Range => ({ start: { ...r.start, line: r.start.line + 1 }, end: { ...r.end, line: r.end.line + 1 } });
        const elsewhere = { ...after, relatedInformation: after.relatedInformation!.map(r => ({ ...r, location: { ...r.location, range: lineLower(r.location.range) } })) };
        assert.equal(relatedStillAt(finding, elsewhere), false);
    });
});
