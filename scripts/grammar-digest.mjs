// A fingerprint of the grammar and the Langium version a bundle is built with. The CLI uses the
// built-in catalogs' precompiled trees only when they were made for the same fingerprint.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function grammarDigest(root = new URL('..', import.meta.url)) {
    return createHash('sha256')
        .update(readFileSync(new URL('language/segplan.langium', root)))
        .update(JSON.parse(readFileSync(new URL('node_modules/langium/package.json', root), 'utf8')).version)
        .digest('hex').slice(0, 16);
}
