import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { acceptedFirstPackets } from '../../language/audit/accept-list.js';
import { laterPacketsPass } from '../../language/audit/audit-plan.js';
import type { ConnectionState, FirewallPolicy, PolicyChain, PolicyRule, RuleAction } from '../../language/audit/firewall-policy.js';
import { EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../../language/audit/traffic-space.js';
import type { RuleSetRule } from '../../language/emit/rule-set.js';
import { AddressSet } from '../../language/network/addresses.js';
import { portSetOf, type PortSet } from '../../language/network/ports.js';
import { compareAt, type Family, type Scope } from '../../language/verify/compare-at.js';
import type { PlanMatch } from '../../language/verify/plan-allowed.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * The proof rule by rule (equal-by-rules.ts) may call a configuration and a plan equal only when
 * the proof piece by piece finds no difference and nothing it cannot tell; and where the
 * configuration is a plain list of accept rules, it must find every such case equal (or the fast
 * path would be no faster). Random configurations, most of them accept lists (SegPlan's shape),
 * some with a drop between accepts, a jump that only some packets take, rules for other states,
 * rules not read whole; plans that are the configuration's accepts as they are or changed by one
 * rule; zones, a host's scope, denies. fast-check with fixed seeds.
 */

const NETS = ['10.0.0.0/24', '10.0.0.0/25', '10.0.0.128/26', '10.0.0.5', '10.0.0.6', '10.0.1.0/24', '10.0.1.7', '192.0.2.0/24', 'fd00::/64', 'fd00::5', '0.0.0.0/0'];
const PORTS = [22, 53, 80, 443, 1000];

const addressSet = fc.subarray(NETS, { minLength: 1, maxLength: 2 }).map(nets => nets.reduce((s, n) => s.union(addresses(n)), AddressSet.EMPTY));
const portRange = fc.tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS)).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const ports: fc.Arbitrary<PortSet> = fc.array(portRange, { minLength: 1, maxLength: 2 }).map(portSetOf);
const protocols = fc.subarray<Transport>(['tcp', 'udp'], { minLength: 1 }).map(p => new Set(p));
/** Left out one time in three (a rule that leaves the field open). */
const optional = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: a });
/** Given one time in `n`. */
const rarely = <T>(a: fc.Arbitrary<T>, n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

const match: fc.Arbitrary<TrafficMatch> = fc.record({
    protocols: optional(protocols), sources: optional(addressSet), destinations: optional(addressSet),
    sourcePorts: rarely(ports, 6), destinationPorts: optional(ports)
}, { requiredKeys: [] });

/** Mostly accept rules; now and then what makes a configuration something other than an accept list. */
const action: fc.Arbitrary<RuleAction> = fc.oneof(
    { weight: 30, arbitrary: fc.constant<RuleAction>({ kind: 'accept' }) },
    { weight: 1, arbitrary: fc.constantFrom<RuleAction>({ kind: 'drop' }, { kind: 'return' }, { kind: 'continue' }) },
    { weight: 2, arbitrary: fc.constantFrom<RuleAction>({ kind: 'jump', chain: 'own' }, { kind: 'goto', chain: 'own' }) }
);

const rule = fc.record({
    match, action,
    states: rarely(fc.subarray<ConnectionState>(['new', 'answer', 'established'], { minLength: 1 }).map(s => new Set(s)), 12),
    unknown: rarely(fc.constant('what the rule does is not known'), 40),
    condition: rarely(fc.constant({ why: 'a condition not modeled' }), 40),
    uncertain: rarely(fc.constant('may or may not match'), 40)
});

let line = 0;
const at = (text: string) => ({ file: 'fw', line: ++line, text });

/** A base chain (and a user chain it may jump to), optionally opening with the stateful rule and a jump that takes every packet. */
const policy: fc.Arbitrary<FirewallPolicy> = fc.record({
    base: fc.array(rule, { maxLength: 8 }), own: fc.array(rule, { maxLength: 4 }),
    stateful: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), jumpFirst: fc.boolean(),
    end: fc.constantFrom<'drop rule' | 'drop policy' | 'accept policy'>('drop rule', 'drop policy', 'drop rule', 'drop policy', 'accept policy'),
    families: fc.constantFrom<ReadonlySet<Family>>(new Set(['ipv4']), new Set(['ipv4', 'ipv6']), new Set(['ipv6']))
}).map(({ base, own, stateful, jumpFirst, end, families }) => {
    const rules: PolicyRule[] = base.map(r => ({ ...r, location: at('rule') }));
    if (jumpFirst) rules.unshift({ match: {}, action: { kind: 'jump', chain: 'own' }, location: at('jump') });
    if (stateful) rules.unshift({ match: {}, states: new Set(['answer', 'established']), action: { kind: 'accept' }, location: at('replies') });
    if (end === 'drop rule') rules.push({ match: {}, action: { kind: 'drop' }, location: at('drop all') });
    const chains = new Map<string, PolicyChain>([
        ['base', { name: 'base', rules, policy: { verdict: end === 'accept policy' ? 'accept' : 'drop', location: at('policy') } }],
        ['own', { name: 'own', rules: own.map(r => ({ ...r, location: at('own rule') })) }]
    ]);
    return { kind: 'random', chains, entry: ['base'], families, unevaluated: [] };
});

