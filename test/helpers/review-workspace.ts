import * as assert from 'node:assert/strict';
import { AstUtils, Cancellation, isOperationCancelled, URI, type AstNode, type LangiumDocument, type Reference, type ReferenceDescription, type ReferenceInfo } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FromScratch } from './from-scratch.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { analyzePlan, type PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { buildCatalog } from '../../language/catalog/catalog-model.js';
import { buildPlan } from '../../language/plan/plan-model.js';
import { importClosure } from '../../language/workspace/plan-imports.js';

/**
 * A workspace of several open files edited through the language server's update path, and what
 * the editor holds for each file (diagnostics, links and their descriptions, the reference index,
 * the exported symbols), to compare with a from-scratch build of the same texts.
 */

let folder = 0;

/** Every cross-reference of the tree, in tree order. */
function referencesBelow(root: AstNode): ReferenceInfo[] {
    return AstUtils.streamAst(root).flatMap(node => AstUtils.streamReferences(node)).toArray();
}

export interface Workspace {
    services: SegplanServices;
    dir: string;
    texts: Map<string, string>;
    /** Where assertLikeScratch builds the texts anew, made at its first comparison. */
    scratch?: FromScratch;
}

export function uriOf(ws: Workspace, name: string): URI {
    return URI.parse(`${ws.dir}/${name}`);
}

/** The language server's analysis of the workspace's plan, as it stands after the edits. */
export function planAnalysisOf(ws: Workspace, name = 'plan.segplan'): PlanAnalysis {
    return ws.services.analysis.PlanAnalyzer.analysis(ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, name))!);
}

/**
 * The same plan analysed from scratch: built anew from the documents as they are, with no earlier
 * analysis. `forNextAnalysis` false: as the CLI analyses it, in one pass over the plan.
 */
export function planAnalysisFromScratch(ws: Workspace, forNextAnalysis = true, name = 'plan.segplan'): PlanAnalysis {
    const documents = ws.services.shared.workspace.LangiumDocuments;
    const plan = importClosure(documents.getDocument(uriOf(ws, name))!, documents);
    return analyzePlan(buildPlan(plan), buildCatalog(documents.all), ws.services.analysis.VendorChecks, undefined, undefined, forNextAnalysis);
}

export async function openWorkspace(services: SegplanServices, files: Record<string, string>): Promise<Workspace> {
    const ws: Workspace = { services, dir: `file:///review-mf-${++folder}`, texts: new Map(Object.entries(files)) };
    const shared = services.shared.workspace;
    const documents: LangiumDocument[] = [];
    for (const [name, text] of ws.texts) {
        const uri = uriOf(ws, name);
        shared.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 1, text));
        const document = shared.LangiumDocumentFactory.fromString(text, uri);
        shared.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.DocumentBuilder.build(documents, { validation: true });
    return ws;
}

/** A token that says "cancelled" from its n-th look on: a build cancelled at a chosen point. */
export function cancelAfter(n: number): Cancellation.CancellationToken {
    let looks = 0;
    return {
        get isCancellationRequested() { return ++looks > n; },
        onCancellationRequested: () => ({ dispose() { /* nothing */ } })
    } as Cancellation.CancellationToken;
}

/** Sets new texts (undefined: the file is closed and gone) and runs one update. */
export async function apply(ws: Workspace, changes: Record<string, string | undefined>, token?: Cancellation.CancellationToken): Promise<boolean> {
    const shared = ws.services.shared.workspace;
    const changed: URI[] = [], deleted: URI[] = [];
    for (const [name, text] of Object.entries(changes)) {
        const uri = uriOf(ws, name);
        if (text === undefined) {
            shared.TextDocuments.delete(uri.toString());
            ws.texts.delete(name);
            deleted.push(uri);
        } else {
            const version = (shared.TextDocuments.get(uri.toString())?.version ?? 0) + 1;
            shared.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', version, text));
            ws.texts.set(name, text);
            changed.push(uri);
        }
    }
    try {
        await shared.DocumentBuilder.update(changed, deleted, token);
        return true;
    } catch (error) {
        if (token && isOperationCancelled(error)) return false;
        throw error;
    }
}

function norm(value: unknown, dir: string): unknown {
    return JSON.parse(JSON.stringify(value ?? null).split(dir).join('<dir>'));
}

function describeRef(r: ReferenceDescription, dir: string): string {
    return JSON.stringify(norm([r.sourceUri.toString(), r.sourcePath, r.targetUri.toString(), r.targetPath, r.segment, r.local], dir));
}

