import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic, InlayHint } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { createTestServices } from '../helpers/services.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { analysisFor } from '../../language/lsp/plan-facts.js';
import { codeOf, open } from './lsp-test-kit.js';

// One syntax error must not hide findings: the parser reads on at the next statement, the error is
// shown on the line that is broken, and every required flow the coverage summary and the inlay
// hints count as not allowed is named by a finding.

const ZONES = ['zone mgmt   10.10.0.0/24', 'zone prod   10.20.0.0/16', 'zone backup 10.30.0.0/24'];
const COMPONENTS = [
    'vbr     : veeam.BackupServer in mgmt   at 10.10.0.10',
    'vcenter : vmware.VCenter     in prod   at 10.20.0.5',
    'esx     : vmware.EsxiHost    in prod   at 10.20.1.0/28',
    'proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere',
    'repo    : veeam.Repository   in backup at 10.30.0.31 os windows'
];
const NAMES = ['vbr', 'vcenter', 'esx', 'proxy', 'repo'];
const PORTS = ['443', '902', '6160', '6162', '2500-3300', '135', '445', '22', '10006'];

type Random = () => number;
const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)];

/** A well-formed plan: the zones, the components and a few allow rules, components and rules mixed. */
function randomPlan(next: Random): string[] {
    const statements = [...COMPONENTS];
    const rules = 2 + Math.floor(next() * 5);
    for (let i = 0; i < rules; i++) {
        const source = pick(next, NAMES);
        const destination = pick(next, NAMES.filter(n => n !== source));
        const ports = [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(next, PORTS)))];
        const description = next() < 0.3 ? ' "needed"' : '';
        statements.push(`allow ${source} -> ${destination} ${pick(next, ['tcp', 'tcp', 'udp'])} ${ports.join(', ')}${description}`);
    }
    // Components may follow rules: a broken rule above a component must not take its name.
    for (let i = statements.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [statements[i], statements[j]] = [statements[j], statements[i]];
    }
    return ['plan "Random"', '', ...ZONES, '', ...statements];
}

/** The words of a line: strings, `->`, `,` and `:` alone, the rest split at white space. */
function words(line: string): string[] {
    return line.match(/"[^"]*"|->|[,:]|[^\s,:"]+/g) ?? [];
}

/** One corruption of one line: a word deleted, the line cut short, a word doubled, or a stray `,`/`:`. */
function corrupt(next: Random, line: string): string {
    const w = words(line);
    const at = Math.floor(next() * w.length);
    switch (pick(next, ['delete', 'cut', 'double', 'stray'])) {
        case 'delete': return w.filter((_, i) => i !== at).join(' ');
        case 'cut': return w.slice(0, Math.max(1, at)).join(' ');
        case 'double': return [...w.slice(0, at + 1), w[at], ...w.slice(at + 1)].join(' ');
        default: return [...w.slice(0, at + 1), pick(next, [',', ':', '->']), ...w.slice(at + 1)].join(' ');
    }
}

