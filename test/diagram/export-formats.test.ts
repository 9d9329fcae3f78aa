// `segplan diagram` output checked by the real tools that read it: Graphviz's `dot` (Debian) for
// DOT, Mermaid's own renderer (npm, in headless Chromium) for Mermaid, Chromium's XML parser for SVG.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportDiagram, type DiagramFormat } from '../../language/diagram/plan-diagram.js';
import { buildPlanGraph } from '../../language/diagram/plan-graph.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const EXAMPLES = ['veeam-reference.segplan', 'veeam-mistakes.segplan', 'mixed-vendors.segplan', 'acronis-scenario-3-sensitive-data.segplan'];
const example = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'examples', name), 'utf8');

/** Names a plan and a user catalog may hold that each format treats as syntax. */
const HOSTILE_CATALOG = `vendor evil "Evil \\"vendor\\"" {
    component Box "Box \\"quoted\\" <b>#1</b> & {co} [x] |pipe| --> end" os linux
    flow Box -> Box tcp 7777 "test flow" source "none.txt" "none"
}`;
const HOSTILE_PLAN = `plan "Q \\"quoted\\" <script>alert(1)</script> & #35; |x| \\\\ end"
zone a 10.0.0.0/24
zone b 10.0.1.0/24
x : evil.Box in a at 10.0.0.1
y : evil.Box in b at 10.0.1.1
allow x -> y tcp 7777
`;

async function exportOf(text: string, format: DiagramFormat, extra: Record<string, string> = {}) {
    const services = await createTestServices();
    const [document] = await buildDocuments(services, { 'plan.segplan': text, ...extra });
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    return { text: await exportDiagram(analysis, analyzer.catalog(), format), graph: buildPlanGraph(analysis, analyzer.catalog()) };
}

function decodeXml(text: string): string {
    return text.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/&(quot|lt|gt|apos|amp);/g, (_, e: string) => ({ quot: '"', lt: '<', gt: '>', apos: "'", amp: '&' }[e]!));
}

function dot(text: string): { code: number | null; svg: string; stderr: string } {
    const run = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
    return { code: run.status, svg: run.stdout, stderr: run.stderr };
}

