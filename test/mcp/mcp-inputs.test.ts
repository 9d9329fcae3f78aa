import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { answering } from '../../cli/mcp/tool-result.js';
import { UsageError } from '../../cli/usage-error.js';
import { INPUT_LIMITS } from '../../language/workspace/input-limits.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { InMemorySegplan, segplan } from './mcp-kit.js';

// Bad inputs are tool errors with a message (isError), never a crash: the server answers the next
// call. No tool writes unless the server was started with --allow-writes, and then only a file
// beside the plan it was given.

const REFERENCE = 'examples/veeam-reference.segplan';

describe('segplan mcp: bad inputs are tool errors, and nothing is written unless allowed', function () {
    let mcp: InMemorySegplan;
    let folder: string;
    before(async () => {
        mcp = await InMemorySegplan.start();
        folder = mkdtempSync(path.join(tmpdir(), 'segplan-mcp-'));
    });
    after(async () => {
        await mcp.close();
        rmSync(folder, { recursive: true, force: true });
    });
    afterEach(() => assert.deepEqual(mcp.logged, [], 'no internal error'));

    it('wants exactly one plan: a path or a text', async () => {
        assert.match(await mcp.refusal('check_plan', {}), /^Give the plan: `path` \(a \.segplan file\) or `text`/);
        assert.match(await mcp.refusal('check_plan', { path: REFERENCE, text: 'plan "p"\n' }), /not both/);
        assert.match(await mcp.refusal('matrix', { text: '' }), /^The text is not a plan: a plan file starts with plan "<name>"\.$/);
    });

    it('reads only a regular file that exists, within the size SegPlan reads, and never waits on a FIFO or device', async () => {
        assert.equal(await mcp.refusal('check_plan', { path: 'examples/no-such.segplan' }), 'cannot read \'examples/no-such.segplan\': no such file or folder');
        assert.match(await mcp.refusal('check_plan', { path: 'examples' }), /^cannot read 'examples': it is a folder; name one plan file\.$/);
        assert.match(await mcp.refusal('check_plan', { path: '/dev/zero' }), /^cannot read '\/dev\/zero': it is not a regular file$/);
        const fifo = path.join(folder, 'fifo.segplan');
        execFileSync('mkfifo', [fifo]);
        assert.match(await mcp.refusal('explain_flows', { path: fifo, from: 'a', to: 'b' }), /it is not a regular file$/);
        const huge = path.join(folder, 'huge.segplan');
        writeFileSync(huge, 'plan "p"\n');
        truncateSync(huge, 4 * INPUT_LIMITS.fileChars + 1);
        assert.match(await mcp.refusal('check_plan', { path: huge }), /it is 128\.0 MB; SegPlan reads files up to 128 MB$/);
        assert.match(await mcp.refusal('check_plan', { path: '' }), /`path` is empty/);
        assert.match(await mcp.refusal('check_plan', { path: 'a\0b' }), /NUL/);
        // A symbolic link to a plan is read as the plan.
        const link = path.join(folder, 'link.segplan');
        symlinkSync(path.join(PROJECT_ROOT, REFERENCE), link);
        assert.equal((await mcp.answer('check_plan', { path: link })).structured.checked, true);
    });

    it('reads a text within the limits of a file', async () => {
        const long = `plan "p"\n// ${'x'.repeat(INPUT_LIMITS.lineChars)}\n`;
        assert.match(await mcp.refusal('check_plan', { text: long }), /^The plan's text is beyond what SegPlan reads: Line 2 has \d+ characters; SegPlan reads lines up to \d+\.$/);
        const large = `plan "p"\n${`// ${'x'.repeat(1000)}\n`.repeat(Math.ceil(INPUT_LIMITS.fileChars / 1004))}`;
        assert.match(await mcp.refusal('query_traffic', { text: large, from: 'a', to: 'b', protocol: 'tcp', port: 1 }), /it has 32\.0 million characters; SegPlan reads files up to 32 million/);
    });

    it('says what is wrong with a question, in the CLI\'s words', async () => {
        assert.equal(await mcp.refusal('explain_flows', { path: REFERENCE, from: 'vbr', to: 'nobody' }), segplan('explain', REFERENCE, 'vbr', 'nobody').stderr.replace(/^segplan: /, '').trimEnd());
        for (const [protocol, port] of [['icmp', '1'], ['tcp', '0'], ['tcp', '65536'], ['udp', 'http']]) {
            const cli = segplan('query', REFERENCE, 'vbr', 'repo', protocol, port);
            assert.equal(cli.code, 2);
            assert.equal(await mcp.refusal('query_traffic', { path: REFERENCE, from: 'vbr', to: 'repo', protocol, port }), cli.stderr.replace(/^segplan: /, '').trimEnd());
        }
        assert.match(await mcp.refusal('query_traffic', { path: REFERENCE, from: 'vbr', to: 'mars', protocol: 'tcp', port: 1 }), /'mars' is not a zone, component or address of the plan/);
        assert.match(await mcp.refusal('matrix', { path: REFERENCE, format: 'json' }), /format must be text, markdown, csv, not 'json'/);
        assert.match(await mcp.refusal('generate_rules', { path: REFERENCE, target: 'checkpoint' }), /checkpoint/);
        // Arguments of the wrong kind are refused by the tool's schema, also as a tool error.
        assert.match(await mcp.refusal('query_traffic', { path: REFERENCE, from: 'vbr', to: 'repo', protocol: 'tcp', port: true }), /Input validation error/);
        assert.match(await mcp.refusal('check_plan', { path: 42 }), /Input validation error/);
    });

    it('keeps serving after every refusal', async () => {
        assert.equal((await mcp.answer('check_plan', { path: REFERENCE })).structured.checked, true);
    });

    it('reports a failure inside as an internal error, never as an answer', async () => {
        const logged: string[] = [];
        const failed = await answering(() => { throw new TypeError('x is not a function'); }, text => logged.push(text));
        assert.equal(failed.isError, true);
        assert.match((failed.content[0] as { text: string }).text, /internal error: x is not a function/);
        assert.match(logged.join(''), /TypeError: x is not a function/);
        const usage = await answering(() => { throw new UsageError('The plan has no component \'x\'.'); }, text => logged.push(text));
        assert.deepEqual(usage.content, [{ type: 'text', text: 'The plan has no component \'x\'.' }]);
    });

    describe('writing rule sets', () => {
        let plan: string;
        before(() => {
            plan = path.join(folder, 'site.segplan');
            copyFileSync(path.join(PROJECT_ROOT, 'examples', 'zerto-vsphere-two-site.segplan'), plan);
        });

        it('writes nothing without --allow-writes', async () => {
            const before = readdirSync(folder).sort();
            assert.match(await mcp.refusal('generate_rules', { path: plan, target: 'cisco-asa', output: 'site.asa' }), /started without --allow-writes/);
            assert.deepEqual(readdirSync(folder).sort(), before);
            assert.ok((await mcp.client.listTools()).tools.every(t => t.annotations?.readOnlyHint === true));
        });

        it('with --allow-writes, writes the rules the answer gives beside the plan, and only there', async () => {
            const writer = await InMemorySegplan.start({ allowWrites: true });
            try {
                const generate = (await writer.client.listTools()).tools.find(t => t.name === 'generate_rules')!;
                assert.equal(generate.annotations?.readOnlyHint, false);
                const answer = await writer.answer('generate_rules', { path: plan, target: 'cisco-asa', output: 'site.asa' });
                const written = path.join(folder, 'site.asa');
                assert.equal(answer.structured.written, written);
                assert.equal(readFileSync(written, 'utf8'), answer.structured.rules);
                assert.equal(readFileSync(written, 'utf8'), segplan('generate', plan, '--target', 'cisco-asa').stdout);
                // Again: the file written is the version on the device, read as such.
                assert.equal((await writer.answer('generate_rules', { path: plan, target: 'cisco-asa', output: 'site.asa' })).structured.written, written);

                const before = readdirSync(folder).sort();
                for (const output of ['../site.asa', 'sub/site.asa', '.', '..', '', 'other.segplan', 'SITE.SEGPLAN']) {
                    assert.match(await writer.refusal('generate_rules', { path: plan, target: 'cisco-asa', output }), /file name in the plan's folder|would be a plan file/, output);
                }
                assert.match(await writer.refusal('generate_rules', { text: readFileSync(plan, 'utf8'), target: 'cisco-asa', output: 'x.asa' }), /give the plan as `path`/);
                symlinkSync('/tmp', path.join(folder, 'elsewhere.asa'));
                assert.match(await writer.refusal('generate_rules', { path: plan, target: 'cisco-asa', output: 'elsewhere.asa' }), /is a symbolic link/);
                mkdirSync(path.join(folder, 'dir.asa'));
                assert.match(await writer.refusal('generate_rules', { path: plan, target: 'cisco-asa', output: 'dir.asa' }), /not a regular file/);
                // A file that is not SegPlan's output is never taken for the version on the device, nor overwritten.
                writeFileSync(path.join(folder, 'notes.asa'), 'my own notes\n');
                assert.match(await writer.refusal('generate_rules', { path: plan, target: 'cisco-asa', output: 'notes.asa' }), /is not SegPlan's cisco-asa output/);
                assert.equal(readFileSync(path.join(folder, 'notes.asa'), 'utf8'), 'my own notes\n');
                assert.deepEqual(readdirSync(folder).sort(), [...before, 'dir.asa', 'elsewhere.asa', 'notes.asa'].sort());
                assert.ok(!existsSync(path.join(path.dirname(folder), 'site.asa')));
                assert.deepEqual(writer.logged, []);
            } finally {
                await writer.close();
            }
        });
    });
});
