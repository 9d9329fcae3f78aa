import * as assert from 'node:assert/strict';
import { checkWithCli } from '../helpers/cli-check.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// The parser reads a host name's labels as one word whatever lies between them, so `backup . corp`
// came out as backup.corp without a word: a line half-edited must be said, not guessed.
describe('a host name written with spaces', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function errorsOf(at: string) {
        const [document] = await buildDocuments(services, {
            'plan.segplan': `plan "p"\nzone backup 10.20.0.0/24\nrepo : veeam.Repository in backup at ${at} os linux\n`
        });
        return (document.diagnostics ?? []).filter(d => d.severity === 1).map(d => ({ code: String(d.code), line: d.range.start.line, from: d.range.start.character, to: d.range.end.character, message: String(d.message) }));
    }

    for (const [written, joined] of [['backup . corp', 'backup.corp'], ['files.corp .local', 'files.corp.local'], ['db./* old */corp', 'db.corp'], ['10.20.0.5, nas .example', 'nas.example']] as const) {
        it(`'${written}' is an error at the host name, never read as ${joined}`, async () => {
            const errors = await errorsOf(written);
            const spaced = errors.filter(e => e.code === 'host-name-with-spaces');
            assert.equal(spaced.length, 1, JSON.stringify(errors));
            assert.match(spaced[0].message, new RegExp(`not read as '${joined.replace(/\./g, '\\.')}'`));
            const column = `repo : veeam.Repository in backup at ${written}`.indexOf(written.split(', ').pop()!);
            assert.deepEqual([spaced[0].line, spaced[0].from], [2, column]);
        });
    }

    it('the command line, whose parser reads plans without the grammar, says the same at the same place', () => {
        const run = checkWithCli('plan.segplan', 'plan "p"\nzone backup 10.20.0.0/24\nrepo : veeam.Repository in backup at backup . corp os linux\n');
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stdout, /plan\.segplan:3:38 error host-name-with-spaces .*'backup \. corp' is not read as 'backup\.corp'/);
    });

    it('a host name written as one word is no error', async () => {
        assert.deepEqual(await errorsOf('backup.corp, nas-1.example.com'), []);
    });
});
