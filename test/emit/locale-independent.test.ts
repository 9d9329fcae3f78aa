import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// Zone and component names whose order differs between locales: Lithuanian sorts y between i and
// k, Danish sorts "aa" after z and capitals first. Rules are written for every pair of zones.
const ZONES = ['y1', 'k1', 'i1', 'aa', 'b', 'B2', 'z_1', 'z1', 'zz'];
function planText(): string {
    const lines = ['plan "Locales"', ''];
    ZONES.forEach((zone, i) => lines.push(`zone ${zone} 10.${i}.0.0/16`));
    ZONES.forEach((zone, i) => lines.push(`vm_${zone} : infra.VmGuest in ${zone} at 10.${i}.0.10 os linux`, `aa_${zone} : infra.VmGuest in ${zone} at 10.${i}.0.11 os linux`));
    for (const from of ZONES) for (const to of ZONES) {
        if (from !== to) lines.push(`allow vm_${from}, aa_${from} -> vm_${to}, aa_${to} tcp 443, 22 "${from} to ${to}"`);
    }
    return lines.join('\n') + '\n';
}

function emitUnder(locale: string, file: string): { locale: string; outputs: Record<string, string> } {
    const helper = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'emit-every-target.js');
    const env = { ...process.env, LC_ALL: locale, LANG: locale, LANGUAGE: '' };
    const run = spawnSync(process.execPath, [helper, file], { cwd: PROJECT_ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as { locale: string; outputs: Record<string, string> };
}

describe('emitted rules do not depend on the machine\'s locale', function () {
    this.timeout(300000);

    it('every target writes the same text under C, Lithuanian and Danish locales', () => {
        const file = path.join(mkdtempSync(path.join(tmpdir(), 'segplan-locale-')), 'locales.segplan');
        writeFileSync(file, planText());
        const reference = emitUnder('C', file);
        for (const locale of ['lt_LT.UTF-8', 'da_DK.UTF-8']) {
            const other = emitUnder(locale, file);
            // The child really ran in that locale (Node's ICU reads LC_ALL), or the comparison proves nothing.
            assert.equal(other.locale, locale.slice(0, 5).replace('_', '-'));
            for (const [target, text] of Object.entries(reference.outputs)) {
                assert.equal(other.outputs[target], text, `${target} under ${locale}`);
            }
        }
    });
});
