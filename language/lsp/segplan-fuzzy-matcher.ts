import { DefaultFuzzyMatcher } from 'langium/lsp';

/**
 * Catalog names are qualified (`veeam.BackupServer`); an engineer types the part they know,
 * `Backup` or `backupserver`, so each dotted segment is matched on its own as well.
 */
export class SegplanFuzzyMatcher extends DefaultFuzzyMatcher {
    override match(query: string, text: string): boolean {
        if (super.match(query, text)) return true;
        const dot = text.indexOf('.');
        return dot >= 0 && text.split('.').some(segment => super.match(query, segment));
    }
}
