import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { connectionPieces, LATER_PACKETS } from '../../language/audit/audit-plan.js';
import { evaluate, evaluateUncut, type ConnectionState, type DecidedPiece, type FirewallPolicy, type PolicyChain, type PolicyRule, type RuleAction } from '../../language/audit/firewall-policy.js';
import { MatchIndex } from '../../language/audit/match-index.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, isEmptyBox, matchOf, replyBox, splitBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from '../../language/audit/traffic-space.js';
import { AddressSet } from '../../language/network/addresses.js';
import { ALL_PORTS, portSetOf, type PortSet } from '../../language/network/ports.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * The evaluator cuts the traffic into parts that each walk only the rules that can meet them
 * (and files a rule of a user chain under what the jumps into the chain let in). Every
 * connection must get what the whole box walking every rule gives it: the same verdict, decided
 * by the same rule, for the same reason. Random rule bases of several chains (jumps, gotos,
 * returns, continues, states, rules that cannot be evaluated, a jump to a chain that does not
 * exist) over nested IPv4 and IPv6 networks and port ranges; a connection's replies judged for all
 * its accepted parts at once as for each on its own. fast-check with fixed seeds.
 */

const NETS = ['10.0.0.0/8', '10.0.0.0/24', '10.0.0.0/25', '10.0.0.128/26', '10.0.0.5', '10.0.1.0/24', '192.0.2.0/24', 'fd00::/64', 'fd00::5', '0.0.0.0/0', '::/0'];
const PORTS = [1, 22, 53, 80, 443, 1000, 65535];
const CHAINS = ['c0', 'c1', 'c2', 'c3'];

const addressSet = fc.oneof(
    { weight: 6, arbitrary: fc.subarray(NETS, { minLength: 1, maxLength: 3 }).map(nets => nets.reduce((s, n) => s.union(addresses(n)), AddressSet.EMPTY)) },
    { weight: 1, arbitrary: fc.constant(AddressSet.ANY) }
);
const portRange = fc.tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS)).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const ports: fc.Arbitrary<PortSet> = fc.array(portRange, { minLength: 1, maxLength: 3 }).map(portSetOf);
const protocols = fc.subarray<Transport>(['tcp', 'udp'], { minLength: 1 }).map(p => new Set(p));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

const match: fc.Arbitrary<TrafficMatch> = fc.record({
    protocols: optional(protocols), sources: optional(addressSet), destinations: optional(addressSet),
    sourcePorts: fc.option(ports, { nil: undefined, freq: 1 }), destinationPorts: optional(ports)
}, { requiredKeys: [] });

const action: fc.Arbitrary<RuleAction> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<RuleAction>({ kind: 'accept' }, { kind: 'drop' }, { kind: 'return' }, { kind: 'continue' }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('jump' as const, 'goto' as const), chain: fc.constantFrom(...CHAINS, 'missing') }) }
);

const rule = fc.record({
    match, action,
    states: fc.option(fc.subarray<ConnectionState>(['new', 'answer', 'established'], { minLength: 1 }).map(s => new Set(s)), { nil: undefined, freq: 3 }),
    unknown: fc.option(fc.constant('what the rule does is not known'), { nil: undefined, freq: 8 }),
    // A condition not modeled: the verdicts rest on bounds, in every state or some.
    condition: fc.option(fc.record({
        why: fc.constant('a condition not modeled'),
        states: fc.option(fc.subarray<ConnectionState>(['new', 'answer', 'established'], { minLength: 1 }).map(s => new Set(s)), { nil: undefined })
    }), { nil: undefined, freq: 5 }),
    // The same, as the device readers give it (every state).
    uncertain: fc.option(fc.constant('may or may not match'), { nil: undefined, freq: 5 })
});

