import * as assert from 'node:assert/strict';
import { expectHover } from 'langium/test';
import type { Hover } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, at, open } from './lsp-test-kit.js';

/** BRANCH_PLAN with a cursor marker put before the n-th occurrence of `needle`. */
function marked(needle: string, occurrence = 0, text = BRANCH_PLAN): string {
    let index = -1;
    for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, needle);
    return text.slice(0, index) + '<|>' + text.slice(index);
}

function hoverText(hover: Hover | undefined): string {
    const contents = hover?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : '';
}

describe('hover', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('explains a port of an allow rule by the requirements it serves, with vendor, direction and citation', async () => {
        await expectHover(services)({
            text: marked('6162'), index: 0, disposeAfterCheck: true,
            hover: /6162\*\* serves 1 required flow[\s\S]*vbr → proxy tcp 6162: \*\*Veeam Data Mover[\s\S]*Veeam Backup & Replication v13[\s\S]*Firewall Rules for Every Component[^"]*"3\. Backup Proxy/
        });
        await expectHover(services)({
            text: marked('2500-3300'), index: 0, disposeAfterCheck: true,
            hover: /Data transmission channels/
        });
    });

    it('warns when a port of an allow rule serves nothing', async () => {
        await expectHover(services)({
            text: marked('8080'), index: 0, disposeAfterCheck: true,
            hover: /⚠ \*\*8080\*\* serves no required flow between proxy → vcenter/
        });
    });

    it('describes a component type with its flows in and out', async () => {
        await expectHover(services)({
            text: marked('Proxy '), index: 0, disposeAfterCheck: true,
            hover: /\*\*Backup proxy\*\* \(`veeam\.Proxy`[\s\S]*Flows out:[\s\S]*Flows in:[\s\S]*← Veeam Backup & Replication server tcp 6160/
        });
    });

    it('describes a component instance: zone, addresses, required flows with how many are allowed', async () => {
        await expectHover(services)({
            text: marked('vbr     :'), index: 0, disposeAfterCheck: true,
            hover: /\*\*vbr\*\* : Veeam Backup & Replication server[\s\S]*Zone \*\*mgmt\*\*, at 10\.10\.0\.10[\s\S]*Flows out: \d+ of \d+ allowed[\s\S]*✗ → vcenter tcp 443: vSphere Web Services SDK/
        });
    });

    it('says why each blocked flow of a component is required, as `segplan explain` does', async () => {
        await expectHover(services)({
            text: marked('vbr     :'), index: 0, disposeAfterCheck: true,
            hover: /Why the blocked flows are required[\s\S]*- → vcenter tcp 443: vbr is veeam\.BackupServer[^\n]*vcenter is vmware\.VCenter[^\n]*vcenter is `managed by vbr` \(inferred: the only candidate\)[^\n]*\(Veeam and Network Segmentation: Firewall Rules for Every Component, "6\. VMware vSphere Infrastructure" row 1\)/
        });
    });

    it('shows the author\'s /** doc comment */ above the facts of a component and a zone', async () => {
        const text = BRANCH_PLAN
            .replace('vbr ', '/** Our only backup server; owned by the storage team. */\nvbr ')
            .replace('zone backup', '/** Backup data network, VLAN 30. */\nzone backup');
        assert.notEqual(text, BRANCH_PLAN);
        await expectHover(services)({
            text: marked('vbr ', 1, text), index: 0, disposeAfterCheck: true,
            hover: /^Our only backup server; owned by the storage team\.\n\n---\n\n\*\*vbr\*\* : Veeam Backup & Replication server/
        });
        await expectHover(services)({
            text: marked('zone backup', 0, text).replace('<|>zone backup', 'zone <|>backup'), index: 0, disposeAfterCheck: true,
            hover: /^Backup data network, VLAN 30\.\n\n---\n\n\*\*zone backup\*\*/
        });
    });

    it('describes a zone: what it holds and the flows crossing it', async () => {
        await expectHover(services)({
            text: marked('backup 10.30'), index: 0, disposeAfterCheck: true,
            hover: /Holds 2 components: 1 × Backup proxy, 1 × Backup repository[\s\S]*in ← mgmt: \d+ flows, \d+ not allowed/
        });
    });

    it('lists what an allow rule covers when hovering its keyword', async () => {
        await expectHover(services)({
            text: marked('allow vbr -> proxy'), index: 0, disposeAfterCheck: true,
            hover: /\*\*allow vbr → proxy tcp 2500-3300, 6160, 6162\*\*[\s\S]*Lets through 3 required flows \(3 fully allowed\)/
        });
    });

    it('says which zone a bare address of an allow rule lies in and which components it holds', async () => {
        const text = `${BRANCH_PLAN}allow vbr -> 10.30.0.0/26 tcp 6162\nallow vbr -> 10.99.0.1 tcp 443\n`;
        const document = await open(services, text);
        const hover = (needle: string) => services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: at(document, needle, 2) });
        assert.match(hoverText(await hover('10.30.0.0/26')), /^\*\*10\.30\.0\.0\/26\*\* — a bare address in zone \*\*backup\*\* \(10\.30\.0\.0\/24\); it holds proxy, repo\.$/);
        assert.match(hoverText(await hover('10.99.0.1')), /lies in no zone of the plan: this rule lets nothing through/);
    });

    it('explains a port of a catalog flow', async () => {
        const builtin = services.shared.workspace.LangiumDocuments.all.find(d => d.uri.scheme === 'builtin' && d.uri.path === '/catalog/veeam.segplan');
        assert.ok(builtin);
        const hover = await services.lsp.HoverProvider!.getHoverContent(builtin, {
            textDocument: { uri: builtin.uri.toString() },
            position: at(builtin, 'flow BackupServer -> Proxy os windows tcp 6160', 'flow BackupServer -> Proxy os windows tcp '.length)
        });
        assert.match(hoverText(hover), /\*\*6160\*\* — Veeam Installer Service[\s\S]*Veeam Backup & Replication server → Backup proxy tcp 6160[\s\S]*Source: _Veeam and Network Segmentation: Firewall Rules for Every Component_ \(Veeam Backup & Replication v13\), "3\. Backup Proxy/);
    });

    it('answers nothing, and throws nothing, on whitespace and comments', async () => {
        const document = await open(services, BRANCH_PLAN);
        const hover = await services.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() }, position: at(document, '// Zones', 3)
        });
        assert.equal(hover, undefined);
    });
});
