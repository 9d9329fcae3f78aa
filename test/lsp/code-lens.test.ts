import * as assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { SHOW_FLOWS_COMMAND, type FlowList } from '../../language/lsp/segplan-code-lens-provider.js';
import { BRANCH_PLAN, open } from './lsp-test-kit.js';

interface Lens { line: string; title: string; list: FlowList }

/** Code lenses: flows out and in above a component, across the boundary above a zone, served above an allow rule. */
describe('code lenses', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function lenses(text: string): Promise<Lens[]> {
        const document = await open(services, text);
        const lines = text.split('\n');
        const found = await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }) ?? [];
        return found.map((l: CodeLens) => {
            assert.equal(l.command?.command, SHOW_FLOWS_COMMAND);
            return { line: lines[l.range.start.line], title: l.command!.title, list: l.command!.arguments![0] as FlowList };
        });
    }

    function lensOn(all: Lens[], line: RegExp): Lens {
        const lens = all.find(l => line.test(l.line));
        assert.ok(lens, `no lens on ${line}: ${JSON.stringify(all.map(l => [l.line, l.title]))}`);
        return lens;
    }

    it('above a component: its flows out and in, how many are allowed, and the list behind it', async () => {
        const all = await lenses(BRANCH_PLAN);
        const repo = lensOn(all, /^repo\s/);
        const [, out, outAllowed, inbound] = /^(\d+) flows? out(?:, (all allowed|\d+(?= allowed)))?(?: allowed)? · (\d+) flows? in/.exec(repo.title) ?? [];
        assert.ok(out && inbound, repo.title);
        // Every line of the list is one requirement with one other component here (no groups): the counts are the lines.
        const outLines = repo.list.items.filter(i => / → /.test(i.label));
        const inLines = repo.list.items.filter(i => / ← /.test(i.label));
        assert.equal(outLines.length, Number(out));
        assert.equal(inLines.length, Number(inbound));
        // vbr -> repo on 6160 and 6162 is allowed: at least one flow in is marked allowed, and it points at vbr's line.
        const fromVbr = inLines.filter(i => /← vbr /.test(i.label));
        assert.ok(fromVbr.some(i => i.label.startsWith('✓')), JSON.stringify(fromVbr));
        const vbrLine = BRANCH_PLAN.split('\n').findIndex(l => l.startsWith('vbr '));
        assert.equal(fromVbr[0].location?.range.start.line, vbrLine);
        // What the title says is allowed is what the list marks allowed.
        const allowedOut = outLines.filter(i => i.label.startsWith('✓')).length;
        assert.equal(outAllowed === 'all allowed' ? Number(out) : Number(outAllowed ?? 0), allowedOut);
    });

    it('a flow the rules let through in part is listed as partly allowed, not as blocked', async () => {
        const all = await lenses(BRANCH_PLAN.replace('allow vbr -> proxy tcp 6160, 6162, 2500-3300', 'allow vbr -> proxy tcp 135, 137-139, 445, 6160, 6162, 2500-3300'));
        const rpc = lensOn(all, /^proxy\s/).list.items.find(i => /← vbr tcp\/udp 135/.test(i.label));
        assert.ok(rpc, JSON.stringify(lensOn(all, /^proxy\s/).list.items));
        assert.ok(rpc.label.startsWith('◐'), rpc.label);
        assert.match(rpc.detail ?? '', /\(partly allowed\)$/);
    });

    it('above an allow rule: how many required flows it serves; a rule nothing needs serves none', async () => {
        const all = await lenses(BRANCH_PLAN);
        const repoRule = lensOn(all, /^allow vbr -> repo/);
        const served = Number(/^serves (\d+) required flows?$/.exec(repoRule.title)?.[1]);
        assert.ok(served >= 1, repoRule.title);
        assert.equal(repoRule.list.items.length, served);
        assert.ok(repoRule.list.items.every(i => /^vbr → repo tcp /.test(i.label)), JSON.stringify(repoRule.list.items));
        assert.equal(lensOn(all, /^allow proxy -> vcenter tcp 8080/).title, 'serves no required flow');
    });

    it('above a zone: the flows across its boundary, per neighbouring zone', async () => {
        const all = await lenses(BRANCH_PLAN);
        const backup = lensOn(all, /^zone backup/);
        const total = Number(/^(\d+) flows? across the zone boundary/.exec(backup.title)?.[1]);
        assert.ok(total > 0, backup.title);
        const perZone = backup.list.items.map(i => Number(/: (\d+) flows?\b/.exec(i.label)?.[1]));
        assert.equal(perZone.reduce((a, b) => a + b, 0), total);
        assert.ok(backup.list.items.some(i => /^. ← mgmt:/.test(i.label)), JSON.stringify(backup.list.items));
    });

    it('components of one group are counted per pair, and listed once per requirement', async () => {
        const proxies = Array.from({ length: 5 }, (_, i) => `p${i} : veeam.Proxy in backup os windows on vsphere`).join('\n');
        const text = `plan "Groups"\nzone mgmt 10.10.0.0/24\nzone backup 10.30.0.0/24\nvbr : veeam.BackupServer in mgmt\n${proxies}\n`;
        const all = await lenses(text);
        const vbr = lensOn(all, /^vbr\s/);
        const out = Number(/^(\d+) flows? out\b/.exec(vbr.title)?.[1]);
        const outLines = vbr.list.items.filter(i => / → /.test(i.label));
        assert.ok(outLines.length > 0 && outLines.every(i => /p0, p1 … \(5 components\)/.test(i.label)), JSON.stringify(outLines));
        assert.equal(out, outLines.length * 5, 'each requirement counts one flow per proxy');
        assert.ok(outLines.every(i => i.label.startsWith('✗')), 'no rule: nothing allowed');
    });

    it('a zone with no component has no lens; one with components that no flow crosses says so', async () => {
        const all = await lenses('plan "new"\nzone mgmt 10.0.0.0/24\nzone prod 10.0.1.0/24\nzone dmz 10.0.2.0/24\nweb : veeam.Proxy in dmz at 10.0.2.5 os linux\n');
        assert.deepEqual(all.filter(l => /^zone (mgmt|prod)\b/.test(l.line)).map(l => l.title), []);
        assert.equal(lensOn(all, /^zone dmz\b/).title, 'no flow crosses this zone');
    });

    it('a document with no plan elements has no lenses', async () => {
        assert.deepEqual(await lenses('plan "Empty"\n'), []);
    });
});
