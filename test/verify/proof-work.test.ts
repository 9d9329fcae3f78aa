import * as assert from 'node:assert/strict';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import type { RuleSetRule } from '../../language/emit/rule-set.js';
import { compareAt, type Scope } from '../../language/verify/compare-at.js';
import type { PlanMatch } from '../../language/verify/plan-allowed.js';
import { AddressSet } from '../../language/network/addresses.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * The proof's work grows with the traffic it compares, not with the rule set: each piece of
 * traffic the configuration decides is tried against the plan's allow rules that meet it in both
 * addresses, never against every rule from its sources. The shape that would make it quadratic:
 * a backup server allowed to many hosts, one rule each, so every piece from the server shares its
 * sources with all of them.
 */

const SERVER = '10.1.0.5';
const host = (k: number) => `10.2.${Math.floor(k / 250)}.${(k % 250) + 1}`;

/** The server allowed to `n` hosts (tcp 443), as iptables text and as the plan's matches. */
async function serverToHosts(n: number): Promise<{ work: { pieces: number; tried: number }; differences: number }> {
    const lines = ['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'];
    const plan: PlanMatch[] = [];
    for (let k = 0; k < n; k++) {
        lines.push(`-A FORWARD -s ${SERVER}/32 -d ${host(k)}/32 -p tcp -m tcp --dport 443 -j ACCEPT`);
        plan.push({
            rule: { id: `r${k}` } as RuleSetRule, name: `r-r${k}`,
            match: { protocols: new Set(['tcp']), sources: addresses(SERVER), destinations: addresses(host(k)), destinationPorts: [{ from: 443, to: 443 }] }
        });
    }
    lines.push('COMMIT', '');
    const policy = await iptablesSaveImporter.import(lines.join('\n'), { file: 'fw.rules', interfaces: new Map(), hook: 'forward', now: new Date() });
    const zones = [addresses('10.1.0.0/16'), addresses('10.2.0.0/16')];
    const within = zones.reduce((u, z) => u.union(z), AddressSet.EMPTY);
    const scope: Scope = { kind: 'zones', within, zones: [...zones, addresses('0.0.0.0/0').subtract(within)] };
    const comparison = compareAt([policy], plan, scope, ['ipv4']);
    return { work: comparison.work!, differences: comparison.differences.length };
}

describe('verify: the proof tries each piece of traffic only against the allow rules it meets', function () {
    this.timeout(120_000);

    it('rules tried per piece stay the same when the rules from one server grow eightfold', async () => {
        const small = await serverToHosts(100), large = await serverToHosts(800);
        assert.equal(small.differences, 0);
        assert.equal(large.differences, 0);
        // The pieces grow with the rules (each host is a piece of the server's traffic)…
        assert.ok(large.work.pieces > 4 * small.work.pieces, `pieces: ${small.work.pieces} → ${large.work.pieces}`);
        // …the rules tried for each do not: a handful each, not the hundreds from the same server.
        const perPiece = (w: { pieces: number; tried: number }) => w.tried / w.pieces;
        assert.ok(perPiece(large.work) <= 4, `${perPiece(large.work)} rules tried per piece`);
        assert.ok(perPiece(large.work) <= 1.5 * perPiece(small.work), `per piece: ${perPiece(small.work)} → ${perPiece(large.work)}`);
    });
});