describe('plan diagram: export formats', function () {
    this.timeout(300000);

    it('is deterministic: the same plan gives the same bytes in every format, with fresh services', async () => {
        for (const format of ['svg', 'mermaid', 'dot'] as const) {
            const a = await exportOf(example('mixed-vendors.segplan'), format);
            const b = await exportOf(example('mixed-vendors.segplan'), format);
            assert.equal(a.text, b.text, format);
        }
    });

    describe('DOT, read by Graphviz', () => {
        before(function () {
            if (spawnSync('dot', ['-V']).status !== 0) throw new Error('Graphviz `dot` is not installed: run `bash scripts/setup-test-env.sh`');
        });
        for (const name of EXAMPLES) {
            it(`${name}: dot accepts it and draws every component and edge`, async () => {
                const { text, graph } = await exportOf(example(name), 'dot');
                const out = dot(text);
                assert.equal(out.code, 0, out.stderr);
                assert.equal((out.svg.match(/class="node"/g) ?? []).length, graph.components.length + graph.zones.filter(z => !graph.components.some(c => c.zone === z.id)).length);
                assert.equal((out.svg.match(/class="edge"/g) ?? []).length, graph.edges.length);
            });
        }
        it('keeps quotes, backslashes and angle brackets of plan and catalog texts as text', async () => {
            const { text } = await exportOf(HOSTILE_PLAN, 'dot', { 'evil.segplan': HOSTILE_CATALOG });
            const out = dot(text);
            assert.equal(out.code, 0, out.stderr);
            const texts = [...out.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(m => decodeXml(m[1]));
            assert.equal(texts.filter(t => t === 'Box "quoted" <b>#1</b> & {co} [x] |pipe| --> end').length, 2, texts.join('\n'));
            assert.ok(out.svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        });
    });

    describe('Mermaid and SVG, read by Mermaid and Chromium', () => {
        let browser: import('playwright-core').Browser;
        let page: import('playwright-core').Page;
        let tmp: string;
        before(async () => {
            if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM}: run \`bash scripts/setup-test-env.sh\``);
            const { chromium } = await import('playwright-core');
            tmp = mkdtempSync(path.join(tmpdir(), 'segplan-mermaid-'));
            browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
            page = await browser.newPage();
            await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
            await page.addScriptTag({ path: createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js') });
            await page.evaluate('mermaid.initialize({ startOnLoad: false, securityLevel: "strict", flowchart: { htmlLabels: false } })');
        });
        after(async () => {
            await browser?.close();
            if (tmp) rmSync(tmp, { recursive: true, force: true });
        });

        const render = async (text: string) => page.evaluate(`(async () => {
            try {
                const { svg } = await mermaid.render('g' + Math.random().toString(36).slice(2), ${JSON.stringify(text)});
                const classes = [...svg.matchAll(/class="([^"]*)"/g)].map(m => m[1].split(' '));
                return { ok: true, svg, edges: classes.filter(c => c.includes('flowchart-link')).length, nodes: classes.filter(c => c[0] === 'node').length };
            } catch (error) { return { ok: false, error: String(error && error.message || error) }; }
        })()`) as Promise<{ ok: boolean; svg?: string; edges?: number; nodes?: number; error?: string }>;

        for (const name of EXAMPLES) {
            it(`${name}: Mermaid renders it with every component and edge`, async () => {
                const { text, graph } = await exportOf(example(name), 'mermaid');
                const result = await render(text);
                assert.ok(result.ok, `${result.error}\n${text}`);
                assert.equal(result.edges, graph.edges.length);
                assert.equal(result.nodes, graph.components.length + graph.zones.filter(z => !graph.components.some(c => c.zone === z.id)).length);
            });
        }

        it('keeps hostile plan and catalog texts as text in Mermaid and SVG', async () => {
            const mermaid = await exportOf(HOSTILE_PLAN, 'mermaid', { 'evil.segplan': HOSTILE_CATALOG });
            const result = await render(mermaid.text);
            assert.ok(result.ok, `${result.error}\n${mermaid.text}`);
            assert.ok(result.svg!.includes('Box "quoted" &lt;b&gt;#1&lt;/b&gt; &amp; {co} [x] |pipe| --&gt; end') || result.svg!.includes('Box &quot;quoted&quot;'), result.svg!.slice(0, 3000));
            const svg = await exportOf(HOSTILE_PLAN, 'svg', { 'evil.segplan': HOSTILE_CATALOG });
            const parsed = await page.evaluate(`(() => {
                const doc = new DOMParser().parseFromString(${JSON.stringify(svg.text.replace(/^<\?xml[^>]*>\n/, ''))}, 'image/svg+xml');
                const error = doc.querySelector('parsererror');
                return { error: error ? error.textContent : '', scripts: doc.querySelectorAll('script').length, title: doc.querySelector('title').textContent,
                    types: [...doc.querySelectorAll('.component .type')].map(t => t.textContent) };
            })()`) as { error: string; scripts: number; title: string; types: string[] };
            assert.equal(parsed.error, '');
            assert.equal(parsed.scripts, 0);
            assert.match(parsed.title, /<script>alert\(1\)<\/script> & #35; \|x\| \\ end/);
            assert.deepEqual(parsed.types, ['Box "quoted" <b>#1</b> & {co} [x] |pipe| --> end', 'Box "quoted" <b>#1</b> & {co} [x] |pipe| --> end']);
        });
    });
});

describe('segplan diagram (CLI)', function () {
    this.timeout(300000);
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });

    it('writes SVG by default, Mermaid and DOT on request, to stdout or a file', () => {
        const svg = cli('diagram', 'examples/veeam-reference.segplan');
        assert.equal(svg.status, 0, svg.stderr);
        assert.match(svg.stdout, /^<\?xml[^]*<svg [^]*<\/svg>\n$/);
        assert.match(cli('diagram', 'examples/veeam-reference.segplan', '--format', 'mermaid').stdout, /^flowchart LR\n/);
        assert.match(cli('diagram', 'examples/veeam-reference.segplan', '--format=dot').stdout, /^digraph /);
        const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-diagram-'));
        try {
            const out = path.join(tmp, 'ref.svg');
            const run = cli('diagram', 'examples/veeam-reference.segplan', '-o', out);
            assert.equal(run.status, 0, run.stderr);
            assert.equal(run.stdout, '');
            assert.equal(readFileSync(out, 'utf8'), svg.stdout);
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });

    it('draws one zone with --zone and refuses an unknown zone, format or level with exit code 2', () => {
        const zone = cli('diagram', 'examples/veeam-reference.segplan', '--zone', 'backup', '--format', 'dot');
        assert.equal(zone.status, 0, zone.stderr);
        assert.match(zone.stdout, /cluster_zone:backup/);
        const unknown = cli('diagram', 'examples/veeam-reference.segplan', '--zone', 'nowhere');
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /no zone 'nowhere'\. Zones: .*backup/);
        assert.equal(cli('diagram', 'examples/veeam-reference.segplan', '--format', 'png').status, 2);
        assert.equal(cli('diagram', 'examples/veeam-reference.segplan', '--level', 'site').status, 2);
    });

    it('draws a plan with errors but says so on stderr', () => {
        const run = cli('diagram', 'examples/veeam-mistakes.segplan', '--format', 'mermaid');
        assert.equal(run.status, 0);
        assert.match(run.stderr, /warning: .*veeam-mistakes\.segplan has \d+ error\(s\)/);
    });
});
