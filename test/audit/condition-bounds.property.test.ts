import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, evaluateUncut, type ConnectionState, type FirewallPolicy, type PolicyChain, type PolicyRule, type RuleAction } from '../../language/audit/firewall-policy.js';
import { boxOf, type Transport } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * A condition the reader does not model (a match module, an interface no zone is mapped to)
 * makes a rule match some unknown part of the packets it names. The evaluator gives a verdict
 * only where both bounds agree (firewall-policy.ts): it must never give one that some truth of
 * the conditions contradicts. The reference tries every truth: for each rule with such a
 * condition, the packet matches it, or it does not (a rule's condition is one fact about one
 * packet). On a chain without jumps, it must also say unknown only where the truths disagree.
 * fast-check, fixed seeds.
 */

const NETS = ['10.0.0.0/8', '10.0.0.0/24', '10.0.0.5', '10.0.1.0/24', '0.0.0.0/0'];
const PORTS: [number, number][] = [[1, 65535], [22, 22], [1, 1024], [443, 443], [20, 30]];
const CHAINS = ['c0', 'c1', 'c2'];
const STATES: ConnectionState[] = ['new', 'answer', 'established'];

const action = (jumps: boolean): fc.Arbitrary<RuleAction> => fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<RuleAction>({ kind: 'accept' }, { kind: 'drop' }, ...(jumps ? [{ kind: 'return' } as RuleAction] : []), { kind: 'continue' }) },
    ...(jumps ? [{ weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('jump' as const, 'goto' as const), chain: fc.constantFrom(...CHAINS.slice(1)) }) }] : [])
);

const rule = (jumps: boolean) => fc.record({
    match: fc.record({
        sources: fc.option(fc.constantFrom(...NETS).map(addresses), { nil: undefined }),
        destinationPorts: fc.option(fc.constantFrom(...PORTS).map(([from, to]) => [{ from, to }]), { nil: undefined }),
        protocols: fc.option(fc.constantFrom<Transport[]>(['tcp'], ['udp']).map(p => new Set(p)), { nil: undefined, freq: 4 })
    }, { requiredKeys: [] }),
    action: action(jumps),
    states: fc.option(fc.subarray(STATES, { minLength: 1 }).map(s => new Set(s)), { nil: undefined, freq: 4 }),
    condition: fc.option(fc.record({
        why: fc.constant('a condition not modeled'),
        states: fc.option(fc.subarray(STATES, { minLength: 1 }).map(s => new Set(s)), { nil: undefined })
    }), { nil: undefined, freq: 2 })
});

let line = 0;
const policy = (jumps: boolean): fc.Arbitrary<FirewallPolicy> => fc.tuple(...(jumps ? CHAINS : ['c0']).map(() => fc.array(rule(jumps), { maxLength: 7 })), fc.constantFrom<'accept' | 'drop'>('accept', 'drop'))
    .map(parts => {
        const verdict = parts[parts.length - 1] as 'accept' | 'drop';
        const lists = parts.slice(0, -1) as Omit<PolicyRule, 'location'>[][];
        const chains = new Map<string, PolicyChain>(lists.map((rules, c) => [CHAINS[c], {
            name: CHAINS[c], rules: rules.map(r => ({ ...r, location: { file: 'fw', line: ++line, text: `rule ${line}` } })),
            policy: c === 0 ? { verdict, location: { file: 'fw', line: ++line, text: 'policy' } } : undefined
        }]));
        return { kind: 'random', chains, entry: ['c0'], families: new Set(['ipv4', 'ipv6'] as const), unevaluated: [] };
    })
    // A handful of conditions: the reference tries every truth of them.
    .filter(p => [...p.chains.values()].reduce((n, c) => n + c.rules.filter(r => r.condition).length, 0) <= 5);

const packet = fc.record({
    protocol: fc.constantFrom<Transport>('tcp', 'udp'),
    source: fc.constantFrom('10.0.0.5', '10.0.0.9', '10.0.1.7', '192.0.2.1'),
    port: fc.constantFrom(1, 22, 25, 443, 2000),
    state: fc.constantFrom(...STATES)
});

