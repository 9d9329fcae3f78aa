import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `npm test` builds only when out/ is not the complete build of the sources as they are. Run on a
 * small git checkout of its own: fresh right after a build, stale after any change to what git
 * tracks or would track, to out/, or when a build was cut short.
 */
describe('npm test builds unless out/ is the complete build of the sources', () => {
    let root: string;
    const stamp = (command: string) => spawnSync(process.execPath, [path.join(root, 'scripts', 'build-stamp.mjs'), command], { cwd: root, encoding: 'utf8' }).status;
    const build = () => {
        assert.equal(stamp('begin'), 0);
        writeFileSync(path.join(root, 'out', 'main.js'), `// built from ${readFileSync(path.join(root, 'main.ts'), 'utf8')}`);
        assert.equal(stamp('end'), 0);
    };

    beforeEach(() => {
        root = mkdtempSync(path.join(tmpdir(), 'segplan-stamp-'));
        mkdirSync(path.join(root, 'scripts'));
        cpSync(path.join(PROJECT_ROOT, 'scripts', 'build-stamp.mjs'), path.join(root, 'scripts', 'build-stamp.mjs'));
        writeFileSync(path.join(root, '.gitignore'), 'out/\n');
        writeFileSync(path.join(root, 'main.ts'), 'export const a = 1;\n');
        execFileSync('git', ['init', '-q'], { cwd: root });
        execFileSync('git', ['add', '.'], { cwd: root });
    });

    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('never built: stale; built: fresh', () => {
        assert.equal(stamp('fresh'), 1);
        build();
        assert.equal(stamp('fresh'), 0);
    });

    it('a tracked file changed, or a new file not ignored: stale', () => {
        build();
        appendFileSync(path.join(root, 'main.ts'), '// edited\n');
        assert.equal(stamp('fresh'), 1);
        build();
        writeFileSync(path.join(root, 'extra.ts'), 'export const b = 2;\n');
        assert.equal(stamp('fresh'), 1);
    });

    it('out/ changed after the build: stale', () => {
        build();
        appendFileSync(path.join(root, 'out', 'main.js'), '// by hand\n');
        assert.equal(stamp('fresh'), 1);
        build();
        rmSync(path.join(root, 'out', 'main.js'));
        assert.equal(stamp('fresh'), 1);
    });

    it('a build cut short, after a complete one: stale', () => {
        build();
        assert.equal(stamp('begin'), 0);
        assert.equal(stamp('fresh'), 1);
    });

    it('outside a git checkout: never fresh', () => {
        build();
        rmSync(path.join(root, '.git'), { recursive: true, force: true });
        build();
        assert.equal(stamp('fresh'), 1);
    });
});