/** Everything about one file that an editor shows or asks the index. */
export function state(ws: Workspace, name: string): Record<string, unknown> {
    const services = ws.services;
    const uri = uriOf(ws, name);
    const document = services.shared.workspace.LangiumDocuments.getDocument(uri)!;
    const locator = services.workspace.AstNodeLocator;
    const index = services.shared.workspace.IndexManager;
    const exported = new Set(index.allElements().toArray());
    const links = referencesBelow(document.parseResult.value).map(({ reference, container, property, index: i }) => {
        const ref = reference as Reference;
        const target = ref.ref;
        const description = ref.$nodeDescription;
        const problems: string[] = [];
        if (target && description) {
            if (description.node !== target) problems.push('description of another node');
            if (description.path !== locator.getAstNodePath(target)) problems.push('description path is not the node\'s');
            const targetDoc = services.shared.workspace.LangiumDocuments.getDocument(description.documentUri);
            if (!targetDoc) problems.push('target document is gone');
            else {
                let root = target;
                while (root.$container) root = root.$container;
                if (root !== targetDoc.parseResult.value) problems.push('target is not in its document\'s current tree');
            }
            if (!description.name.includes('.') && !exported.has(description)) problems.push('description not in the index');
        }
        return norm([locator.getAstNodePath(container), property, i, ref.$refText, target && locator.getAstNodePath(target),
            description?.name, description?.documentUri.toString(), description?.nameSegment?.range, ref.error?.message, problems], ws.dir);
    });
    const refIndex = ((index as unknown as { referenceIndex: Map<string, ReferenceDescription[]> }).referenceIndex.get(uri.toString()) ?? [])
        .map(r => describeRef(r, ws.dir)).sort();
    const exports = index.allElements(undefined, new Set([uri.toString()])).toArray()
        .map(d => JSON.stringify(norm([d.name, d.type, d.path, d.nameSegment?.range, d.selectionSegment?.range, d.documentUri.toString()], ws.dir))).sort();
    return {
        diagnostics: [...document.diagnostics ?? []].map(d => JSON.stringify(norm(d, ws.dir))).sort(),
        links, refIndex, exports, state: document.state
    };
}

/**
 * Whether a global name (a platform, a vendor's member) is defined in two files of the workspace:
 * which one a reference gets then depends on the order the files entered the index (Langium's, a
 * matter of edit history), not on the texts.
 */
export function globalNameInTwoFiles(ws: Workspace): boolean {
    const files = new Map<string, string>();
    for (const d of ws.services.shared.workspace.IndexManager.allElements()) {
        if (!d.documentUri.toString().startsWith(ws.dir) || !(d.type === 'Platform' || d.name.includes('.'))) continue;
        const file = d.documentUri.toString();
        if ((files.get(d.name) ?? file) !== file) return true;
        files.set(d.name, file);
    }
    return false;
}

export async function assertLikeScratch(ws: Workspace, note: string): Promise<void> {
    const fresh = await (ws.scratch ??= new FromScratch()).build(services => openWorkspace(services, Object.fromEntries(ws.texts)),
        built => [...built.texts.keys()].map(name => uriOf(built, name).toString()));
    if (globalNameInTwoFiles(fresh)) return;
    for (const name of ws.texts.keys()) {
        const actual = state(ws, name);
        const expected = state(fresh, name);
        for (const key of Object.keys(expected)) {
            const a = actual[key], e = expected[key];
            let detail = '';
            if (Array.isArray(a) && Array.isArray(e)) {
                const sa = a.map(x => JSON.stringify(x)), se = e.map(x => JSON.stringify(x));
                detail = `only actual:\n${sa.filter(x => !se.includes(x)).join('\n')}\nonly expected:\n${se.filter(x => !sa.includes(x)).join('\n')}\n`;
            }
            assert.deepEqual(a, e, `${name}: ${key} differs from a from-scratch build (${note})\n${detail}`
                + [...ws.texts].map(([n, t]) => `--- ${n}\n${t}`).join('\n'));
        }
    }
}

export const CATALOG = `vendor acme "Acme" {
    component Web "Web server"
    component Db "Database"
    feature Fast "Fast mode"
    port AdminPort 8443 "Admin console"
}
`;

export const ZONES = `// zones shared by the plans
zone mgmt   10.10.0.0/24
zone prod   10.20.0.0/16
zone backup 10.30.0.0/24
zone dmz    10.40.0.0/24
zone lab    10.50.0.0/24
site main zones mgmt, prod, backup
site edge zones dmz, lab
`;

export const PLAN = `plan "Main"
import "zones.segplan"

vbr     : veeam.BackupServer in mgmt   at 10.10.0.10
w1      : acme.Web           in dmz    at 10.40.0.7
d1      : acme.Db            in prod   at 10.20.0.9
proxy   : veeam.Proxy        in backup at 10.30.0.21
repo    : veeam.Repository   in backup at 10.30.0.31
labvm   : infra.VmGuest      in lab    at 10.50.0.9 os linux

allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> repo tcp 6162, 6160
allow w1 -> d1 tcp 5432
allow labvm -> w1 tcp acme.AdminPort
use acme.Fast
allow w1 -> labvm tcp 22
`;

export const EDGE = `plan "Edge"
import "main.segplan"

e1 : acme.Web in lab at 10.50.0.20
allow e1 -> w1 tcp 443
allow e1 -> d1 tcp 5432
allow e1 -> vbr tcp 9392
`;
