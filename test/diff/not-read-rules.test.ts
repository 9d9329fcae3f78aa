import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/**
 * An allow rule with a syntax error (`tcp port 22`): parser recovery keeps "tcp, all ports". Such
 * a rule is never shown, counted or emitted as anything but not read: `segplan diff` lists it as
 * not read (text, Markdown, JSON) and exits 1, `segplan check` counts no flow as allowed by it, the
 * hover says it lets nothing through and the port gets no inlay hint.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });

const V1 = `plan "Branch"
zone mgmt 10.0.0.0/24
zone backup 10.0.2.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
proxy : veeam.Proxy in backup at 10.0.2.20 os linux on vsphere
allow vbr -> proxy tcp 6162
`;
const BROKEN = 'allow vbr -> proxy tcp port 22, 6160, 2500-3300';
const V2 = `${V1}${BROKEN}\n`;

describe('a rule with a syntax error is shown and counted as not read', function () {
    this.timeout(300000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-not-read-'));
        writeFileSync(path.join(dir, 'v1.segplan'), V1);
        writeFileSync(path.join(dir, 'v2.segplan'), V2);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('segplan diff lists it as not read in text, Markdown and JSON, never as "all ports", and exits 1', () => {
        const json = cli(dir, 'diff', 'v1.segplan', 'v2.segplan', '--format', 'json');
        assert.equal(json.status, 1, json.stderr);
        assert.match(json.stderr, /1 allow rule\(s\) were not read whole/);
        const d = JSON.parse(json.stdout);
        assert.deepEqual([...d.rulesAdded, ...d.rulesRemoved, ...d.rulesChanged], [], 'the broken rule is in no list of rules to add, remove or change');
        assert.deepEqual(d.rulesNotRead.map((r: { version: string; line: number; written: string }) => [r.version, r.line, r.written]), [['after', 7, BROKEN]]);
        assert.match(d.rulesNotRead[0].why, /syntax error/);
        assert.ok(!d.flowsChanged.some((c: { after: { status: string } }) => c.after.status === 'covered'), 'no flow becomes covered by the broken rule');
        for (const format of ['text', 'markdown']) {
            const run = cli(dir, 'diff', 'v1.segplan', 'v2.segplan', '--format', format, '--target', 'nftables');
            assert.equal(run.status, 1, run.stderr);
            assert.doesNotMatch(run.stdout, /allow vbr -> proxy tcp(?! 6162| port 22)/, `${format}: the recovered rule is shown`);
            assert.match(run.stdout, /Allow rules not read[^]*v2\.segplan line 7[^]*tcp port 22/, format);
            assert.doesNotMatch(run.stdout, /^\+.*meta l4proto tcp/m, `${format}: the target diff opens all ports`);
        }
        const same = cli(dir, 'diff', 'v1.segplan', 'v1.segplan');
        assert.equal(same.status, 0, same.stderr);
    });

    it('segplan check counts no flow as allowed by it', () => {
        const v1 = cli(dir, 'check', 'v1.segplan');
        const v2 = cli(dir, 'check', 'v2.segplan');
        const headline = (out: string) => /required flows allowed: (\d+)\/(\d+)/.exec(out)?.slice(1).map(Number);
        assert.deepEqual(headline(v2.stdout), headline(v1.stdout), `the broken rule changes the coverage:\n${v2.stdout}`);
        assert.notEqual(headline(v2.stdout)?.[0], headline(v2.stdout)?.[1]);
    });

    it('the hover says it lets nothing through; its ports get no inlay hint', async () => {
        const services = await createTestServices();
        const [document] = await buildDocuments(services, { 'v2.segplan': V2 });
        const offset = V2.indexOf(BROKEN) + 2;
        const hover = await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
        assert.match(JSON.stringify(hover?.contents ?? ''), /syntax error, so it was not read completely: it lets nothing through/);
        const hints = await services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() },
            range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } }
        }) ?? [];
        assert.deepEqual(hints.map(h => String(h.label)), []);
    });
});
