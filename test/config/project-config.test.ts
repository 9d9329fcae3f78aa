import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { excludePattern, parseProjectConfig } from '../../language/config/project-config.js';
import { targetList } from '../../language/emit/generate.js';
import { createSegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * segplan.json: severities per finding code, excluded folders, the default target and zone names,
 * read by the CLI and the language server alike — `segplan check` reports what the editor shows.
 */

const TARGETS = targetList().map(t => t.id);

// A plan with an unused rule (a warning by default), an install-only missing flow (SSH, a warning)
// and a blocked flow (an error).
const PLAN = `plan "p"
zone mgmt 10.0.0.0/24
zone backup 10.0.1.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in backup at 10.0.1.20
allow vbr -> repo tcp 6162
allow vbr -> repo tcp 9999
`;

describe('segplan.json: what it says', () => {
    it('takes severities, excludes, a default target and zone names', () => {
        const { config, problems } = parseProjectConfig(JSON.stringify({
            severities: { 'unused-rule': 'error', 'install-only': 'off' }, exclude: ['archive/', './test/**'], defaultTarget: 'nftables', zoneNames: { mgmt: 'eth1' }
        }), TARGETS);
        assert.deepEqual(problems, []);
        assert.equal(config.severities.get('unused-rule'), 'error');
        assert.equal(config.severities.get('install-only'), 'off');
        assert.deepEqual(config.exclude, ['archive', 'test/**']);
        assert.equal(config.defaultTarget, 'nftables');
        assert.equal(config.zoneNames.get('mgmt'), 'eth1');
    });

    it('says where each mistake is and what to write instead', () => {
        const text = '{\n  "severity": {},\n  "severities": { "unused-rule": "fatal" },\n  "defaultTarget": "iptable",\n  "exclude": "archive"\n}\n';
        const { config, problems } = parseProjectConfig(text, TARGETS);
        const at = (line: number) => problems.find(p => p.line === line);
        assert.match(at(2)!.message, /unknown setting "severity"; the settings are "severities", "exclude"/);
        assert.equal(at(2)!.column, 3);
        assert.match(at(3)!.message, /"unused-rule": "fatal" is not a severity; write one of "error", "warning"/);
        assert.match(at(4)!.message, /"defaultTarget": "iptable" is not a target; the targets are .*iptables/);
        assert.match(at(5)!.message, /"exclude" is a list of folders/);
        assert.equal(config.severities.size, 0, 'what is wrong is not taken');
        const broken = parseProjectConfig('{\n  "exclude": ["a"],\n}', TARGETS);
        assert.equal(broken.problems.length, 1);
        assert.match(broken.problems[0].message, /^not valid JSON/);
        assert.equal(broken.problems[0].line, 3, JSON.stringify(broken.problems));
        assert.deepEqual(broken.config.exclude, [], 'a broken file gives no settings at all');
        assert.match(parseProjectConfig('{"exclude": ["../other"]}', TARGETS).problems[0].message, /stay inside it/);
    });

    it('the JSON schema VS Code completes segplan.json with agrees with the reader', async () => {
        const { readFileSync } = await import('node:fs');
        const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schemas', 'segplan.schema.json'), 'utf8'));
        assert.deepEqual(schema.properties.defaultTarget.enum, TARGETS);
        const example = { severities: { 'unused-rule': 'hint' }, exclude: ['a'], defaultTarget: TARGETS[0], zoneNames: { z: 'eth0' } };
        assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(example).sort());
        assert.deepEqual(parseProjectConfig(JSON.stringify(example), TARGETS).problems, []);
        assert.deepEqual(schema.properties.severities.additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off']);
        const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
        assert.ok(manifest.contributes.jsonValidation.some((j: { fileMatch: string; url: string }) => j.fileMatch === 'segplan.json' && j.url === './schemas/segplan.schema.json'));
    });

    it('excludes folders with everything in them, and globs within and across folders', () => {
        const cases: [string, string, boolean][] = [
            ['archive', 'archive', true], ['archive', 'archive/old/p.segplan', true], ['archive', 'archived/p.segplan', false],
            ['test/**', 'test/a/b.segplan', true], ['test/**', 'tests/a.segplan', false],
            ['**/old', 'x/y/old/p.segplan', true], ['**/old', 'old/p.segplan', true], ['**/old', 'x/older/p.segplan', false],
            ['*.draft.segplan', 'a.draft.segplan', true], ['*.draft.segplan', 'sub/a.draft.segplan', false],
            ['sites/s?', 'sites/s1/x.segplan', true], ['sites/s?', 'sites/s12/x.segplan', false]
        ];
        for (const [pattern, file, excluded] of cases) assert.equal(excludePattern(pattern)(file), excluded, `${pattern} on ${file}`);
    });
});

describe('segplan.json: the CLI and the language server read it alike', function () {
    this.timeout(300000);
    let dir: string;
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: dir, encoding: 'utf8' });
    const write = (file: string, text: string) => { mkdirSync(path.dirname(path.join(dir, file)), { recursive: true }); writeFileSync(path.join(dir, file), text); };

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-config-'));
        write('plans/p.segplan', PLAN);
        write('plans/archive/old.segplan', 'plan "old"\nzone z 10.9.0.0/24\nzone z 10.9.0.0/24\n');
        // Files of other languages are no plans (the server used to parse every file of the folder).
        write('plans/README.md', '# Our plans\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('check: severities from the nearest segplan.json above the plan, excluded folders left out, an error never lowered', () => {
        const before = cli('check', 'plans');
        assert.match(before.stdout, /old\.segplan.*error/, 'without a config the archive is checked');
        assert.match(before.stdout, /p\.segplan:7:1 warning unused-rule/);
        write('segplan.json', JSON.stringify({ severities: { 'unused-rule': 'error', 'install-only': 'off', 'missing-flow': 'off' }, exclude: ['plans/archive'] }));
        const after = cli('check', 'plans');
        assert.doesNotMatch(after.stdout, /old\.segplan/, after.stdout);
        assert.match(after.stdout, /p\.segplan:7:1 error unused-rule/);
        assert.doesNotMatch(after.stdout, /tcp 22/, 'the install-only SSH flow is off');
        assert.match(after.stdout, /error missing-flow .*2500-3300/, 'a blocked flow stays an error whatever the config says');
        assert.equal(after.status, 1);
        // A file named on the command line is checked even where the config excludes it.
        assert.match(cli('check', 'plans/archive/old.segplan').stdout, /old\.segplan.*error/);
    });

    it('generate: the default target and zone names come from segplan.json; the command line overrides them', () => {
        write('segplan.json', JSON.stringify({ defaultTarget: 'panos', zoneNames: { mgmt: 'trust-mgmt', backup: 'trust-backup' } }));
        const run = cli('generate', 'plans/p.segplan', '--force');
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /from trust-mgmt/);
        assert.match(run.stdout, /to trust-backup/);
        const overridden = cli('generate', 'plans/p.segplan', '--force', '--target', 'fortigate', '--map', 'mgmt=port3');
        assert.equal(overridden.status, 0, overridden.stderr);
        assert.match(overridden.stdout, /set srcintf "port3"/);
        assert.match(overridden.stdout, /set dstintf "trust-backup"/);
        rmSync(path.join(dir, 'segplan.json'));
        assert.match(cli('generate', 'plans/p.segplan', '--force').stderr, /needs --target <target> \(or "defaultTarget" in segplan.json\)/);
    });

    it('generate: an unused rule raised to an error by segplan.json is one of the errors listed, like any error', () => {
        const listed = () => {
            const run = cli('generate', 'plans/p.segplan', '--force', '--target', 'iptables');
            assert.equal(run.status, 0, run.stderr);
            return run.stdout.split('\n').filter(l => /^#.*unused-rule|^#.*serves no required flow/i.test(l));
        };
        assert.deepEqual(listed(), [], 'a warning is not listed');
        write('segplan.json', JSON.stringify({ severities: { 'unused-rule': 'error' } }));
        assert.equal(listed().length, 1, 'the raised finding is listed with the errors');
    });

    it('a mistake in segplan.json is an error on every plan that follows it, with the line and column', () => {
        write('segplan.json', '{\n  "severities": { "unused-rule": "loud" }\n}\n');
        const run = cli('check', 'plans/p.segplan');
        assert.equal(run.status, 1);
        assert.match(run.stdout, /p\.segplan:1:1 error project-config-error .*segplan\.json:2:19: "unused-rule": "loud" is not a severity/);
    });

    it('the language server: excluded files are not loaded, severities apply, and a changed segplan.json re-checks the workspace', async () => {
        write('segplan.json', JSON.stringify({ severities: { 'unused-rule': 'error' }, exclude: ['plans/archive'] }));
        const { shared } = createSegplanServices(NodeFileSystem);
        await shared.workspace.WorkspaceManager.initializeWorkspace([{ name: 'w', uri: URI.file(dir).toString() }]);
        const documents = () => shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme === 'file').toArray();
        assert.deepEqual(documents().map(d => path.basename(d.uri.fsPath)), ['p.segplan']);
        const plan = documents()[0] as LangiumDocument;
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, plan.uri);
        const unused = () => plan.diagnostics?.find(d => d.code === 'unused-rule');
        assert.equal(unused()?.severity, 1, 'error, as segplan.json says');
        // The team lowers it and stops excluding the archive: the server hears of the change.
        write('segplan.json', JSON.stringify({ severities: { 'unused-rule': 'hint' } }));
        await shared.workspace.DocumentBuilder.update([URI.file(path.join(dir, 'segplan.json'))], []);
        assert.equal(unused()?.severity, 4);
        assert.deepEqual(documents().map(d => path.basename(d.uri.fsPath)).sort(), ['old.segplan', 'p.segplan']);
        // And excluding it again takes it out.
        write('segplan.json', JSON.stringify({ exclude: ['plans/archive'] }));
        await shared.workspace.DocumentBuilder.update([URI.file(path.join(dir, 'segplan.json'))], []);
        assert.deepEqual(documents().map(d => path.basename(d.uri.fsPath)), ['p.segplan']);
        assert.equal(unused()?.severity, 2, 'back to the default warning');
    });
});
