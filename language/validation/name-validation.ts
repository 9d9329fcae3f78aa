import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import { Instance, isInstance, isSite, isVendor, isZone, Site, Zone, type SegplanDocument, type VendorMember, type Vendor } from '../generated/ast.js';
import { importClosure } from '../workspace/plan-imports.js';

export const DUPLICATE_NAME = 'duplicate-name';

type Named = { name: string; $type: string };

function kindOf(node: Named): string {
    return isZone(node) ? 'zone' : isSite(node) ? 'site' : isInstance(node) ? 'component' : 'element';
}

/**
 * Zones and components share one namespace (an allow rule may name either), sites have their own.
 * A name defined twice in a file, or defined again after an imported file defined it, is an error.
 */
export function checkDuplicatePlanNames(document: LangiumDocument, documents: LangiumDocuments, accept: ValidationAcceptor): void {
    // Sites have their own namespace; one map each, so no key is built per name (a plan of 10,000 components is checked after every edit).
    const sites = new Map<string, { node: Named; file: string }>();
    const endpoints = new Map<string, { node: Named; file: string }>();
    const docs = importClosure(document, documents);
    // Imported names first, so the clash is reported in the importing file, at its own element.
    for (const doc of [...docs.slice(1), docs[0]]) {
        const file = doc.uri.toString();
        for (const element of (doc.parseResult.value as SegplanDocument).elements ?? []) {
            const type = element.$type;
            if (type !== Zone.$type && type !== Site.$type && type !== Instance.$type) continue;
            const named = element as Named;
            const seen = type === Site.$type ? sites : endpoints;
            const previous = seen.get(named.name);
            if (previous && doc === document) {
                const where = previous.file === file ? 'earlier in this file' : `in ${previous.file.split('/').pop()}`;
                accept('error', `The name '${named.name}' is already used by a ${kindOf(previous.node)} ${where}. Zones and components need distinct names.`,
                    { node: element, property: 'name', code: DUPLICATE_NAME, data: { code: DUPLICATE_NAME } });
            } else if (!previous) {
                seen.set(named.name, { node: named, file });
            }
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
    for (const vendor of (root.elements ?? []).filter(isVendor)) {
        if (seen.has(vendor.name)) {
            accept('error', `Vendor '${vendor.name}' is defined twice in this file.`, { node: vendor, property: 'name', code: DUPLICATE_NAME, data: { code: DUPLICATE_NAME } });
        }
        seen.add(vendor.name);
    }
}