type Packet = { protocol: Transport; source: string; port: number; state: ConnectionState };

/** Every verdict the policy can give the packet, one truth of the conditions after another. */
function everyTruth(p: FirewallPolicy, pk: Packet): Set<string> {
    const doubtful = [...p.chains.values()].flatMap(c => c.rules.filter(r => r.condition && (!r.condition.states || r.condition.states.has(pk.state))));
    const verdicts = new Set<string>();
    for (let truth = 0; truth < 1 << doubtful.length; truth++) {
        const holds = new Map(doubtful.map((r, i) => [r, (truth >> i & 1) === 1]));
        const chains = new Map([...p.chains].map(([name, c]) => [name, {
            ...c, rules: c.rules.filter(r => holds.get(r) !== false).map(r => ({ ...r, condition: undefined }))
        }]));
        const exact: FirewallPolicy = { ...p, chains };
        for (const piece of evaluateUncut(exact, boxOf(pk.protocol, addresses(pk.source), addresses('10.9.9.9'), [{ from: pk.port, to: pk.port }], [{ from: 40000, to: 40000 }]), pk.state)) verdicts.add(piece.verdict);
    }
    return verdicts;
}

function bounded(p: FirewallPolicy, pk: Packet): string {
    const pieces = evaluate(p, boxOf(pk.protocol, addresses(pk.source), addresses('10.9.9.9'), [{ from: pk.port, to: pk.port }], [{ from: 40000, to: 40000 }]), pk.state);
    assert.equal(new Set(pieces.map(x => x.verdict)).size, 1);
    return pieces[0].verdict;
}

describe('evaluator: conditions not modeled are bounded, never guessed', function () {
    this.timeout(300_000);

    it('a verdict is given only where every truth of the conditions gives it (fast-check, seed 4401)', () => {
        fc.assert(fc.property(policy(true), packet, (p, pk) => {
            const truths = everyTruth(p, pk), said = bounded(p, pk);
            if (said !== 'unknown') assert.deepEqual([...truths], [said], `said ${said}; the truths give ${[...truths].join(', ')}`);
        }), { seed: 4401, numRuns: 1500 });
    });

    it('on a chain without jumps, unknown only where the truths disagree (fast-check, seed 4402)', () => {
        fc.assert(fc.property(policy(false), packet, (p, pk) => {
            const truths = everyTruth(p, pk), said = bounded(p, pk);
            assert.equal(said, truths.size === 1 ? [...truths][0] : 'unknown', `the truths give ${[...truths].join(', ')}`);
        }), { seed: 4402, numRuns: 1500 });
    });

    it('behind a jump, a rule that cannot change the verdict leaves it known (an unmapped interface before the rule that decides)', () => {
        const rules = (list: Omit<PolicyRule, 'location'>[]) => list.map((r, i) => ({ ...r, location: { file: 'fw', line: i + 1, text: `rule ${i + 1}` } }));
        const p: FirewallPolicy = {
            kind: 'example', entry: ['c0'], families: new Set(['ipv4']), unevaluated: [], chains: new Map([
                ['c0', { name: 'c0', policy: { verdict: 'drop', location: { file: 'fw', line: 9, text: 'policy' } }, rules: rules([
                    { match: {}, condition: { why: 'interface eth9 is not mapped' }, action: { kind: 'jump', chain: 'c1' } },
                    { match: { destinationPorts: [{ from: 22, to: 22 }] }, action: { kind: 'accept' } }
                ]) }],
                ['c1', { name: 'c1', rules: rules([{ match: { sources: addresses('192.0.2.0/24') }, action: { kind: 'drop' } }]) }]
            ])
        };
        assert.equal(bounded(p, { protocol: 'tcp', source: '10.0.0.5', port: 22, state: 'new' }), 'accept');
        assert.equal(bounded(p, { protocol: 'tcp', source: '10.0.0.5', port: 23, state: 'new' }), 'drop');
        assert.equal(bounded(p, { protocol: 'tcp', source: '192.0.2.1', port: 22, state: 'new' }), 'unknown');
    });
});
