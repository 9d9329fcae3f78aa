import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// The examples are the first files a user opens: a command their comments suggest is one that
// runs in the clone as the README writes it (`npx segplan` outside the clone would ask the npm
// registry for a package of that name).
function suggestedCommands(): { file: string; command: string }[] {
    const folder = path.join(PROJECT_ROOT, 'examples');
    return readdirSync(folder).filter(n => n.endsWith('.segplan')).flatMap(name =>
        [...readFileSync(path.join(folder, name), 'utf8').matchAll(/^\/\/\s+((?:npx\s+)?\S*segplan\S*\s+(?:check|generate|flows|explain|diagram|verify|audit|diff)\b.*)$/gm)]
            .map(m => ({ file: name, command: m[1].trim() })));
}

describe('commands the examples suggest', () => {
    it('are written as the README writes them and run from the clone', () => {
        const commands = suggestedCommands();
        assert.ok(commands.length > 0, 'the examples suggest no command');
        for (const { file, command } of commands) {
            const [program, ...args] = command.split(/\s+/);
            assert.equal(program, './bin/segplan.cjs', `${file}: ${command}`);
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, program), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
            assert.ok(run.status === 0 || run.status === 1, `${file}: ${command} exited ${run.status}\n${run.stderr}`);
        }
    });
});
