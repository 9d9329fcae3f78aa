import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EMITTERS } from '../../language/emit/registry.js';
import { GENERATE_RULES_COMMAND, GenerateRulesCommandHandler, LIST_TARGETS_COMMAND } from '../../language/lsp/generate-rules-command.js';
import { LIST_AUDIT_FORMATS_COMMAND } from '../../language/lsp/audit-config-command.js';
import { IMPORTERS } from '../../language/audit/importers/registry.js';
import { planErrors, type GenerateOutcome } from '../../language/emit/generate.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { loadPlanFile } from './plan-fixture.js';

/** `segplan generate` and the language server's command: one code path, the same bytes. */

// The command users run: the bundled CLI (a process on the compiled sources took seconds of CPU to load them).
const CLI = path.join(process.cwd(), 'bin', 'segplan.cjs');
const CLEAN_PLAN = path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan');
const PLAN_WITH_ERROR = path.join(process.cwd(), 'test', 'emit', 'plans', 'mixed-endpoints.segplan');

function cli(...args: string[]) {
    return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: process.cwd() });
}

describe('segplan generate', function () {
    it('--list-targets names every target', function () {
        const result = cli('generate', '--list-targets');
        assert.strictEqual(result.status, 0, result.stderr);
        assert.deepStrictEqual(result.stdout.trim().split('\n').map(l => l.split(/\s+/)[0]), EMITTERS.map(e => e.id));
    });

    it('writes the target to -o, byte-identical to the server command\'s output', async function () {
        const folder = mkdtempSync(path.join(tmpdir(), 'segplan-cli-'));
        try {
            const out = path.join(folder, 'rules.nft');
            const result = cli('generate', CLEAN_PLAN, '--target', 'nftables', '-o', out);
            assert.strictEqual(result.status, 0, result.stderr);
            const plan = await loadPlanFile(CLEAN_PLAN);
            const handler = new GenerateRulesCommandHandler(plan.services.shared);
            const outcome = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri: plan.document.uri.toString(), target: 'nftables' }]) as GenerateOutcome;
            assert.strictEqual(outcome.kind, 'generated');
            assert.strictEqual(readFileSync(out, 'utf8'), outcome.kind === 'generated' ? outcome.text : '');
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    it('refuses a plan with errors, listing them, and generates it with --force behind a warning', function () {
        const refused = cli('generate', PLAN_WITH_ERROR, '--target', 'csv');
        assert.strictEqual(refused.status, 1);
        assert.strictEqual(refused.stdout, '');
        assert.match(refused.stderr, /1 error\(s\); no rules generated/);
        assert.match(refused.stderr, /mixed-endpoints\.segplan:35: .*internet/);
        const forced = cli('generate', PLAN_WITH_ERROR, '--target', 'nftables', '--force');
        assert.strictEqual(forced.status, 0, forced.stderr);
        assert.match(forced.stdout.split('\n').slice(0, 5).join('\n'), /# WARNING: the plan has 1 error\(s\)/);
    });

    it('rejects an unknown target and a missing --target as usage errors', function () {
        const unknown = cli('generate', CLEAN_PLAN, '--target', 'checkpoint');
        assert.strictEqual(unknown.status, 2);
        assert.match(unknown.stderr, /Unknown target 'checkpoint'\. Targets: nftables,/);
        assert.strictEqual(cli('generate', CLEAN_PLAN).status, 2);
    });
});

describe('language server command', function () {
    it('lists the targets and refuses a plan with errors unless forced', async function () {
        const plan = await loadPlanFile(PLAN_WITH_ERROR);
        const handler = new GenerateRulesCommandHandler(plan.services.shared);
        assert.ok(handler.commands.includes(GENERATE_RULES_COMMAND));
        const targets = await handler.executeCommand(LIST_TARGETS_COMMAND, []) as { id: string }[];
        assert.deepStrictEqual(targets.map(t => t.id), EMITTERS.map(e => e.id));
        const uri = plan.document.uri.toString();
        const blocked = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'panos' }]) as GenerateOutcome;
        assert.strictEqual(blocked.kind, 'blocked');
        assert.strictEqual(blocked.kind === 'blocked' && blocked.errors.length, 1);
        const forced = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'panos', force: true }]) as GenerateOutcome;
        assert.strictEqual(forced.kind, 'generated');
        assert.strictEqual(forced.kind === 'generated' && forced.text, plan.emit('panos', true));
    });

    it('lists every format the audit reads, for the extension\'s format picker', async function () {
        const plan = await loadPlanFile(PLAN_WITH_ERROR);
        const handler = new GenerateRulesCommandHandler(plan.services.shared);
        const formats = await handler.executeCommand(LIST_AUDIT_FORMATS_COMMAND, []) as { id: string; label: string; detail: string }[];
        assert.deepStrictEqual(formats.map(f => f.id), IMPORTERS.map(i => i.id));
        assert.ok(formats.every(f => f.label && f.detail));
    });
});

describe('the errors that block generating', function () {
    it('are listed in line order, whichever check found them', async function () {
        const services = await createTestServices();
        const document = await buildPlan(services, [
            'plan "p"',
            'zone mgmt 10.10.0.0/24',
            'zone prod 10.20.0.0/24',
            'vbr : veeam.BackupServer in mgmt',
            'vcenter : vmware.VCenter in prod',
            'allow vbr -> nowhere tcp 443'
        ].join('\n') + '\n');
        const lines = planErrors(services, document).map(e => Number(/^plan\.segplan:(\d+):/.exec(e)?.[1]));
        assert.ok(new Set(lines).size >= 2, `errors on one line only: ${planErrors(services, document).join('\n')}`);
        assert.deepStrictEqual(lines, [...lines].sort((a, b) => a - b), planErrors(services, document).join('\n'));
    });
});
