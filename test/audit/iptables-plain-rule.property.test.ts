import * as assert from 'node:assert';
import fc from 'fast-check';
import type { ConfigLocation } from '../../language/audit/firewall-policy.js';
import { readPlainRule } from '../../language/audit/importers/iptables-plain-rule.js';
import { readRule, ruleValues, type RuleContext } from '../../language/audit/importers/iptables-rule.js';
import { ruleWords } from '../../language/audit/importers/iptables-words.js';
import { EVERY_IPV4 } from '../../language/audit/traffic-space.js';

/**
 * The plain rule (iptables-plain-rule.ts) is read with one expression instead of word by word: for
 * every line it takes, the reading must be readRule's — the same policy rules, warnings and
 * errors — and the lines it leaves are readRule's alone. Lines are drawn around the plain shape:
 * each word either as SegPlan writes it or changed (negated, another module, a host name, a
 * service name, a mask, bad addresses and ports, other spacing, another target or table).
 * fast-check, fixed seeds.
 */

const NOW = new Date('2026-06-01T12:00:00Z');
const options = { file: 'fw.rules', interfaces: new Map(), hook: 'forward' as const, now: NOW };

function context(table: string, values = ruleValues()): RuleContext {
    return { table, universe: EVERY_IPV4, options, values, chainOf: name => name === 'SEGPLAN-FORWARD' || name === 'ACCEPT' ? name : undefined };
}

/** Mostly the word as SegPlan writes it, sometimes one of the changes. */
const mostly = <T>(plain: fc.Arbitrary<T>, ...changes: T[]): fc.Arbitrary<T> =>
    fc.oneof({ arbitrary: plain, weight: 12 }, { arbitrary: fc.constantFrom(...changes), weight: 1 });

const address = mostly(
    fc.constantFrom('10.0.4.10/32', '10.0.0.0/16', '192.168.1.1', '0.0.0.0/0', '10.1.0.0/255.255.0.0', '10.0.0.5/24', 'fd00::1/128'),
    '10.1.0.0/255.0.255.0', 'backup.example.com', '300.1.1.1', '10.0.0.0/40', '!10.0.0.1', '10.0.0.1-10.0.0.9', '', '"10.0.0.1"', '"10.0.0.1'
);
const addresses = fc.array(address, { minLength: 1, maxLength: 3 }).map(list => list.join(','));
const port = mostly(fc.constantFrom('443', '443:445', '1024:', ':80', '65535', '08'), '0', '70000', '5:3', 'http', 'ssh:http', '', '!', '"443"');
const ports = fc.array(port, { minLength: 1, maxLength: 3 }).map(list => list.join(','));
const comment = mostly(fc.constantFrom('"r-7ab5dc63 rule 40"', '""'), '"a \\"quoted\\" word"', '"back\\\\slash"', 'plain', '"tab\there"', '"x"y');
const space = mostly(fc.constant(' '), '  ', '\t', '');

/** A line near the plain rule: the plain words, any of them changed. */
const line = fc.record({
    chain: mostly(fc.constantFrom('SEGPLAN-FORWARD', 'FORWARD', 'ACCEPT', 'X_1'), '"SEGPLAN-FORWARD"', '!'),
    negate: mostly(fc.constant(''), '! '),
    sources: addresses, destinations: addresses,
    protocol: mostly(fc.constantFrom('tcp', 'udp'), 'TCP', 'icmp', 'all'),
    module: mostly(fc.constant(''), 'tcp', 'udp', 'multiport', 'sctp'),
    option: mostly(fc.constantFrom('--dport', '--dports'), '--destination-port', '--sport', '--ports'),
    ports, comment,
    target: mostly(fc.constant('-j ACCEPT'), '-j DROP', '-j ACCEPT --foo', '-g ACCEPT', '-j SEGPLAN-FORWARD'),
    spaces: fc.array(space, { minLength: 7, maxLength: 7 }),
    extra: mostly(fc.constant(''), '-m time --datestop 2030-01-01T00:00:00 ', '-m conntrack --ctstate NEW ')
}).map(l => {
    const s = l.spaces;
    // The protocol's own module (multiport for a list) unless drawn otherwise, as the plain rule loads it.
    const module = l.module === '' ? (l.option === '--dports' ? 'multiport' : l.protocol) : l.module;
    return `-A${s[0]}${l.chain}${s[1]}${l.negate}-s ${l.sources}${s[2]}-d ${l.destinations}${s[3]}-p ${l.protocol}${s[4]}-m ${module} ${l.option} ${l.ports}${s[5]}${l.extra}`
        + `-m comment --comment ${l.comment}${s[6]}${l.target}`;
});

