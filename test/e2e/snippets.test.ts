// The snippets in snippets/segplan.json, expanded with their default values the way VS Code
// inserts them, must be valid SegPlan: a snippet that inserts a syntax error teaches the wrong thing.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

interface Snippet { readonly prefix: string; readonly body: string[]; readonly description: string }

/** Expands placeholders to their defaults, choices to their first option, variables to today. */
export function expandSnippet(body: string[]): string {
    const today = new Date();
    const variables: Record<string, string> = {
        CURRENT_YEAR: String(today.getFullYear()),
        CURRENT_MONTH: String(today.getMonth() + 1).padStart(2, '0'),
        CURRENT_DATE: String(today.getDate()).padStart(2, '0')
    };
    const values = new Map<string, string>();
    let text = body.join('\n').replace(/\$\{([A-Z_]+)\}|\$([A-Z_]+)/g, (all, braced?: string, bare?: string) => variables[braced ?? bare ?? ''] ?? all);
    // Innermost first: `${5: os ${6|windows,linux|}}` holds a choice.
    for (let previous = ''; previous !== text;) {
        previous = text;
        text = text
            .replace(/\$\{(\d+)\|([^|}]*)\|\}/g, (_, n: string, options: string) => { values.set(n, options.split(',')[0]); return values.get(n)!; })
            .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, value: string) => { values.set(n, value); return value; });
    }
    return text.replace(/\$(\d+)/g, (_, n: string) => values.get(n) ?? '');
}

describe('snippets/segplan.json', () => {
    const snippets = JSON.parse(readFileSync(resolve('snippets/segplan.json'), 'utf8')) as Record<string, Snippet>;
    let services: SegplanServices;

    before(async () => {
        services = await createTestServices();
    });

    it('has the plan skeleton, zone, component and allow rule snippets', () => {
        const prefixes = Object.values(snippets).map((s) => s.prefix);
        for (const prefix of ['plan', 'zone', 'component', 'allow']) assert.ok(prefixes.includes(prefix), `no "${prefix}" snippet`);
    });

    it('the plan skeleton expands to a plan without errors', async () => {
        const skeleton = Object.values(snippets).find((s) => s.prefix === 'plan')!;
        const document = await buildPlan(services, expandSnippet(skeleton.body));
        const problems = diagnosticSummary(document).filter((d) => d.includes(':error:'));
        assert.deepStrictEqual(problems, [], expandSnippet(skeleton.body));
    });

    for (const [name, snippet] of Object.entries(snippets)) {
        it(`"${name}" expands to text the parser accepts`, async () => {
            const text = expandSnippet(snippet.body);
            // Component and rule snippets refer to zones and components a plan would declare.
            const context = 'zone mgmt 10.0.0.0/24\nvbr: veeam.BackupServer in mgmt at 10.0.0.10\n'
                + 'vcenter: vmware.VCenter in mgmt at 10.0.0.5\nrepo: veeam.Repository in mgmt at 10.0.0.20\n';
            const document = await buildPlan(services, `${/^plan\b/.test(text) ? '' : 'plan "P"\n'}${text.startsWith('plan') ? '' : context}${text}\n`);
            assert.deepStrictEqual(document.parseResult.lexerErrors.map((e) => e.message), [], text);
            assert.deepStrictEqual(document.parseResult.parserErrors.map((e) => e.message), [], text);
        });
    }

    it('expands nested placeholders, choices and mirrors as VS Code does', () => {
        assert.strictEqual(expandSnippet(['${1:a}: ${2:t}${3: os ${4|windows,linux|}} $1$0']), 'a: t os windows a');
        assert.match(expandSnippet(['until ${6:$CURRENT_YEAR-${CURRENT_MONTH}-$CURRENT_DATE}']), /^until \d{4}-\d{2}-\d{2}$/);
    });
});
