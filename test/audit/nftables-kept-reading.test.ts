import * as assert from 'node:assert/strict';
import { KeptReading } from '../../language/audit/importers/importer.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { loadPlanText } from '../emit/plan-fixture.js';
import { writtenPolicy } from '../helpers/audit-verdicts.js';

/**
 * nftables ruleset text is read by nft itself, in a network namespace of its own. Read again at
 * another instant (verify reads a file once per instant its rules change at), the ruleset nft
 * listed is kept: nft reads the text once, and each instant reads what a reading afresh reads.
 */

const PLAN = [
    'plan "temporary"', 'zone a 10.80.0.0/16', 'zone b 10.81.0.0/16',
    'admin : infra.VmGuest in a at 10.80.0.1 os linux', 'h0 : infra.VmGuest in b at 10.81.0.1 os linux', 'h1 : infra.VmGuest in b at 10.81.0.2 os linux',
    'allow admin -> h0, h1 tcp 22', 'allow admin -> h0 tcp 443 "set-up" until 2027-01-31', 'allow admin -> h1 tcp 8443 "trial" until 2027-03-31', ''
].join('\n');

describe('audit: an nftables ruleset read again at another instant', function () {
    this.timeout(60_000);

    it('nft lists the text once, and each instant reads what a reading afresh reads', async () => {
        const text = (await loadPlanText('temporary.segplan', PLAN)).emit('nftables');
        const read = async (now: Date, kept?: KeptReading) => writtenPolicy(await nftablesImporter.import(text, { file: 'fw.nft', interfaces: new Map(), hook: 'forward', now, kept }));
        const kept = new KeptReading();
        const instants = ['2026-12-01T12:00:00Z', '2027-02-15T00:00:00Z', '2027-06-01T00:00:00Z', '2026-12-02T00:00:00Z'].map(t => new Date(t));
        const readings = [];
        for (const now of instants) {
            const again = await read(now, kept);
            assert.equal(again, await read(now), `at ${now.toISOString()}`);
            readings.push(again);
        }
        assert.equal(kept.made, 1, 'nft read the text once');
        // The dates are read at each instant: the rules in force differ.
        assert.equal(new Set(readings).size, 3);
    });
});
