import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// `npm run lint` is the formatter's check: ESLint Stylistic, over every TypeScript file in git.
describe('npm run lint: the formatter', function () {
    this.timeout(300000);
    const eslint = new ESLint({ cwd: PROJECT_ROOT });

    it('covers every TypeScript file git tracks', async () => {
        const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
        assert.ok(files.length > 100, files.join('\n'));
        const ignored: string[] = [];
        for (const file of files) if (await eslint.isPathIgnored(file)) ignored.push(file);
        assert.deepEqual(ignored, []);
    });

    it('refuses TypeScript laid out otherwise, wherever it is', async () => {
        const misformatted = 'export const a = {  b : "x" ,c:1 }\nexport function f(){\n  return a\n}\n';
        for (const filePath of ['language/emit/example.ts', 'cli/example.ts', 'test/emit/example.test.ts', 'client/diagram-view/example.ts', 'bench/example.ts']) {
            const [result] = await eslint.lintText(misformatted, { filePath });
            const rules = new Set(result.messages.map(m => m.ruleId));
            for (const rule of ['@stylistic/indent', '@stylistic/quotes', '@stylistic/semi', '@stylistic/key-spacing', '@stylistic/comma-spacing', '@stylistic/space-before-blocks']) {
                assert.ok(rules.has(rule), `${filePath}: ${rule} not reported; reported: ${[...rules].join(', ')}`);
            }
        }
    });
});