type Outcome = { kind: 'read'; value: unknown } | { kind: 'error'; message: string };

function outcome(read: () => unknown): Outcome {
    try {
        return { kind: 'read', value: read() };
    } catch (error) {
        return { kind: 'error', message: (error as Error).message };
    }
}

/** Reads the lines both ways, each way with its own values shared by its lines (as a file's rules share them); counts the lines read plainly. */
function compare(lines: readonly string[], table: string): number {
    const general = context(table), plain = context(table);
    let taken = 0;
    lines.forEach((text, i) => {
        const location: ConfigLocation = { file: options.file, line: i + 1, text };
        const fast = outcome(() => readPlainRule(location, plain));
        if (fast.kind === 'read' && fast.value === undefined) {
            // Left to readRule: it reads the line into its own values, which the next lines share.
            outcome(() => readRule(ruleWords(text), location, plain, 2));
            outcome(() => readRule(ruleWords(text), location, general, 2));
            return;
        }
        const words = ruleWords(text);
        const slow = outcome(() => ({ chain: words[1], read: readRule(words, location, general, 2) }));
        assert.deepStrictEqual(fast, slow, text);
        if (fast.kind === 'read') taken++;
    });
    return taken;
}

describe('iptables: the plain rule reads as readRule reads it', function () {
    this.timeout(300_000);

    it('a line near the plain rule: the same reading, warnings and errors (fast-check, seed 4621)', () => {
        let runs = 0, taken = 0;
        fc.assert(fc.property(line, fc.constantFrom('filter', 'filter', 'filter', 'nat'), (text, table) => {
            runs++;
            taken += compare([text], table);
        }), { seed: 4621, numRuns: 3000 });
        // The draw reaches the plain rule often enough for the comparison to hold something.
        assert.ok(taken >= runs / 10, `${taken} of ${runs} lines read as the plain rule`);
    });

    it('lines of one file share their addresses and ports: each read as readRule reads it (fast-check, seed 4622)', () => {
        let taken = 0;
        fc.assert(fc.property(fc.array(line, { minLength: 2, maxLength: 12 }), lines => {
            taken += compare(lines, 'filter');
        }), { seed: 4622, numRuns: 500 });
        assert.ok(taken > 0);
    });

    it('the lines SegPlan writes are plain rules', () => {
        const lines = [
            '-A SEGPLAN-FORWARD -s 10.0.4.10/32 -d 10.2.9.10/32 -p tcp -m tcp --dport 443 -m comment --comment "r-7ab5dc63 rule 40" -j ACCEPT',
            '-A SEGPLAN-FORWARD -s 10.0.1.10/32,10.0.1.11/32 -d 10.5.6.10/32 -p tcp -m multiport --dports 443,8443 -m comment --comment "r-ec90bd9d rule 4215" -j ACCEPT',
            '-A SEGPLAN-INPUT -s 10.0.0.0/16 -d 10.57.9.10/32 -p udp -m udp --dport 53 -m comment --comment "r-b40e21fb rule 0" -j ACCEPT'
        ];
        assert.strictEqual(compare(lines, 'filter'), lines.length);
    });
});
