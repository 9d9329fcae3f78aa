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

/**
 * The server allowed to `n` hosts (tcp 443), as iptables text and as the plan's matches. `split`:
 * the file allows all the server's traffic to each host in one rule, the plan in one rule per
 * protocol, so that no rule of one is written as a rule of the other.
 */
async function serverToHosts(n: number, how: { byPieces?: boolean; split?: boolean } = { byPieces: true }): Promise<{ work: { pieces: number; tried: number; rules?: number }; differences: number }> {
    const lines = ['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'];
    const plan: PlanMatch[] = [];
    for (let k = 0; k < n; k++) {
        const match = { sources: addresses(SERVER), destinations: addresses(host(k)) };
        if (how.split) {
            lines.push(`-A FORWARD -s ${SERVER}/32 -d ${host(k)}/32 -j ACCEPT`);
            plan.push({ rule: { id: `t${k}` } as RuleSetRule, name: `r-t${k}`, match: { ...match, protocols: new Set(['tcp']) } });
            plan.push({ rule: { id: `u${k}` } as RuleSetRule, name: `r-u${k}`, match: { ...match, protocols: new Set(['udp']) } });
            continue;
        }
        lines.push(`-A FORWARD -s ${SERVER}/32 -d ${host(k)}/32 -p tcp -m tcp --dport 443 -j ACCEPT`);
        plan.push({
            rule: { id: `r${k}` } as RuleSetRule, name: `r-r${k}`,
            match: { ...match, protocols: new Set(['tcp']), destinationPorts: [{ from: 443, to: 443 }] }
        });
    }
    lines.push('COMMIT', '');
    const policy = await iptablesSaveImporter.import(lines.join('\n'), { file: 'fw.rules', interfaces: new Map(), hook: 'forward', now: new Date() });
    const zones = [addresses('10.1.0.0/16'), addresses('10.2.0.0/16')];
    const within = zones.reduce((u, z) => u.union(z), AddressSet.EMPTY);
    const scope: Scope = { kind: 'zones', within, zones: [...zones, addresses('0.0.0.0/0').subtract(within)] };
    const comparison = compareAt([policy], plan, scope, ['ipv4'], [], [], undefined, { byPieces: how.byPieces });
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

    it('shown equal rule by rule, each rule is checked once and tried against the few matches it meets', async () => {
        // Each rule of the file is written as one of the plan: no lookup at all.
        const same = await serverToHosts(800, {});
        assert.deepEqual([same.differences, same.work.pieces, same.work.rules], [0, 0, 2 * 800]);
        // Only the accept rules that meet the traffic the firewall sees are looked up, once.
        assert.ok(same.work.tried <= 2 * 800, `${same.work.tried} tried`);
        // Written otherwise: each rule looked up among the other side's, which share its source.
        const small = await serverToHosts(100, { split: true }), large = await serverToHosts(800, { split: true });
        assert.equal(small.differences, 0);
        assert.equal(large.differences, 0);
        assert.equal(large.work.pieces, 0);
        // Each accept rule once per protocol, each allow rule once.
        assert.equal(small.work.rules, 4 * 100);
        assert.equal(large.work.rules, 4 * 800);
        const perRule = (w: { tried: number; rules?: number }) => w.tried / w.rules!;
        assert.ok(perRule(large.work) <= 6, `${perRule(large.work)} matches tried per rule`);
        assert.ok(perRule(large.work) <= 1.5 * perRule(small.work), `per rule: ${perRule(small.work)} → ${perRule(large.work)}`);
    });
});
