import * as assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, open } from './lsp-test-kit.js';

/** Inlay hints: what each port of an allow rule is for, and how much of a component's flows is allowed; each kind can be switched off. */
describe('inlay hints', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function hints(text: string): Promise<{ line: string; label: string }[]> {
        const document = await open(services, text);
        const lines = text.split('\n');
        const result = await services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }
        }) ?? [];
        return result.map((h: InlayHint) => ({ line: lines[h.position.line].slice(0, h.position.character), label: String(h.label) }));
    }

    it('after a port, its purpose; after a component, how many of its flows are allowed', async () => {
        const found = await hints(BRANCH_PLAN);
        const port = found.find(h => /^allow vbr -> repo tcp 6162$/.test(h.line));
        assert.ok(port, JSON.stringify(found.slice(0, 12)));
        assert.match(port.label, /^ ‹Veeam Data Mover/);
        const vbr = found.find(h => /^vbr\s/.test(h.line));
        assert.match(vbr?.label ?? '', /^ ‹\d+\/\d+ flows allowed›$/);
        // A port that serves nothing gets no hint (the unused-rule warning says it).
        assert.ok(!found.some(h => h.line.endsWith('tcp 8080')), 'no purpose for a port nothing needs');
    });

    it('never push a trailing comment out of its column: on a line with one, they stand at its end and name their port', async () => {
        const text = BRANCH_PLAN.replace('vbr     : veeam.BackupServer in mgmt   at 10.10.0.10', 'vbr     : veeam.BackupServer in mgmt   at 10.10.0.10   // the console')
            .replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6162, 6160         // data mover');
        const document = await open(services, text);
        const lines = text.split('\n');
        const found = await services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }
        }) ?? [];
        const pushed = found.filter(h => /\/\//.test(lines[h.position.line].slice(h.position.character)));
        assert.deepEqual(pushed.map(h => `${lines[h.position.line]} ← ${String(h.label)} at ${h.position.character}`), []);
        const onLine = (start: string) => found.filter(h => lines[h.position.line].startsWith(start)).map(h => String(h.label));
        const proxy = onLine('allow vbr -> proxy tcp 6160, 6162');
        assert.ok(proxy.some(l => /^ ‹6160: Veeam Installer/.test(l)), JSON.stringify(proxy));
        assert.ok(onLine('allow vbr -> repo').some(l => /^ ‹6162: Veeam Data Mover/.test(l)), JSON.stringify(onLine('allow vbr -> repo')));
        assert.match(onLine('vbr ').join(), /^ ‹\d+\/\d+ flows allowed›$/);
    });

    it('each kind can be switched off', async () => {
        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { inlayHints: { ports: false, coverage: true } } } });
        try {
            const found = await hints(BRANCH_PLAN);
            assert.ok(found.length > 0 && found.every(h => /flows allowed/.test(h.label)), JSON.stringify(found));
        } finally {
            services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { segplan: { inlayHints: { ports: true, coverage: true } } } });
        }
    });

    it('do not repeat the rule\'s own description', async () => {
        const found = await hints(BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6162, 6160 "Veeam Data Mover"'));
        const onRule = found.filter(h => h.line.startsWith('allow vbr -> repo'));
        assert.ok(!onRule.some(h => /Veeam Data Mover/.test(h.label)), JSON.stringify(onRule));
        assert.ok(onRule.some(h => /Installer/.test(h.label)), 'the other port keeps its hint');
    });

    it('do not repeat a description that names the purposes in other words', async () => {
        const found = await hints(BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6162, 6160 "Veeam Installer Service and Data Mover"'));
        assert.deepEqual(found.filter(h => h.line.startsWith('allow vbr -> repo')), []);
    });

    it('a rule\'s hints fit in what VS Code shows of a line\'s hints (43 characters), so none is cut mid-word', async () => {
        const onRule = (await hints(BRANCH_PLAN)).filter(h => h.line.startsWith('allow vbr -> proxy'));
        assert.ok(onRule.length >= 1, JSON.stringify(onRule));
        assert.ok(onRule.reduce((n, h) => n + h.label.length, 0) <= 43, JSON.stringify(onRule));
    });

    it('stay short: each purpose cut, and a rule\'s hints within a third of a line', async () => {
        const plan = BRANCH_PLAN.replace('allow vbr -> proxy tcp 6160, 6162, 2500-3300', 'allow vbr -> proxy tcp/udp 135, 137-139, 445, 6160, 6162, 2500-3300, 10006, 6150');
        const onRule = (await hints(plan)).filter(h => h.line.startsWith('allow vbr -> proxy'));
        assert.ok(onRule.length >= 2, JSON.stringify(onRule));
        for (const h of onRule) assert.ok(h.label.length <= 36, h.label);
        assert.ok(onRule.reduce((n, h) => n + h.label.length, 0) <= 43, JSON.stringify(onRule));
    });
});
