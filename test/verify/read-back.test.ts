import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findImporter } from '../../language/audit/importers/registry.js';
import { EMITTERS, findEmitter } from '../../language/emit/registry.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * What `generate --verify` needs of a target (the importer that reads its output back, its
 * platform's reader, its hosts, the target of the other address family, the last date it can
 * write, whether and up to what size it is proven by default) is said by the target itself
 * (Emitter.readBack), as Aerleon keeps what is true of a platform on its generator: the proof
 * keeps no table of targets that a new target could be missing from.
 */
describe('generate --verify reads each target back as the target says', () => {
    it('each target names an importer that exists, and two targets of one platform name each other as the other family', () => {
        for (const emitter of EMITTERS) {
            const readBack = emitter.readBack;
            assert.ok(readBack, `${emitter.id} says how its output is read back`);
            assert.ok(findImporter(readBack.importer), `${emitter.id}: no importer ${readBack.importer}`);
            if (readBack.otherFamily === undefined) continue;
            const other = findEmitter(readBack.otherFamily)?.readBack;
            assert.ok(other, `${emitter.id}: ${readBack.otherFamily} is no target read back`);
            assert.equal(other.otherFamily, emitter.id, `${readBack.otherFamily} names ${emitter.id} as its other family`);
            assert.notEqual(other.importer, readBack.importer, 'the two families are read by two importers');
            assert.equal(!!other.hosts, !!readBack.hosts, 'both are host targets or neither is');
            assert.equal(other.latestExpiry, readBack.latestExpiry, 'one platform, one last date');
        }
    });

    it('the proof names no target: none of its modules keeps a list of targets', () => {
        const ids = EMITTERS.map(e => e.id);
        const folder = path.join(PROJECT_ROOT, 'language', 'verify');
        const named: string[] = [];
        for (const file of readdirSync(folder).filter(f => f.endsWith('.ts'))) {
            // Recognising SegPlan's own iptables file in a device's configuration is deciding which of its two targets wrote it.
            if (file === 'deployed-iptables.ts') continue;
            const text = readFileSync(path.join(folder, file), 'utf8');
            for (const id of ids) if (text.includes(`'${id}'`) || text.includes(`"${id}"`)) named.push(`${file}: ${id}`);
        }
        assert.deepEqual(named, []);
    });
});
