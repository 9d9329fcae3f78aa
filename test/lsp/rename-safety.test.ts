import * as assert from 'node:assert/strict';
import { createTestServices } from '../helpers/services.js';
import { BRANCH_PLAN, at, open } from './lsp-test-kit.js';

/** Rename refuses names that would change what the plan means. */
describe('rename refuses keywords and names in use', () => {
    it('refuses a keyword (`proxy` → `any` would turn a rule into `-> any`) and the name of another zone or component', async () => {
        const services = await createTestServices();
        const document = await open(services, BRANCH_PLAN);
        const params = { textDocument: { uri: document.uri.toString() }, position: at(document, 'proxy   :', 1) };
        for (const keyword of ['any', 'allow', 'zone', 'tcp', 'internet']) {
            await assert.rejects(Promise.resolve(services.lsp.RenameProvider!.rename(document, { ...params, newName: keyword })), /is a reserved word of the language and cannot be a name: the line that declares the component would not parse/, keyword);
        }
        await assert.rejects(Promise.resolve(services.lsp.RenameProvider!.rename(document, { ...params, newName: 'repo' })), /already the name of a component \(plan\.segplan line \d+\)/);
        await assert.rejects(Promise.resolve(services.lsp.RenameProvider!.rename(document, { ...params, newName: 'mgmt' })), /already the name of a zone/);
        const ok = await services.lsp.RenameProvider!.rename(document, { ...params, newName: 'proxy2' });
        assert.ok(ok?.changes?.[document.uri.toString()]?.length);
    });

    it('a name used only in an unrelated plan is free', async () => {
        const services = await createTestServices();
        await open(services, 'plan "other"\nzone far 10.9.0.0/24\nrepo2 : veeam.Repository in far at 10.9.0.1 os windows\n', 'other.segplan');
        const document = await open(services, BRANCH_PLAN);
        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: at(document, 'proxy   :', 1), newName: 'repo2' });
        assert.ok(edit?.changes?.[document.uri.toString()]?.length);
    });

    it('leaves the plan\'s title alone: it is a text, and a name in its place would not parse', async () => {
        const services = await createTestServices();
        const document = await open(services, BRANCH_PLAN);
        const params = { textDocument: { uri: document.uri.toString() }, position: at(document, '"Branch"', 2) };
        assert.equal(await services.lsp.RenameProvider!.prepareRename(document, params), undefined);
        assert.equal(await services.lsp.RenameProvider!.rename(document, { ...params, newName: 'renamed' }), undefined);
    });
});
