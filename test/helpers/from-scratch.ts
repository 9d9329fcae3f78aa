import * as assert from 'node:assert/strict';
import { URI } from 'langium';
import { createTestServices } from './services.js';
import { isBuiltinUri } from '../../language/workspace/builtin-catalogs.js';
import type { SegplanServices } from '../../language/segplan-module.js';

/**
 * Where the incremental-editing reviews build a session's texts from scratch, to compare with
 * what the session's edits left: services of its own that hold nothing but the built-in
 * catalogs and the files of the last comparison. Fresh services for every comparison cost more
 * than the comparison (the parser is made anew, the catalogs revived), so one session's
 * comparisons share them, and before each build the files of the last one are deleted: the build
 * parses, links and validates every file anew. Nothing a build of other files reads survives a
 * file's deletion: the statement checks' reports are kept with syntax nodes, which a fresh parse
 * makes anew, and the workspace caches are cleared by the deletion. Each build checks that the
 * workspace holds no file of an earlier one.
 */
export class FromScratch {
    private services?: SegplanServices;
    private last: URI[] = [];

    /** Opens and builds the texts with `open` in the emptied services; `urisOf` names the files it made. */
    async build<T>(open: (services: SegplanServices) => Promise<T>, urisOf: (built: T) => readonly string[]): Promise<T> {
        const services = this.services ??= await createTestServices();
        const workspace = services.shared.workspace;
        if (this.last.length > 0) {
            for (const uri of this.last) workspace.TextDocuments.delete(uri);
            await workspace.DocumentBuilder.update([], this.last);
        }
        const built = await open(services);
        const uris = [...urisOf(built)].sort();
        this.last = uris.map(uri => URI.parse(uri));
        const held = workspace.LangiumDocuments.all.filter(d => !isBuiltinUri(d.uri)).map(d => d.uri.toString()).toArray().sort();
        assert.deepEqual(held, uris, 'the from-scratch workspace holds files of an earlier comparison');
        return built;
    }
}