let line = 0;
const policy: fc.Arbitrary<FirewallPolicy> = fc.record({
    rules: fc.tuple(...CHAINS.map(() => fc.array(rule, { maxLength: 14 }))),
    verdicts: fc.tuple(...CHAINS.map(() => fc.option(fc.constantFrom('accept' as const, 'drop' as const), { nil: undefined, freq: 3 }))),
    entry: fc.shuffledSubarray(CHAINS, { minLength: 1, maxLength: 2 })
}).map(({ rules, verdicts, entry }) => {
    // Base chains end in a policy; a user chain may have one too (which the walk applies alike).
    const verdictOf = (c: number) => verdicts[c] ?? (entry.includes(CHAINS[c]) ? 'drop' : undefined);
    const chains = new Map<string, PolicyChain>(CHAINS.map((name, c) => [name, {
        name,
        rules: rules[c].map((r): PolicyRule => ({ ...r, location: { file: 'fw', line: ++line, text: `rule ${line}` } })),
        policy: verdictOf(c) && { verdict: verdictOf(c)!, location: { file: 'fw', line: ++line, text: `${name} policy` } }
    }]));
    return { kind: 'random', chains, entry, families: new Set(['ipv4', 'ipv6'] as const), unevaluated: [] };
});

const box: fc.Arbitrary<TrafficBox> = fc.record({
    protocol: fc.constantFrom<Transport>('tcp', 'udp'),
    sources: fc.oneof(fc.constant(EVERY_ADDRESS), addressSet.filter(s => !s.any)),
    destinations: fc.oneof(fc.constant(EVERY_ADDRESS), addressSet.filter(s => !s.any)),
    sourcePorts: fc.oneof(fc.constant(ALL_PORTS), ports),
    destinationPorts: fc.oneof(fc.constant(ALL_PORTS), ports)
});

const decision = (p: DecidedPiece) => `${p.verdict} by ${p.decidedBy.file}:${p.decidedBy.line} ${p.decidedBy.text}${p.why ? ` (${p.why})` : ''}`;

/** Connections of `a` that `b` does not decide the same way, as "decision: traffic". */
function decidedOtherwise(a: readonly DecidedPiece[], b: readonly DecidedPiece[]): string[] {
    return a.flatMap(p => subtractBoxes(p.box, b.filter(q => decision(q) === decision(p)).map(q => matchOf(q.box)))
        .map(rest => `${decision(p)}: ${rest.protocol} ${rest.sources.format()} -> ${rest.destinations.format()} ports ${rest.destinationPorts.map(r => `${r.from}-${r.to}`).join(',')}`));
}

/** The reference: each later packet of each accepted part evaluated on its own, every rule walked, none left out. */
function oneByOne(p: FirewallPolicy, b: TrafficBox): DecidedPiece[] {
    const out: DecidedPiece[] = [];
    let accepted: DecidedPiece[] = [];
    for (const piece of evaluateUncut(p, b, 'new')) (piece.verdict === 'accept' ? accepted : out).push(piece);
    for (const later of LATER_PACKETS[b.protocol]) {
        const turn = (x: TrafficBox) => later.reply ? replyBox(x) : x;
        accepted = accepted.flatMap(piece => evaluateUncut(p, turn(piece.box), later.state).flatMap(part => {
            if (part.verdict === 'accept') return [{ ...piece, box: turn(part.box) }];
            out.push({ box: turn(part.box), verdict: part.verdict, decidedBy: part.decidedBy, why: part.verdict === 'drop' ? later.dropped : part.why });
            return [];
        }));
    }
    return [...out, ...accepted];
}

