import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * The Vim syntax shipped in editors/vim colours a plan in Neovim without the language server's
 * semantic tokens (Neovim 0.7 has none): the file type is detected from `.segplan`, and keywords,
 * component types, addresses, host names, ports, dates, strings and comments each get their group.
 */

const PLAN = `plan "Colours"
zone mgmt 10.10.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
p : veeam.Proxy in mgmt at zone.corp.local, 10.10.0.11, 2fa.any.example os linux
allow vbr -> mgmt tcp 6162, 2500-3300 "why" until 2027-01-31  // note
`;

const EXPECTED: [string, string][] = [
    ['allow', 'segplanKeyword'], ['veeam.BackupServer', 'segplanType'], ['10.10.0.10', 'segplanAddress'], ['10.10.0.0/24', 'segplanAddress'],
    ['6162', 'segplanPort'], ['2500-3300', 'segplanPort'], ['tcp', 'segplanProtocol'], ['"why"', 'segplanString'],
    ['2027-01-31', 'segplanDate'], ['// note', 'segplanComment'], ['->', 'segplanArrow'], ['windows', 'segplanValue'],
    // A host name whose labels spell words of the language, or start with digits, is a host name.
    ['zone.corp.local', 'segplanHost'], ['10.10.0.11', 'segplanAddress'], ['2fa.any.example', 'segplanHost'], ['linux', 'segplanValue'], ['veeam.Proxy', 'segplanType']
];

describe('Vim syntax for Neovim without semantic tokens', function () {
    this.timeout(300000);

    it('detects .segplan files and colours each kind of token', function () {
        if (spawnSync('nvim', ['--version']).status !== 0) this.skip();
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-vim-'));
        try {
            const file = path.join(dir, 'colours.segplan');
            writeFileSync(file, PLAN);
            const lines = PLAN.split('\n');
            const positions = EXPECTED.map(([token]) => {
                const line = lines.findIndex(l => l.includes(token));
                return [line + 1, lines[line].indexOf(token) + 1];
            });
            const query = `echo json_encode([&filetype, map(${JSON.stringify(positions)}, 'synIDattr(synID(v:val[0], v:val[1], 1), "name")')])`;
            const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '--cmd', `set rtp^=${path.join(PROJECT_ROOT, 'editors', 'vim')}`,
                '-c', 'filetype on', '-c', 'syntax on', '-c', `edit ${file}`, '-c', query, '-c', 'qa!'], { encoding: 'utf8', timeout: 300000 });
            const [filetype, groups] = JSON.parse((run.stderr + run.stdout).trim().split('\n').pop()!) as [string, string[]];
            assert.equal(filetype, 'segplan');
            assert.deepEqual(EXPECTED.map(([token], i) => `${token} ${groups[i]}`), EXPECTED.map(([token, group]) => `${token} ${group}`));
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
