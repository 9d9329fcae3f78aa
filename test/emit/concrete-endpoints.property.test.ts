import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { concreteSide, type ConcreteEndpoint } from '../../language/emit/emitter.js';
import type { RuleSetEndpoint } from '../../language/emit/rule-set.js';

/**
 * concreteSide makes what a target can express of an endpoint once per endpoint and FQDN support,
 * not once per rule. Fast-check (seed 43): on endpoints with and without prefixes and host names,
 * asked for in any order by targets with and without FQDN objects, it gives what the definition
 * below gives, warnings included.
 */

function sideByDefinition(endpoints: readonly RuleSetEndpoint[], fqdn: boolean, warnings: string[], where: string): ConcreteEndpoint[] {
    const result: ConcreteEndpoint[] = [];
    for (const endpoint of endpoints) {
        if (!fqdn && endpoint.hostNames.length > 0) {
            const note = `${where}: ${endpoint.name} is given by host name (${endpoint.hostNames.join(', ')}), which this target cannot match; left out.`;
            if (!warnings.includes(note)) warnings.push(note);
        }
        const c = { endpoint, v4: endpoint.v4, v6: endpoint.v6, hostNames: fqdn ? endpoint.hostNames : [], any: endpoint.any };
        if (c.any || c.v4.length || c.v6.length || c.hostNames.length) result.push(c);
    }
    return result;
}

const ENDPOINTS: RuleSetEndpoint[] = [
    { any: false, v4: ['10.0.0.1/32'], v6: [], hostNames: [] }, { any: false, v4: [], v6: [], hostNames: ['repo.example.com'] },
    { any: false, v4: [], v6: ['fd00::1/128'], hostNames: ['a.example.com'] }, { any: false, v4: [], v6: [], hostNames: [] },
    { any: true, v4: [], v6: [], hostNames: [] }
].map((e, i) => ({ ...e, key: `instance:e${i}`, name: `e${i}`, kind: 'instance', zone: 'z', unaddressed: [] }) as unknown as RuleSetEndpoint);

const asks = fc.array(fc.record({
    endpoints: fc.array(fc.constantFrom(...ENDPOINTS), { maxLength: 3 }), fqdn: fc.boolean(), where: fc.constantFrom('r1', 'r2')
}), { minLength: 1, maxLength: 8 });

describe('what a target can express of each endpoint (fast-check, seed 43)', () => {
    it('is what the definition gives, whichever target asked first', () => {
        fc.assert(fc.property(asks, list => {
            const warnings: string[] = [], expectedWarnings: string[] = [];
            for (const { endpoints, fqdn, where } of list) {
                assert.deepEqual(concreteSide(endpoints, fqdn, warnings, where), sideByDefinition(endpoints, fqdn, expectedWarnings, where));
            }
            assert.deepEqual(warnings, expectedWarnings);
        }), { seed: 43, numRuns: 1000 });
    });
});
