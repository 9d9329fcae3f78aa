import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanRuleSummary, cleanShortPurpose, ruleSummary, shortPurpose } from '../../language/emit/emitter.js';
import { cleanText, type CleanOptions } from '../../language/emit/escape.js';
import { iptablesEmitter } from '../../language/emit/iptables.js';
import type { RuleSet, RuleSetEndpoint, RuleSetRule } from '../../language/emit/rule-set.js';
import { AddressSet } from '../../language/network/addresses.js';
import type { PortRange } from '../../language/network/ports.js';

/**
 * The emitters test the pieces of a rule's summary and short purpose (zone and component names,
 * purposes, descriptions, vendors, citations) instead of the whole text, and clean the whole only
 * when a piece is not plain. The shortcut must give what cleaning the whole gives: fast-check
 * (seed 29) on rules whose pieces are mostly plain words and sometimes empty, spaced or unsafe,
 * with every target's options. The iptables writer counts multiport chunks as it writes their
 * port lists; its statements must be those of the chunks by definition (fast-check, seed 31).
 */

const OPTIONS: readonly CleanOptions[] = [
    {}, { max: 12 }, { max: 100 }, { extra: /[';$]/ }, { extra: /[';$]/, max: 200 }, { extra: /[';?]/, max: 120 }, { extra: /['$]/ }
];
const EDGE = ['vm1', 'z0', 'net-10-0-0-0-24', 'a.b', 'Veeam', 'rule 40', '', ' ', 'a ', ' a', 'a  b', '\t', '\n', "'", '"', '$', '$(', ';', '?', 'é', '→', '<', 'x'.repeat(60)];
const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...EDGE.slice(0, 6)) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE) }, fc.string({ maxLength: 4 }));
const pieces = fc.array(piece, { maxLength: 3 });

function endpoint(name: string): RuleSetEndpoint {
    return { key: `instance:${name}`, name, kind: 'instance', zone: 'z', any: false, v4: ['10.0.0.1/32'], v6: [], hostNames: [], unaddressed: [], addresses: AddressSet.EMPTY };
}

function ruleOf(parts: { zones: string[]; sources: string[]; destinations: string[]; purposes: string[]; descriptions: string[]; vendors: string[]; citations: string[]; until?: string }, ports: PortRange[] = [{ from: 443, to: 443 }]): RuleSetRule {
    return {
        id: '3fa09c1e', sourceZone: parts.zones[0], destinationZone: parts.zones[1],
        sources: parts.sources.map(endpoint), destinations: parts.destinations.map(endpoint),
        protocol: 'tcp', ports, allPorts: false, purposes: parts.purposes, vendors: parts.vendors, citations: parts.citations,
        descriptions: parts.descriptions, until: parts.until, origins: [], sameZone: false
    };
}

const rule = fc.record({
    zones: fc.tuple(piece, piece), sources: pieces, destinations: pieces, purposes: pieces, descriptions: pieces,
    vendors: pieces, citations: pieces, until: fc.option(fc.constantFrom('2030-01-31', '', ' 2030', "2030'"), { nil: undefined })
}).map(parts => ruleOf(parts));

describe('rule summaries and purposes cleaned by their pieces (fast-check, seed 29)', () => {
    it('give what cleaning the whole summary gives', () => {
        fc.assert(fc.property(rule, fc.constantFrom('r', '', 'vm1.h', 'a b.h', "x'.h"), fc.constantFrom(...OPTIONS), (r, prefix, options) => {
            assert.equal(cleanRuleSummary(r, prefix, options), cleanText(ruleSummary(r, prefix), options));
        }), { seed: 29, numRuns: 3000 });
    });

    it('give what cleaning the whole short purpose gives, with and without the rule\'s name', () => {
        fc.assert(fc.property(rule, fc.constantFrom(undefined, 'r-3fa09c1e', '', 'vm 1.h-3fa09c1e', '$r7'), fc.constantFrom(...OPTIONS), (r, where, options) => {
            const whole = where === undefined ? shortPurpose(r) : `${where} ${shortPurpose(r)}`;
            assert.equal(cleanShortPurpose(r, options, where), cleanText(whole, options));
        }), { seed: 29, numRuns: 3000 });
    });
});

/** multiport takes at most 15 ports, a range counting as two: the chunks by definition. */
function chunksByDefinition(ports: readonly PortRange[]): PortRange[][] {
    const chunks: PortRange[][] = [];
    let current: PortRange[] = [], weight = 0;
    for (const r of ports) {
        const w = r.from === r.to ? 1 : 2;
        if (weight + w > 15) { chunks.push(current); current = []; weight = 0; }
        current.push(r);
        weight += w;
    }
    if (current.length) chunks.push(current);
    return chunks;
}

const portText = (r: PortRange) => (r.from === r.to ? String(r.from) : `${r.from}:${r.to}`);

/** Ascending, disjoint ports and ranges, as a port set holds them. */
const ports = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 30 }).map(steps => {
    const list: PortRange[] = [];
    let next = 1;
    for (const [gap, range] of steps) {
        const from = next + gap;
        list.push({ from, to: range ? from + 3 : from });
        next = from + (range ? 3 : 0) + 2;
    }
    return list;
});

describe('iptables multiport chunks (fast-check, seed 31)', () => {
    it('are the chunks by definition, one statement each', () => {
        fc.assert(fc.property(ports, list => {
            const r = ruleOf({ zones: ['z1', 'z2'], sources: ['a'], destinations: ['b'], purposes: [], descriptions: ['d'], vendors: [], citations: [] }, list);
            const ruleSet: RuleSet = { planName: 'p', planFile: 'p.segplan', zones: ['z1', 'z2'], internetZones: [], zoneEndpoints: [], rules: [r], denies: [], hosts: [], notes: [] };
            const statements = iptablesEmitter.emit(ruleSet).text.split('\n').filter(l => l.startsWith('-A SEGPLAN-FORWARD -s'));
            const expected = chunksByDefinition(list).map(chunk => `-A SEGPLAN-FORWARD -s 10.0.0.1/32 -d 10.0.0.1/32 ${chunk.length === 1
                ? `-p tcp -m tcp --dport ${portText(chunk[0])}` : `-p tcp -m multiport --dports ${chunk.map(portText).join(',')}`} -m comment --comment "r-3fa09c1e d" -j ACCEPT`);
            assert.deepEqual(statements, expected);
        }), { seed: 31, numRuns: 500 });
    });
});