describe('evaluator: traffic cut into parts gets the verdicts of the whole', function () {
    this.timeout(300_000);

    it('every connection is decided as the whole box walking every rule decides it (fast-check, seed 3939)', () => {
        fc.assert(fc.property(policy, box, fc.constantFrom<ConnectionState>('new', 'answer', 'established'), (p, b, state) => {
            const parts = evaluate(p, b, state), whole = evaluateUncut(p, b, state);
            assert.deepEqual(decidedOtherwise(parts, whole), [], 'decided otherwise than by the whole');
            assert.deepEqual(decidedOtherwise(whole, parts), [], 'left undecided or decided otherwise in parts');
        }), { seed: 3939, numRuns: 400 });
    });

    it('a rule base with many rules a box meets is decided alike (fast-check, seed 3940)', () => {
        // Rules of one chain, many of them meeting the box: the parts are cut several times over.
        const many = fc.array(rule.filter(r => r.action.kind !== 'jump' && r.action.kind !== 'goto'), { minLength: 20, maxLength: 60 }).map((rules): FirewallPolicy => ({
            kind: 'random', entry: ['c0'], families: new Set(['ipv4', 'ipv6']), unevaluated: [],
            chains: new Map([['c0', { name: 'c0', rules: rules.map((r, i) => ({ ...r, location: { file: 'fw', line: i + 1, text: `rule ${i + 1}` } })), policy: { verdict: 'drop', location: { file: 'fw', line: 0, text: 'policy' } } }]])
        }));
        fc.assert(fc.property(many, box, (p, b) => {
            const parts = evaluate(p, b, 'new'), whole = evaluateUncut(p, b, 'new');
            assert.deepEqual(decidedOtherwise(parts, whole), []);
            assert.deepEqual(decidedOtherwise(whole, parts), []);
        }), { seed: 3940, numRuns: 200 });
    });

    it('connections are judged both ways as each accepted part\'s own replies judge them (fast-check, seed 3942)', () => {
        fc.assert(fc.property(policy, box, addressSet.filter(s => !s.any), fc.constantFrom(EVERY_IPV4, EVERY_IPV6), (p, whole, cut, family) => {
            // Connections of one address family; two boxes at once (the parts of one box inside and outside some addresses), as verify asks.
            const b = { ...whole, sources: whole.sources.intersect(family), destinations: whole.destinations.intersect(family) };
            const boxes = [{ ...b, sources: b.sources.intersect(cut) }, { ...b, sources: b.sources.subtract(cut) }].filter(x => !isEmptyBox(x));
            const together = connectionPieces([p], boxes), reference = boxes.flatMap(x => oneByOne(p, x));
            assert.deepEqual(decidedOtherwise(together, reference), []);
            assert.deepEqual(decidedOtherwise(reference, together), []);
        }), { seed: 3942, numRuns: 300 });
    });

    it('a stateful first rule, reached through a jump, passes the later packets as their evaluation does (fast-check, seed 3943)', () => {
        // Later packets a configuration accepts at the first rule they meet are not evaluated (acceptsAll in audit-plan.ts):
        // the connections must come out as when every later packet of every part is walked on its own.
        // Before it, now and then rules of some packets: accepts (`-i lo -j ACCEPT`), after which the others go on to it, or drops.
        const someAccepted = fc.array(fc.tuple(match, fc.constantFrom<RuleAction>({ kind: 'accept' }, { kind: 'accept' }, { kind: 'drop' })), { maxLength: 2 })
            .map(rules => rules.map(([m, a]): PolicyRule => ({ match: m, action: a, location: { file: 'fw', line: ++line, text: `${a.kind}s some` } })));
        const stateful = fc.tuple(policy, fc.subarray<ConnectionState>(['answer', 'established'], { minLength: 1 }), fc.boolean(), someAccepted).map(([p, states, viaJump, before]): FirewallPolicy => {
            const first: PolicyRule[] = [...before, { match: {}, states: new Set(states), action: { kind: 'accept' }, location: { file: 'fw', line: ++line, text: 'replies pass' } }];
            const [entry] = p.entry, chains = new Map(p.chains);
            if (!viaJump) chains.set(entry, { ...chains.get(entry)!, rules: [...first, ...chains.get(entry)!.rules] });
            else {
                chains.set('own', { name: 'own', rules: [...first, ...chains.get('c3')!.rules] });
                chains.set(entry, { ...chains.get(entry)!, rules: [{ match: {}, action: { kind: 'jump', chain: 'own' }, location: { file: 'fw', line: ++line, text: 'jump own' } }, ...chains.get(entry)!.rules] });
            }
            return { ...p, chains };
        });
        fc.assert(fc.property(stateful, box, fc.constantFrom(EVERY_IPV4, EVERY_IPV6), (p, whole, family) => {
            const b = { ...whole, sources: whole.sources.intersect(family), destinations: whole.destinations.intersect(family) };
            if (isEmptyBox(b)) return;
            const together = connectionPieces([p], b), reference = oneByOne(p, b);
            assert.deepEqual(decidedOtherwise(together, reference), []);
            assert.deepEqual(decidedOtherwise(reference, together), []);
        }), { seed: 3943, numRuns: 300 });
    });

    it('the matches found for a box are exactly those that meet it (fast-check, seed 3941)', () => {
        fc.assert(fc.property(fc.array(match, { maxLength: 30 }), box, (matches, b) => {
            const meeting = matches.flatMap((m, i) => splitBox(b, m).inside ? [i] : []);
            assert.deepEqual(new MatchIndex(matches).meeting(b), meeting);
        }), { seed: 3941, numRuns: 400 });
    });
});
