import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareText } from '../../language/utils/compare-text.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/** Every TypeScript source under a folder. */
function sources(folder: string): string[] {
    return readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter(name => name.endsWith('.ts')).map(name => path.join(folder, name));
}

describe('ordering that reaches rules and reports is the same on every machine', () => {
    it('compareText orders by code units, whatever the locale', () => {
        const names = ['y1', 'k1', 'i1', 'aa', 'b', 'B', 'z_1', 'z-1', 'z1', 'Ø', 'é'];
        assert.deepEqual([...names].sort(compareText), [...names].sort());
        assert.equal(compareText('a', 'a'), 0);
    });

    // The analysis, the emitters and the command line sort with compareText. The editor's own lists
    // (language/lsp) may follow the user's locale: they never reach a rule set or a report.
    it('no locale-dependent comparison outside the editor\'s lists', () => {
        const offending: string[] = [];
        for (const file of [...sources('language'), ...sources('cli'), ...sources('server')]) {
            if (file.startsWith(path.join('language', 'lsp'))) continue;
            readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n').forEach((line, i) => {
                if (/\blocaleCompare\s*\(|Intl\s*\.\s*Collator/.test(line)) offending.push(`${file}:${i + 1}: ${line.trim()}`);
            });
        }
        assert.deepEqual(offending, []);
    });
});
