import * as assert from 'node:assert/strict';
import { evaluate } from '../../language/audit/firewall-policy.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { nftCanLoad } from '../helpers/nft-here.js';

/**
 * `meta time` (SegPlan's temporary rules in nftables) is read as whether the rule holds until or
 * from an instant: each operator at the millisecond before, at and after its date says what the
 * comparison says, nothing wider or narrower.
 */

const AT = Date.parse('2026-11-23T12:00:00Z');
const HOLDS: Record<string, (now: number) => boolean> = {
    '<': now => now < AT, '<=': now => now <= AT, '>': now => now > AT, '>=': now => now >= AT
};

describe('audit: nftables meta time at its boundary', function () {
    this.timeout(60_000);
    before(function () {
        // nft reads nftables text, in a network namespace of its own (root).
        if (!nftCanLoad()) this.skip();
    });

    for (const [op, holds] of Object.entries(HOLDS)) {
        it(`meta time ${op}: the millisecond before, at and after the date`, async () => {
            const text = `table inet t {\n\tchain forward {\n\t\ttype filter hook forward priority 0; policy drop;\n\t\tmeta time ${op} "2026-11-23 12:00:00" accept\n\t}\n}\n`;
            for (const now of [AT - 1, AT, AT + 1]) {
                const policy = await nftablesImporter.import(text, { file: 'fw.nft', interfaces: new Map(), hook: 'forward', now: new Date(now), formatGiven: true });
                const pieces = evaluate(policy, boxOf('tcp', addresses('10.0.1.5'), addresses('10.0.2.5'), [{ from: 22, to: 22 }], [{ from: 40000, to: 40000 }]), 'new');
                assert.deepEqual([...new Set(pieces.map(p => p.verdict))], [holds(now) ? 'accept' : 'drop'], `at ${new Date(now).toISOString()}`);
            }
        });
    }
});
