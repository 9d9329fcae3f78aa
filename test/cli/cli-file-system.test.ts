import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { CliFileSystemProvider } from '../../cli/cli-file-system.js';

// The CLI reads files synchronously behind the provider's promises: what it answers, and how it
// fails, must be what Langium's provider answers.
describe('the CLI\'s file system provider', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cli-fs-'));
    writeFileSync(path.join(dir, 'a.segplan'), 'plan "a"\n');
    mkdirSync(path.join(dir, 'sub'));
    const cli = new CliFileSystemProvider(), node = new NodeFileSystemProvider();
    const uri = (name: string) => URI.file(path.join(dir, name));

    it('answers as Langium\'s provider does', async () => {
        assert.equal(await cli.readFile(uri('a.segplan')), await node.readFile(uri('a.segplan')));
        assert.deepEqual([...await cli.readBinary(uri('a.segplan'))], [...await node.readBinary(uri('a.segplan'))]);
        const shape = (n: { isFile: boolean; isDirectory: boolean; uri: URI }) => [n.uri.toString(), n.isFile, n.isDirectory];
        assert.deepEqual(shape(await cli.stat(uri('sub'))), shape(await node.stat(uri('sub'))));
        assert.deepEqual((await cli.readDirectory(URI.file(dir))).map(shape).sort(), (await node.readDirectory(URI.file(dir))).map(shape).sort());
        assert.equal(await cli.exists(uri('missing')), false);
        assert.equal(await cli.exists(uri('a.segplan')), true);
    });

    it('fails as Langium\'s provider does: a rejected promise with Node\'s error, never a throw', async () => {
        for (const read of ['readFile', 'readBinary', 'stat', 'readDirectory'] as const) {
            const theirs = await node[read](uri('missing')).then(() => undefined, (e: NodeJS.ErrnoException) => e.code);
            let pending: Promise<unknown> | undefined;
            assert.doesNotThrow(() => { pending = cli[read](uri('missing')); }, read);
            await assert.rejects(pending!, (e: NodeJS.ErrnoException) => e.code === theirs && theirs === 'ENOENT', read);
        }
    });
});
