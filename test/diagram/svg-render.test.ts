// The exported SVG as a reader sees it: rendered by headless Chromium (Debian's), measured there
// with the browser's own text metrics, and kept as PNG artefacts in .vscode-test/diagram/ to look at.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportDiagram } from '../../language/diagram/plan-diagram.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTEFACTS = path.join(PROJECT_ROOT, '.vscode-test', 'diagram');

interface Measured {
    components: { id: string; box: Box; texts: Box[] }[];
    containers: { id: string; box: Box; title: Box }[];
    edges: { id: string; source: string; target: string; start: Pt; end: Pt; label?: Box }[];
}
interface Box { x: number; y: number; width: number; height: number }
interface Pt { x: number; y: number }

/** Runs in the page (plain JS: the tests compile without the DOM library): boxes in SVG coordinates. */
const MEASURE = `(() => {
    const boxOf = e => { const b = e.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
    const components = [...document.querySelectorAll('g.component')].map(g => ({
        id: g.dataset.id, box: boxOf(g.querySelector('rect')), texts: [...g.querySelectorAll('text')].map(boxOf)
    }));
    const containers = [...document.querySelectorAll('g.container')].map(g => ({
        id: g.dataset.id, box: boxOf(g.querySelector('rect')), title: boxOf(g.querySelector('text.title'))
    }));
    const edges = [...document.querySelectorAll('g.edge[data-id]')].map(g => {
        const line = g.querySelector('path.line');
        const start = line.getPointAtLength(0), end = line.getPointAtLength(line.getTotalLength());
        const label = g.querySelector('rect.label-bg');
        return { id: g.dataset.id, source: g.dataset.source, target: g.dataset.target,
            start: { x: start.x, y: start.y }, end: { x: end.x, y: end.y }, label: label ? boxOf(label) : undefined };
    });
    return { components, containers, edges };
})()`;

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (inner: Box, outer: Box, slack = 0.5) => inner.x >= outer.x - slack && inner.y >= outer.y - slack
    && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
/** A point on a box's border (the arrowhead's tip may stop a pixel or two short of it). */
const onBorder = (p: Pt, b: Box, slack = 2.5) => {
    const inX = p.x >= b.x - slack && p.x <= b.x + b.width + slack, inY = p.y >= b.y - slack && p.y <= b.y + b.height + slack;
    const nearX = Math.abs(p.x - b.x) <= slack || Math.abs(p.x - b.x - b.width) <= slack;
    const nearY = Math.abs(p.y - b.y) <= slack || Math.abs(p.y - b.y - b.height) <= slack;
    return (inX && nearY) || (inY && nearX);
};

describe('plan diagram: the exported SVG rendered by Chromium', function () {
    this.timeout(300000);
    const plans = ['veeam-reference.segplan', 'veeam-mistakes.segplan', 'mixed-vendors.segplan', 'zerto-msp-icdr.segplan'];
    let browser: import('playwright-core').Browser;
    let tmp: string;

    before(async function () {
        if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM}: run \`bash scripts/setup-test-env.sh\``);
        const { chromium } = await import('playwright-core');
        tmp = mkdtempSync(path.join(tmpdir(), 'segplan-svg-'));
        browser = await chromium.launch({
            executablePath: CHROMIUM, headless: true,
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
        });
        mkdirSync(ARTEFACTS, { recursive: true });
    });
    after(async () => {
        await browser?.close();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    for (const plan of plans) {
        for (const theme of ['light', 'dark'] as const) {
            it(`${plan} (${theme}): no overlapping components, text inside its box, every edge from border to border`, async () => {
                const services = await createTestServices();
                const document = await buildPlan(services, readFileSync(path.join(PROJECT_ROOT, 'examples', plan), 'utf8'));
                const analyzer = services.analysis.PlanAnalyzer;
                const svg = await exportDiagram(analyzer.analysis(document), analyzer.catalog(), 'svg', { theme });
                const file = path.join(tmp, `${plan}.${theme}.svg`);
                writeFileSync(file, svg);
                const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
                try {
                    await page.goto(`file://${file}`);
                    const m = await page.evaluate(MEASURE) as Measured;
                    assert.ok(m.components.length > 0, 'no components drawn');
                    for (let i = 0; i < m.components.length; i++) {
                        for (let j = i + 1; j < m.components.length; j++) {
                            assert.ok(!overlap(m.components[i].box, m.components[j].box), `${m.components[i].id} overlaps ${m.components[j].id}`);
                        }
                        for (const t of m.components[i].texts) assert.ok(within(t, m.components[i].box), `text of ${m.components[i].id} sticks out of its box`);
                    }
                    for (const c of m.containers) assert.ok(within(c.title, c.box), `title of ${c.id} sticks out of its box`);
                    const boxes = new Map([...m.components, ...m.containers].map(x => [x.id, x.box]));
                    for (const e of m.edges) {
                        assert.ok(onBorder(e.start, boxes.get(e.source)!), `${e.id} does not start on ${e.source}: ${JSON.stringify(e.start)} ${JSON.stringify(boxes.get(e.source))}`);
                        assert.ok(onBorder(e.end, boxes.get(e.target)!), `${e.id} does not end on ${e.target}: ${JSON.stringify(e.end)} ${JSON.stringify(boxes.get(e.target))}`);
                    }
                    for (const e of m.edges) {
                        if (!e.label) continue;
                        for (const c of m.components) assert.ok(!overlap(e.label, c.box), `the label of ${e.id} covers ${c.id}`);
                    }
                    const size = await page.evaluate('[document.documentElement.width.baseVal.value, document.documentElement.height.baseVal.value]') as number[];
                    await page.setViewportSize({ width: Math.ceil(size[0]), height: Math.ceil(size[1]) });
                    await page.screenshot({ path: path.join(ARTEFACTS, `${plan.replace(/\.segplan$/, '')}.${theme}.png`) });
                } finally {
                    await page.close();
                }
            });
        }
    }
});