/** The accept rules a new connection can meet, read off the chains as they are written (whatever their shape). */
function writtenAccepts(p: FirewallPolicy): TrafficMatch[] {
    return [...p.chains.values()].flatMap(c => c.rules.filter(r => r.action.kind === 'accept' && !r.states).map(r => r.match));
}

const asPlanMatch = (m: TrafficMatch, i: number): PlanMatch => ({
    rule: { id: `r${i}` } as RuleSetRule, name: `p-r${i}`,
    match: { ...m, protocols: m.protocols ?? new Set<Transport>(['tcp', 'udp']) }
});

/** The configuration's own accepts (the plan it was generated from), changed by at most one rule, or a plan of its own. */
const planFor = (p: FirewallPolicy): fc.Arbitrary<PlanMatch[]> => fc.oneof(
    { weight: 4, arbitrary: fc.constant(writtenAccepts(p).map(asPlanMatch)) },
    { weight: 2, arbitrary: fc.tuple(fc.nat(), match).map(([k, extra]) => {
        const accepts = writtenAccepts(p);
        const changed = accepts.length > 0 && k % 2 === 0 ? accepts.filter((_, i) => i !== k % accepts.length) : [...accepts, extra];
        return changed.map(asPlanMatch);
    }) },
    { weight: 1, arbitrary: fc.array(match, { maxLength: 5 }).map(ms => ms.map(asPlanMatch)) }
);

const ZONES = [addresses('10.0.0.0/25'), addresses('10.0.0.128/25'), addresses('10.0.1.0/24'), addresses('fd00::/64')];
const scope: fc.Arbitrary<Scope> = fc.oneof(
    fc.subarray(ZONES, { minLength: 1 }).map((zones): Scope => {
        const within = AddressSet.unionOf(zones);
        return { kind: 'zones', within, zones: [...zones, EVERY_IPV4.union(EVERY_IPV6).subtract(within)] };
    }),
    fc.constantFrom(addresses('10.0.0.5'), addresses('10.0.1.7'), addresses('fd00::5')).map((host): Scope => ({ kind: 'host', host: 'h', sources: EVERY_IPV4.union(EVERY_IPV6), destinations: host }))
);