describe('a plan with one broken line', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function hintsOf(document: LangiumDocument): Promise<InlayHint[]> {
        const lines = document.textDocument.lineCount;
        return await services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } }
        }) ?? [];
    }

    /** The flows (`source|destination|purpose`) the missing-flow and partial-flow findings name. */
    function namedFlows(diagnostics: readonly Diagnostic[]): Set<string> {
        const named = new Set<string>();
        for (const d of diagnostics) {
            if (!['missing-flow', 'partial-flow'].includes(codeOf(d))) continue;
            const data = d.data as { source: string; destination: string; purpose: string; flows?: { source: string; destination: string; purpose: string }[] };
            for (const f of data.flows?.length ? data.flows : [data]) named.add(`${f.source}|${f.destination}|${f.purpose}`);
        }
        return named;
    }

    it('an unfinished rule: the error at its end, the rule and the component below it read', async () => {
        const text = [
            'plan "Branch"', 'zone mgmt 10.10.0.0/24', 'zone backup 10.30.0.0/24',
            'vbr : veeam.BackupServer in mgmt at 10.10.0.10',
            'allow vbr -> proxy tcp 6160, 6162,',
            'proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere',
            'allow vbr -> repo tcp 6162, 6160',
            'repo : veeam.Repository in backup at 10.30.0.31 os windows'
        ].join('\n');
        const document = await open(services, text);
        const diagnostics = document.diagnostics ?? [];
        const syntax = diagnostics.filter(d => codeOf(d) === 'parsing-error');
        assert.deepEqual(syntax.map(d => [d.range.start, String(d.message)]), [[{ line: 4, character: 34 }, "Expected a first port such as '9082+', a number, a port range such as 2500-3300 or a name here, but the line ends here."]]);
        assert.ok(!diagnostics.some(d => codeOf(d) === 'unknown-name'), 'proxy is read as a component');
        // The rule below the broken one is read: its missing ports are a finding on its line.
        assert.ok(diagnostics.some(d => d.range.start.line === 6 && codeOf(d) === 'missing-flow'), JSON.stringify(diagnostics.map(d => [d.range.start.line, codeOf(d)])));
    });

    it('a rule whose `until` lacks its date does not take the rule on the next line with it', async () => {
        const text = [
            'plan "Branch"', 'zone mgmt 10.10.0.0/24', 'zone backup 10.30.0.0/24',
            'vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows',
            'dc1 : microsoft.DomainController in mgmt at 10.10.0.20',
            'proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere',
            'allow vbr -> dc1 tcp until',
            'allow vbr -> proxy tcp 6160, 6162'
        ].join('\n');
        const document = await open(services, text);
        const diagnostics = document.diagnostics ?? [];
        assert.deepEqual(diagnostics.filter(d => codeOf(d) === 'parsing-error').map(d => d.range.start.line), [6]);
        // 6160 and 6162 are allowed by the rule below the broken one: what is still missing is the rest.
        const blocked = diagnostics.filter(d => codeOf(d) === 'missing-flow' || codeOf(d) === 'partial-flow')
            .flatMap(d => { const data = d.data as { destination: string; ports: string; flows?: { destination: string; ports: string }[] }; return data.flows?.length ? data.flows : [data]; })
            .filter(f => f.destination === 'proxy').map(f => f.ports);
        assert.ok(blocked.length > 0 && !blocked.some(p => /\b616[02]\b/.test(p)), JSON.stringify(blocked));
    });

    it('reports the error on the broken line, and names every flow the summary and the hints count as blocked (fast-check, seed 3501)', async () => {
        let withErrors = 0;
        await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async seed => {
            const next = mulberry32(seed);
            const lines = randomPlan(next);
            const statementLines = lines.map((l, i) => (l.trim() ? i : -1)).filter(i => i > 0);
            const broken = pick(next, statementLines);
            lines[broken] = corrupt(next, lines[broken]);
            const text = `${lines.join('\n')}\n`;
            const document = await open(services, text);
            const diagnostics = document.diagnostics ?? [];
            const context = `line ${broken + 1} in\n${text}\n${JSON.stringify(diagnostics.map(d => [d.range.start.line + 1, codeOf(d), d.message]), null, 1)}`;

            const syntax = diagnostics.filter(d => ['parsing-error', 'lexing-error'].includes(codeOf(d)));
            if (syntax.length > 0) withErrors++;
            for (const d of syntax) assert.equal(d.range.start.line, broken, `a syntax error off the broken line: ${context}`);

            const analysis = analysisFor(services.analysis.PlanAnalyzer, document)!;
            const named = namedFlows(diagnostics);
            for (const result of analysis.flows) {
                if (!result.flow.required || !result.flow.crossesZones || (result.status !== 'missing' && result.status !== 'partial')) continue;
                const key = `${result.flow.source.name}|${result.flow.destination.name}|${result.flow.purpose}`;
                assert.ok(named.has(key), `counted as blocked but named by no finding: ${key}: ${context}`);
            }
            // A component whose hint counts a flow not allowed is named by a finding.
            const findingLines = new Set(diagnostics.filter(d => ['missing-flow', 'partial-flow'].includes(codeOf(d))).map(d => d.data as { source: string; destination: string }).flatMap(d => [d.source, d.destination]));
            for (const hint of await hintsOf(document)) {
                const counted = /‹(\d+)\/(\d+) flows allowed›/.exec(String(hint.label));
                if (!counted || counted[1] === counted[2]) continue;
                const name = /^\s*([\w-]+)/.exec(document.textDocument.getText({ start: { line: hint.position.line, character: 0 }, end: hint.position }))?.[1];
                assert.ok(name && findingLines.has(name), `${name}'s hint counts blocked flows no finding names: ${context}`);
            }
        }), { seed: 3501, numRuns: 120 });
        assert.ok(withErrors > 80, `${withErrors} of 120 corruptions gave a syntax error`);
    });
});
