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
                // and `guardrail`, which a built-in guardrail's name follows
                find(list, 'guardrail');
                assert.ok(list.items.every(i => String(i.label).startsWith('veeam.') || i.label === 'guardrail'), labels(list).join(', '));
            }
        });
    });

    it('offers after use guardrail the built-in guardrails, and deny where an element starts', async () => {
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\nuse guardrail <|>',
            index: 0, disposeAfterCheck: true,
            assert: list => {
                find(list, 'veeam.HardenedRepositorySsh');
                find(list, 'veeam.SureBackupLabIsolated');
            }
        });
        await expectCompletion(services)({
            text: 'plan "p"\nzone mgmt 10.0.0.0/24\n<|>',
            index: 0, disposeAfterCheck: true,
            assert: list => { find(list, 'deny'); }
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

    describe('never fights typing: after a finished word, Enter is a new line', () => {
        /** The text each item would put before the cursor, and what it replaces. */
        const inserted = (list: CompletionList | undefined) => (list?.items ?? []).map(i => {
            const edit = i.textEdit!;
            return { label: i.label, newText: edit.newText, range: 'range' in edit ? edit.range : edit.insert };
        });

        it('offers nothing glued to an address, a port or a name that ends a statement', async () => {
            for (const text of [
                'plan "p"\nzone mgmt 10.10.10.0/24<|>',
                BRANCH_PLAN + 'allow vbr -> vcenter tcp 443, 8443<|>',
                BRANCH_PLAN + 'allow vbr -> vcenter tcp 443 "vSphere"<|>',
                'plan "p"\nzone mgmt 10.10.10.0/24\nvbr : veeam.BackupServer in mgmt<|>'
            ]) {
                await expectCompletion(services)({
                    text, index: 0, disposeAfterCheck: true,
                    assert: list => {
                        const glued = inserted(list).filter(i => i.range.start.character === i.range.end.character);
                        assert.deepEqual(glued.map(i => i.label), [], `items inserted right after the last word of ${JSON.stringify(text.slice(-30))}`);
                    }
                });
            }
        });

        it('does not offer the word already typed', async () => {
            for (const text of [
                'plan "p"\nzone mgmt 10.10.10.0/24\nvbr : veeam.BackupServer in mgmt os windows<|>',
                'plan "p"\nzone mgmt 10.10.10.0/24\nvbr : veeam.BackupServer in mgmt on vsphere<|>'
            ]) {
                await expectCompletion(services)({
                    text, index: 0, disposeAfterCheck: true,
                    assert: list => assert.deepEqual(inserted(list).map(i => i.label), [], JSON.stringify(text.slice(-20)))
                });
            }
        });

        it('still completes a word being typed, replacing exactly that word', async () => {
            await expectCompletion(services)({
                text: 'plan "p"\nzone mgmt 10.10.10.0/24\nvbr : veeam.BackupServer in mgmt os win<|>',
                index: 0, disposeAfterCheck: true,
                assert: list => {
                    const windows = inserted(list).find(i => i.label === 'windows');
                    assert.ok(windows, labels(list).join(', '));
                    assert.equal(windows.range.start.character, 'vbr : veeam.BackupServer in mgmt os '.length);
                }
            });
        });

        it('after a comma in a port list, a port comes with its space', async () => {
            await expectCompletion(services)({
                text: BRANCH_PLAN + 'allow vbr -> vcenter tcp 8443,<|>',
                index: 0, disposeAfterCheck: true,
                assert: list => {
                    const items = inserted(list);
                    assert.ok(items.some(i => i.newText === ' 443'), JSON.stringify(items.slice(0, 5)));
                    assert.ok(items.every(i => i.newText.startsWith(' ')), JSON.stringify(items.filter(i => !i.newText.startsWith(' '))));
                }
            });
        });
    });

    it('ranks a type whose alias or name is exactly what was typed first', async () => {
        for (const [typed, wanted] of [['VBR', 'veeam.BackupServer'], ['vbr', 'veeam.BackupServer'], ['ZVM', 'zerto.Zvm'], ['VONE', 'veeam.VeeamOneServer']] as const) {
            await expectCompletion(services)({
                text: `plan "p"\nzone mgmt 10.0.0.0/24\nx : ${typed}<|>`,
                index: 0, disposeAfterCheck: true,
                assert: list => {
                    const sorted = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
                    assert.equal(sorted[0]?.label, wanted, `${typed}: ${sorted.slice(0, 4).map(i => i.label).join(', ')}`);
                    // Clients rank by how well the typed word matches the filter text first.
                    assert.equal(sorted[0].filterText, typed);
                    assert.equal(sorted[0].preselect, true);
                }
            });
        }
    });
});