describe('verify: the proof rule by rule agrees with the proof piece by piece', function () {
    this.timeout(300_000);

    it('calls equal exactly what piece by piece finds equal, where the configuration is an accept list (fast-check, seed 5151)', () => {
        let byRules = 0, lists = 0, differing = 0;
        const cases = policy.chain(p => fc.tuple(fc.constant(p), planFor(p), scope, fc.oneof(fc.constant<TrafficMatch[]>([]), fc.array(match, { minLength: 1, maxLength: 2 })),
            // The families compared: mostly those the configuration filters, now and then one it does not.
            fc.oneof({ weight: 5, arbitrary: fc.subarray([...p.families], { minLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom<Family[]>(['ipv4'], ['ipv6']) })));
        fc.assert(fc.property(cases, ([p, plan, sc, denied, families]) => {
            const full = compareAt([p], plan, sc, families, denied, [], undefined, { byPieces: true });
            const equal = full.differences.length === 0 && full.unknown.length === 0;
            const fast = compareAt([p], plan, sc, families, denied);
            const shown = fast.work?.rules !== undefined;
            if (shown) byRules++;
            if (shown) assert.ok(equal, `equal rule by rule, but piece by piece: ${JSON.stringify(full.differences.map(d => `${d.kind} ${d.protocol} ${d.sources.format()} -> ${d.destinations.format()} ${d.config.text}`))} ${full.unknown.map(u => u.why).join('; ')}`);
            const plain = families.every(f => [p].filter(q => q.families.has(f)).length === 1) && acceptedFirstPackets(p) !== undefined
                && laterPacketsPass([p], 'tcp') && laterPacketsPass([p], 'udp');
            if (plain) lists++;
            if (plain && !equal) differing++;
            if (plain && equal) assert.ok(shown, 'an accept list equal to the plan, not shown equal rule by rule');
            assert.deepEqual(fast.differences.length, full.differences.length);
        }), { seed: 5151, numRuns: 800 });
        // Not vacuous: many configurations were accept lists, and many of those were shown equal rule by rule.
        assert.ok(lists > 180, `${lists} accept lists`);
        assert.ok(byRules > 120, `${byRules} shown equal rule by rule`);
        assert.ok(differing > 50, `${differing} accept lists that differ from the plan`);
    });

    it('an accept rule is taken for an allow rule only when both name the same addresses, also beyond 2^53', () => {
        // The proof's host-name flags sit above an IPv4 address's bits: such bounds written out as
        // numbers would round, and two neighbours would read alike.
        const point = (value: bigint) => AddressSet.of([{ kind: 'ipv4', interval: { from: value, to: value } }]);
        const high = 2n ** 60n, space = AddressSet.of([{ kind: 'ipv4', interval: { from: 0n, to: 2n ** 64n } }]);
        const tcp = new Set<Transport>(['tcp']);
        const config: FirewallPolicy = {
            kind: 'test', entry: ['base'], families: new Set(['ipv4']), unevaluated: [],
            chains: new Map([['base', { name: 'base', policy: { verdict: 'drop', location: at('policy') }, rules: [
                { match: {}, states: new Set(['answer', 'established']), action: { kind: 'accept' }, location: at('replies') },
                { match: { protocols: tcp, sources: point(high), destinations: point(2n * high) }, action: { kind: 'accept' }, location: at('accept') }
            ] }]])
        };
        const plan = [asPlanMatch({ protocols: tcp, sources: point(high + 1n), destinations: point(2n * high) }, 0)];
        const sc: Scope = { kind: 'host', host: 'h', sources: space, destinations: space };
        const comparison = compareAt([config], plan, sc, ['ipv4'], [], [], { ipv4: space, ipv6: EVERY_IPV6 });
        assert.deepEqual(comparison.differences.map(d => d.kind).sort(), ['not-allowed', 'not-in-plan']);
    });

    it('a drop between accepts, a jump only some packets take, or an accepting end is no accept list', () => {
        const list = (rules: PolicyRule[], verdict: 'accept' | 'drop' = 'drop'): FirewallPolicy => ({
            kind: 'test', entry: ['base'], families: new Set(['ipv4']), unevaluated: [],
            chains: new Map([['base', { name: 'base', rules, policy: { verdict, location: at('policy') } }], ['own', { name: 'own', rules: [] }]])
        });
        const accept = (m: TrafficMatch): PolicyRule => ({ match: m, action: { kind: 'accept' }, location: at('accept') });
        const some = { sources: addresses('10.0.0.5') };
        assert.equal(acceptedFirstPackets(list([accept(some), accept({ destinations: addresses('10.0.1.7') })]))?.length, 2);
        assert.equal(acceptedFirstPackets(list([accept(some), { match: { destinations: addresses('10.0.1.7') }, action: { kind: 'drop' }, location: at('drop') }, accept({})])), undefined);
        assert.equal(acceptedFirstPackets(list([{ match: some, action: { kind: 'jump', chain: 'own' }, location: at('jump') }])), undefined);
        assert.equal(acceptedFirstPackets(list([accept(some)], 'accept')), undefined);
        assert.equal(acceptedFirstPackets(list([{ ...accept(some), condition: { why: 'not modeled' } }])), undefined);
        assert.equal(acceptedFirstPackets(list([{ match: {}, action: { kind: 'jump', chain: 'missing' }, location: at('jump') }])), undefined);
    });
});
