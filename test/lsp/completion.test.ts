import * as assert from 'node:assert/strict';
import { expectCompletion } from 'langium/test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN } from './lsp-test-kit.js';

const labels = (list: CompletionList) => list.items.map(i => i.label);
const find = (list: CompletionList, label: string): CompletionItem => {
    const item = list.items.find(i => i.label === label);
    assert.ok(item, `no completion '${label}' among ${labels(list).slice(0, 30).join(', ')}`);
    return item;
};

describe('completion', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('offers every placeable component type, labelled by vendor, with its flows as documentation', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nvbr : <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const vbr = find(list, 'veeam.BackupServer');
                assert.equal(vbr.labelDetails?.description, 'Veeam Backup & Replication v13 and Veeam ONE');
                assert.match(vbr.labelDetails?.detail ?? '', /Veeam Backup & Replication server/);
                const doc = typeof vbr.documentation === 'string' ? vbr.documentation : vbr.documentation?.value ?? '';
                assert.match(doc, /Flows out:/);
                assert.match(doc, /→ Backup proxy tcp 6160: Veeam Installer Service/);
                assert.match(doc, /Flows in:/);
                find(list, 'vmware.VCenter');
                // An abstract role is not something one places.
                assert.ok(!labels(list).includes('veeam.ManagedServer'));
                // Grouped by vendor: the sort text is a rank (the plan's vendors, shared infrastructure, others) then the vendor id.
                assert.match(vbr.sortText ?? '', /^\dveeam\./);
            }
        });
    });

    it('finds a component type by an alias the vendor uses', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nmon : VONE<|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const item = find(list, 'veeam.VeeamOneServer');
                assert.equal(item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined, 'veeam.VeeamOneServer');
                assert.match(item.filterText ?? '', /VONE/);
                assert.ok(!labels(list).includes('veeam.Proxy'), 'a type that does not match VONE is not offered');
            }
        });
    });

    it('offers the plan’s own zones and components after allow, and zones after in', async () => {
        await expectCompletion(services)({
            text: BRANCH_PLAN + 'allow vbr -> <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                for (const name of ['mgmt', 'prod', 'backup', 'vbr', 'vcenter', 'proxy', 'repo']) find(list, name);
                assert.match(find(list, 'vcenter').detail ?? '', /vCenter Server in prod/);
            }
        });
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nzone dmz 10.1.0.0/24\nvbr : veeam.BackupServer in <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                find(list, 'mgmt');
                find(list, 'dmz');
                assert.ok(!labels(list).includes('vbr'), 'a component is not a zone');
            }
        });
    });

    it('proposes the ports still required between the endpoints of an allow rule, with their purpose', async () => {
        await expectCompletion(services)({
            text: BRANCH_PLAN + 'allow vbr -> vcenter tcp <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const item = find(list, '443');
                assert.match(item.detail ?? '', /vSphere Web Services SDK/);
                assert.match(typeof item.documentation === 'object' ? item.documentation.value : '', /Firewall Rules for Every Component/);
            }
        });
        // vbr -> repo already allows 6162 and 6160; what is left is the data channels and the tcp part of RPC/SMB.
        await expectCompletion(services)({
            text: BRANCH_PLAN + 'allow vbr -> repo tcp <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const all = list.items.find(i => i.preselect);
                assert.ok(all, 'a choice that inserts every missing port');
                assert.equal(all.insertText, '135, 137-139, 445, 2500-3300');
                find(list, '2500-3300');
                find(list, '135, 137-139, 445');
                assert.ok(!labels(list).includes('6162'), 'an allowed port is not proposed again');
            }
        });
    });

    it('ranks by what the context accepts: required ports first, the plan\'s vendors\' settings next, no keyword but until', async () => {
        await expectCompletion(services)({
            text: BRANCH_PLAN + 'allow vbr -> vcenter tcp <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const sorted = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
                assert.equal(sorted[0].label, '443', sorted.slice(0, 5).map(i => i.label).join(', '));
                const settings = list.items.filter(i => /^[a-z]+\.[A-Z]\w*Port$/.test(i.label));
                assert.ok(settings.length > 0, 'the Veeam port settings are offered');
                assert.ok(settings.every(i => i.label.startsWith('veeam.')), `settings of vendors the plan does not use: ${settings.map(i => i.label).join(', ')}`);
                const keywords = list.items.filter(i => i.kind === 14).map(i => i.label);
                assert.ok(keywords.every(k => k === 'until'), `keywords that cannot follow a port: ${keywords.join(', ')}`);
            }
        });
    });

    it('ranks component types of the vendors the plan uses first, and the basic type over a longer one with the same start', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nvbr : veeam.BackupServer in mgmt\nx : <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                const sorted = [...list.items].filter(i => i.kind === 7).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
                assert.match(sorted[0].label, /^veeam\./, sorted.slice(0, 5).map(i => i.label).join(', '));
                const order = sorted.map(i => i.label);
                assert.ok(order.indexOf('veeam.Proxy') < order.indexOf('veeam.ProxmoxWorker'), 'veeam.Prox + Enter must pick Proxy');
                assert.ok(order.indexOf('vmware.VCenter') < order.findIndex(l => l.startsWith('acronis.')), 'shared infrastructure before other vendors');
            }
        });
    });

    it('leaves out ports the rule being written already names', async () => {
        await expectCompletion(services)({
            text: BRANCH_PLAN + 'allow vbr -> repo tcp 2500-3300, <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                find(list, '135, 137-139, 445');
                assert.ok(!labels(list).includes('2500-3300'));
            }
        });
    });

    it('offers after use only the features of vendors the plan places', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nvbr : veeam.BackupServer in mgmt\nuse <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                find(list, 'veeam.InstantRecovery');
                find(list, 'veeam.GuestProcessing');
                assert.ok(list.items.every(i => String(i.label).startsWith('veeam.')), labels(list).join(', '));
            }
        });
    });

    it('offers keywords where an element starts', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\n<|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                for (const keyword of ['zone', 'allow', 'site', 'use']) find(list, keyword);
            }
        });
    });
});
