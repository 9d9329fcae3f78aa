import * as assert from 'node:assert/strict';
import { URI, type LangiumDocument, type Reference, type ReferenceInfo } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { referencesBelow } from '../../language/utils/ast-walk.js';
import type { SegplanServices } from '../../language/segplan-module.js';

/**
 * Linking after an edit (SegplanLinker): a reference in a statement the edit did not touch keeps
 * what it resolved to, unless a removed or added statement defines its name; everything else is
 * looked up again. What it resolves to, and the description it carries (the one the index
 * exports now, with the node's current path), must be what a full link gives.
 */

let folder = 0;

async function open(services: SegplanServices, files: Record<string, string>): Promise<Record<string, URI>> {
    const workspace = services.shared.workspace;
    const dir = `file:///edit-linking-${++folder}`;
    const uris: Record<string, URI> = {};
    const documents: LangiumDocument[] = [];
    for (const [name, text] of Object.entries(files)) {
        uris[name] = URI.parse(`${dir}/${name}`);
        workspace.TextDocuments.set(TextDocument.create(uris[name].toString(), 'segplan', 1, text));
        const document = workspace.LangiumDocumentFactory.fromString(text, uris[name]);
        workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await workspace.DocumentBuilder.build(documents, { validation: true });
    return uris;
}

async function change(services: SegplanServices, changes: Array<[URI, string]>): Promise<void> {
    const workspace = services.shared.workspace;
    for (const [uri, text] of changes) {
        const version = workspace.TextDocuments.get(uri.toString())!.version + 1;
        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', version, text));
    }
    await workspace.DocumentBuilder.update(changes.map(([uri]) => uri), []);
}

/** Counts the scope look-ups (one per reference looked up) while `action` runs. */
async function lookUps(services: SegplanServices, action: () => Promise<void>): Promise<number> {
    const provider = services.references.ScopeProvider;
    const original = provider.getScope.bind(provider);
    let count = 0;
    provider.getScope = (context: ReferenceInfo) => { count++; return original(context); };
    try {
        await action();
    } finally {
        provider.getScope = original;
    }
    return count;
}

/** Every reference of the file: where it is, what it resolved to, and the description it carries. */
function links(services: SegplanServices, uri: URI): unknown[] {
    const document = services.shared.workspace.LangiumDocuments.getDocument(uri)!;
    const locator = services.workspace.AstNodeLocator;
    const exported = new Set(services.shared.workspace.IndexManager.allElements().toArray());
    return referencesBelow(document.parseResult.value).map(({ reference, container, property, index }) => {
        const ref = reference as Reference;
        const target = ref.ref;
        const description = ref.$nodeDescription;
        if (target && description) {
            // A description that names the node by another path, or is not the index's, is stale.
            assert.equal(description.node, target, `${ref.$refText}: the description is of another node`);
            assert.equal(description.path, locator.getAstNodePath(target), `${ref.$refText}: the description's path is not the node's`);
            if (description.documentUri.toString() === uri.toString()) assert.ok(exported.has(description), `${ref.$refText}: the description is not the one the index exports`);
        }
        return [locator.getAstNodePath(container), property, index, ref.$refText, target && locator.getAstNodePath(target),
            description?.name, description?.documentUri.toString().replace(/edit-linking-\d+/, ''), ref.error?.message];
    });
}

async function assertLinkedLikeScratch(services: SegplanServices, uris: Record<string, URI>, name: string): Promise<void> {
    const texts = Object.fromEntries(Object.entries(uris).map(([n, uri]) => [n, services.shared.workspace.TextDocuments.get(uri.toString())!.getText()]));
    const fresh = await createTestServices();
    const scratch = await open(fresh, texts);
    assert.deepEqual(links(services, uris[name]), links(fresh, scratch[name]));
}

describe('linking after an edit', function () {
    this.timeout(300000);
    const plan = generateBenchPlan(200).text;

    it('looks up only the references of the edited statements, and links like a full link', async () => {
        const services = await createTestServices();
        const uris = await open(services, { 'plan.segplan': plan });
        const all = referencesBelow(services.shared.workspace.LangiumDocuments.getDocument(uris['plan.segplan'])!.parseResult.value).length;
        const line = plan.split('\n').findIndex(l => l.startsWith('allow '));
        const lines = plan.split('\n');
        lines[line] += ' "edited"';
        const count = await lookUps(services, () => change(services, [[uris['plan.segplan'], lines.join('\n')]]));
        assert.ok(all > 500, `the plan has ${all} references`);
        // The edited rule and the untouched statements re-parsed around it (statement-reparse's margin).
        assert.ok(count > 0 && count < 40, `${count} of ${all} references were looked up again`);
        await assertLinkedLikeScratch(services, uris, 'plan.segplan');
    });

    it('looks up again every use of a name an edit defines, removes or renames', async () => {
        const services = await createTestServices();
        const uris = await open(services, { 'plan.segplan': plan });
        const uri = uris['plan.segplan'];
        const zone = /^zone (\S+)/m.exec(plan)!;
        const uses = plan.split(new RegExp(`\\b${zone[1]}\\b`)).length - 2;
        assert.ok(uses > 0);
        // Renamed: every use is now unknown.
        let text = plan.replace(zone[0], `zone ${zone[1]}x`);
        await change(services, [[uri, text]]);
        await assertLinkedLikeScratch(services, uris, 'plan.segplan');
        // Back: every use resolves again, to the new node.
        text = plan;
        await change(services, [[uri, text]]);
        await assertLinkedLikeScratch(services, uris, 'plan.segplan');
        // Defined twice, further down: the first still wins.
        text = `${plan}\nzone ${zone[1]} 10.250.0.0/24\n`;
        await change(services, [[uri, text]]);
        await assertLinkedLikeScratch(services, uris, 'plan.segplan');
        // Statements inserted before everything: every kept node moves to a new path.
        text = text.replace(zone[0], `zone early1 10.251.0.0/24\nzone early2 10.252.0.0/24\n${zone[0]}`);
        await change(services, [[uri, text]]);
        await assertLinkedLikeScratch(services, uris, 'plan.segplan');
    });

    it('links the whole file again when another file changed in the same update', async () => {
        const services = await createTestServices();
        const sites = 'zone far 10.99.0.0/24\n';
        // `repo` is far enough from the edit at the end to be kept by the re-parse.
        const main = 'plan "Two files"\nimport "sites.segplan"\n\nzone near 10.1.0.0/24\n\nvbr : veeam.BackupServer in near at 10.1.0.10\nrepo : veeam.Repository in far at 10.99.0.20\n\n'
            + 'allow vbr -> repo tcp 6162\nallow vbr -> repo tcp 6160\nallow vbr -> repo tcp 2500-3300\nallow repo -> vbr tcp 9401\n// end\n';
        const uris = await open(services, { 'main.segplan': main, 'sites.segplan': sites });
        // The imported file renames `far` while the plan gets an edit elsewhere: `in far` must not keep its old target.
        await change(services, [[uris['sites.segplan'], 'zone farther 10.99.0.0/24\n'], [uris['main.segplan'], main.replace('// end', '// the end')]]);
        await assertLinkedLikeScratch(services, uris, 'main.segplan');
        assert.ok(links(services, uris['main.segplan']).some(l => (l as unknown[])[3] === 'far' && (l as unknown[])[7]), '`far` is unknown now');
    });

    it('links a name to the plan\'s own new definition when it was an imported one', async () => {
        const services = await createTestServices();
        const sites = 'zone far 10.99.0.0/24\n';
        const main = 'plan "Shadowed"\nimport "sites.segplan"\n\nzone near 10.1.0.0/24\n\nrepo : veeam.Repository in far at 10.99.0.20\n\n'
            + 'vbr : veeam.BackupServer in near at 10.1.0.10\nallow vbr -> repo tcp 6162\nallow vbr -> repo tcp 6160\nallow vbr -> repo tcp 2500-3300\n';
        const uris = await open(services, { 'main.segplan': main, 'sites.segplan': sites });
        // The plan's own names win over imported ones: `in far` now means the new zone.
        await change(services, [[uris['main.segplan'], `${main}zone far 10.98.0.0/24\n`]]);
        await assertLinkedLikeScratch(services, uris, 'main.segplan');
        assert.ok(links(services, uris['main.segplan']).some(l => (l as unknown[])[3] === 'far' && !String((l as unknown[])[6]).endsWith('sites.segplan')), '`far` is the plan\'s own zone');
    });
});
