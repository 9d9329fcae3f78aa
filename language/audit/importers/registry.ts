import { ciscoAsaImporter } from './cisco-asa.js';
import type { ConfigImporter } from './importer.js';
import { iptablesSaveImporter } from './iptables-save.js';
import { nftablesImporter } from './nftables.js';

/** Every configuration format the audit reads, in the order detection tries them. */
export const IMPORTERS: readonly ConfigImporter[] = [nftablesImporter, iptablesSaveImporter, ciscoAsaImporter];

export function findImporter(id: string): ConfigImporter | undefined {
    return IMPORTERS.find(i => i.id === id);
}

/** The importer whose format the text looks like, if exactly one does. */
export function detectImporter(text: string): ConfigImporter | undefined {
    return IMPORTERS.find(i => i.detect(text));
}
