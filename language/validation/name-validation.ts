import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import { Instance, isInstance, isSite, isVendor, isZone, Site, Zone, type SegplanDocument, type VendorMember, type Vendor } from '../generated/ast.js';
import { importClosure } from '../workspace/plan-imports.js';
import { PLAN_STATEMENTS } from '../workspace/plan-statements.js';

export const DUPLICATE_NAME = 'duplicate-name';

type Named = { name: string; $type: string };

function kindOf(node: Named): string {
    return isZone(node) ? 'zone' : isSite(node) ? 'site' : isInstance(node) ? 'component' : 'element';
}

/** The first zone or component, and the first site, of each name in one parsed file. */
interface FileNames {
    readonly endpoints: ReadonlyMap<string, Named>;
    readonly sites: ReadonlyMap<string, Named>;
}

/** Kept with the syntax tree: a re-parse makes a new tree, and nodes never change once parsed. */
const namesOfTree = new WeakMap<SegplanDocument, FileNames>();

/** The namespace an element's name goes into, or undefined when it names nothing there (or its name was left out by a syntax error, which says so). */
function namespaceOf(element: { $type: string; name?: unknown }): keyof FileNames | undefined {
    const type = element.$type;
    if (type !== Zone.$type && type !== Site.$type && type !== Instance.$type) return undefined;
    if (typeof element.name !== 'string') return undefined;
    return type === Site.$type ? 'sites' : 'endpoints';
}

function namesOf(root: SegplanDocument): FileNames {
    let names = namesOfTree.get(root);
    if (!names) {
        names = { endpoints: new Map<string, Named>(), sites: new Map<string, Named>() };
        const elements = root.elements ?? [];
        for (let e = 0; e < elements.length; e++) {
            const element = elements[e];
            const namespace = namespaceOf(element);
            const seen = namespace && names[namespace] as Map<string, Named>;
            if (seen && !seen.has((element as Named).name)) seen.set((element as Named).name, element as Named);
        }
        namesOfTree.set(root, names);
    }
    return names;
}

/**
 * Zones and components share one namespace (an allow rule may name either), sites have their own.
 * A name defined twice in a file, or defined again after an imported file defined it, is an error.
 * Only the file's own elements are reported; the imported files' names are read from a map per
 * file kept with its tree, so a plan importing 50 site files of 200 components each looks up its
 * own few names after an edit in one of them rather than going through 10,000.
 */
export function checkDuplicatePlanNames(document: LangiumDocument, documents: LangiumDocuments, accept: ValidationAcceptor): void {
    const imported = importClosure(document, documents).slice(1)
        .map(doc => ({ file: doc.uri.toString(), names: namesOf(doc.parseResult.value as SegplanDocument) }));
    const own = document.uri.toString();
    // The file's own first definitions: a later one is reported against it unless an imported file came first.
    const earlier = namesOf(document.parseResult.value as SegplanDocument);
    // Indexed loops: once per statement of the plan, where a for…of step allocates in code run for the first time.
    const elements = (document.parseResult.value as SegplanDocument).elements ?? [];
    for (let e = 0; e < elements.length; e++) {
        const element = elements[e];
        const namespace = namespaceOf(element);
        if (!namespace) continue;
        const named = element as Named;
        // Imported names come first, so the clash is reported in the importing file, at its own element.
        let previous: { node: Named; file: string } | undefined;
        for (let i = 0; i < imported.length; i++) {
            const { file, names } = imported[i];
            const node = names[namespace].get(named.name);
            if (node) { previous = { node, file }; break; }
        }
        if (!previous) {
            const first = earlier[namespace].get(named.name);
            if (first !== named) previous = first && { node: first, file: own };
        }
        if (previous) {
            const where = previous.file === own ? 'earlier in this file' : `in ${previous.file.split('/').pop()}`;
            // A name the file does not use yet, to offer: `esx2` for a second `esx`.
            let suggestion = '', n = 2;
            while (earlier[namespace].has(suggestion = `${named.name}${n}`) || imported.some(i => i.names[namespace].has(suggestion))) n++;
            accept('error', `The name '${named.name}' is already used by a ${kindOf(previous.node)} ${where}, so this ${kindOf(named)} is left out. `
                + `Zones and components need distinct names: rename one of them (for example to '${suggestion}').`,
            { node: element, property: 'name', code: DUPLICATE_NAME, data: { code: DUPLICATE_NAME } });
        }
    }
}

export function checkDuplicateVendorMembers(vendor: Vendor, accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const member of vendor.members as VendorMember[]) {
        if (!('name' in member)) continue;
        if (seen.has(member.name)) {
            accept('error', `Vendor ${vendor.name} already defines '${member.name}'.`,
                { node: member, property: 'name', code: DUPLICATE_NAME, data: { code: DUPLICATE_NAME } });
        }
        seen.add(member.name);
    }
}

export function checkDuplicateVendors(root: SegplanDocument, accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    // A plan's statements are told by their own type (plan-statements.ts): no type guard for each of its thousands.
    for (const vendor of (root.elements ?? []).filter((e): e is Vendor => !PLAN_STATEMENTS.has(e.$type) && isVendor(e))) {
        if (seen.has(vendor.name)) {
            accept('error', `Vendor '${vendor.name}' is defined twice in this file.`, { node: vendor, property: 'name', code: DUPLICATE_NAME, data: { code: DUPLICATE_NAME } });
        }
        seen.add(vendor.name);
    }
}
