import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/** The user the audit runs as: nobody, as an engineer's own account would be, not root. */
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

const asNobody = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = tmpdir()) =>
    spawnSync('setpriv', [...NOBODY, 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), command, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * `segplan audit` of nftables ruleset text needs nft to load it, in a network namespace of its
 * own: as root, or — as `generate --verify` already did — in a user namespace of its own where the
 * kernel allows unprivileged ones. Run from root here, dropping to nobody.
 */
describe('segplan audit of nftables ruleset text, as a user who is not root', function () {
    this.timeout(300000);
    let tmp: string;
    before(function () {
        const root = typeof process.getuid === 'function' && process.getuid() === 0;
        const userNamespaces = asNobody('unshare', ['--user', '--map-root-user', '--net', '--', 'nft', 'list', 'ruleset']);
        // Not root: no other user to become. A kernel without unprivileged user namespaces: nothing to read with.
        if (!root || userNamespaces.error || userNamespaces.status !== 0) this.skip();
        tmp = mkdtempSync(path.join(tmpdir(), 'segplan-nobody-'));
        chmodSync(tmp, 0o777);
        // The checkout may be where nobody cannot read (a clone in a private folder): the command
        // line as built, and the plan, are copied where it can.
        cpSync(path.join(PROJECT_ROOT, 'bin'), path.join(tmp, 'segplan', 'bin'), { recursive: true });
        cpSync(path.join(PROJECT_ROOT, 'out', 'cli'), path.join(tmp, 'segplan', 'out', 'cli'), { recursive: true });
        copyFileSync(path.join(PROJECT_ROOT, 'examples', 'veeam-reference.segplan'), path.join(tmp, 'plan.segplan'));
        // Whatever the umask made of the copies.
        assert.equal(spawnSync('chmod', ['-R', 'a+rX', tmp]).status, 0);
    });
    after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

    it('reads it in a user namespace of its own, with the verdicts root gets', () => {
        const plan = path.join(tmp, 'plan.segplan');
        const config = path.join(tmp, 'fw.nft');
        const cli = (...args: string[]) => asNobody(process.execPath, [path.join(tmp, 'segplan', 'bin', 'segplan.cjs'), ...args], { HOME: tmp, XDG_CACHE_HOME: tmp }, tmp);
        const generated = cli('generate', plan, '--target', 'nftables', '--no-verify', '-o', config);
        assert.equal(generated.status, 0, generated.stderr);
        const audit = cli('audit', plan, '--config', config, '--format', 'json');
        assert.equal(audit.status, 0, audit.stdout + audit.stderr);
        const asRoot = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config, '--format', 'json'], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        assert.equal(asRoot.status, 0, asRoot.stderr);
        const verdicts = (json: string) => (JSON.parse(json) as { flows: { verdict: string }[] }).flows.map(f => f.verdict);
        assert.deepEqual(verdicts(audit.stdout), verdicts(asRoot.stdout));
        assert.ok(verdicts(audit.stdout).includes('allowed'));
    });
});
