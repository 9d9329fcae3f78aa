import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { FINDINGS_DOCUMENTATION, findingDocumentationUrl } from '../../language/validation/finding-documentation.js';

// Every finding code has a section in docs/findings.md, and every diagnostic links to its section.

function sources(folder: string): string[] {
    return readdirSync(folder).flatMap(name => {
        const full = path.join(folder, name);
        if (statSync(full).isDirectory()) return name === 'generated' || name.startsWith('generated-') ? [] : sources(full);
        return name.endsWith('.ts') ? [full] : [];
    });
}

/** The codes the source declares: exported kebab-case constants where findings are made, and literal codes. */
function declaredCodes(): Set<string> {
    const codes = new Set<string>();
    for (const file of ['analysis', 'checks', 'validation', 'workspace', 'lsp'].flatMap(f => sources(path.join(PROJECT_ROOT, 'language', f)))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/^export const [A-Z0-9_]+ = '([a-z][a-z0-9]*(?:-[a-z0-9]+)+)';/gm)) codes.add(m[1]);
        for (const m of text.matchAll(/\bcode: '([a-z][a-z0-9]*(?:-[a-z0-9]+)+)'/g)) codes.add(m[1]);
    }
    // Langium's own syntax and linking codes, and the audit's verdicts (`audit-${verdict}`, allowed makes none).
    for (const code of ['lexing-error', 'parsing-error', 'linking-error', 'audit-blocked', 'audit-partial', 'audit-unknown']) codes.add(code);
    return codes;
}

function documentedCodes(): string[] {
    return [...readFileSync(path.join(PROJECT_ROOT, 'docs', 'findings.md'), 'utf8').matchAll(/^### ([a-z0-9-]+)$/gm)].map(m => m[1]);
}

describe('finding documentation', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('docs/findings.md has one section per code SegPlan declares, and none for a code it does not', () => {
        const declared = declaredCodes();
        const documented = documentedCodes();
        assert.deepEqual([...declared].filter(c => !documented.includes(c)).sort(), [], 'codes without a section');
        assert.deepEqual(documented.filter(c => !declared.has(c)), [], 'sections for no code');
        assert.equal(new Set(documented).size, documented.length, 'a code documented twice');
    });

    it('links each finding into the repository package.json declares', () => {
        const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string } | string };
        const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
        assert.ok(url, 'package.json declares no repository');
        const repository = url.replace(/^git\+/, '').replace(/\.git$/, '');
        assert.equal(FINDINGS_DOCUMENTATION, `${repository}/blob/main/docs/findings.md`);
    });

    it('every diagnostic of the examples and of a broken plan links its code to its section', async () => {
        const documented = new Set(documentedCodes());
        const folder = path.join(PROJECT_ROOT, 'examples');
        const texts = readdirSync(folder).filter(f => f.endsWith('.segplan')).map(f => readFileSync(path.join(folder, f), 'utf8'));
        texts.push('plan "p"\nzone a 10.1.0.0/24\nzone b 10.1.0.0/24\nx : veeam.Nothing in a\nallow x -> a tcp 99999,\n');
        let seen = 0;
        for (const text of texts) {
            const document = await buildPlan(services, text);
            for (const d of document.diagnostics ?? []) {
                seen++;
                assert.ok(documented.has(String(d.code)), `${d.code} is not documented`);
                assert.deepEqual(d.codeDescription, { href: findingDocumentationUrl(String(d.code)) });
            }
        }
        assert.ok(seen > 50, `${seen} diagnostics`);
    });
});
