import * as assert from 'node:assert/strict';
import { ciscoAsaEmitter } from '../../language/emit/cisco-asa.js';
import type { RuleSet, RuleSetEndpoint, RuleSetRule } from '../../language/emit/rule-set.js';
import { AddressSet } from '../../language/network/addresses.js';
import { portSetOf } from '../../language/network/ports.js';

/**
 * The ASA writer finds each endpoint's object group once per file and reuses it for every rule
 * that names the endpoint. Two endpoints that share a name but not their addresses (the same
 * text in two spellings, a part of a component) must each keep their own group: a reuse by
 * name would give the second rule the first one's addresses.
 */

function endpoint(key: string, name: string, zone: string, v4: string[]): RuleSetEndpoint {
    return { key, name, kind: 'address', zone, any: false, v4, v6: [], hostNames: [], unaddressed: [], addresses: AddressSet.EMPTY };
}

function rule(number: number, source: RuleSetEndpoint, destination: RuleSetEndpoint): RuleSetRule {
    return {
        id: String(number), sourceZone: source.zone, destinationZone: destination.zone, sources: [source], destinations: [destination],
        protocol: 'tcp', ports: portSetOf([{ from: 443, to: 443 }]), allPorts: false, purposes: [], vendors: [], citations: [],
        descriptions: [], origins: [], sameZone: false
    };
}

describe('Cisco ASA object groups per endpoint', () => {
    it('gives endpoints that share a name each their own group', () => {
        const a = endpoint('address:10.0.0.1', 'net-a', 'z1', ['10.0.0.1/32']);
        const b = endpoint('address:10.0.0.2', 'net-a', 'z1', ['10.0.0.2/32']);
        const to = endpoint('zone:z2', 'z2', 'z2', ['10.2.0.0/16']);
        const ruleSet: RuleSet = {
            planName: 'groups', planFile: 'groups.segplan', zones: ['z1', 'z2'], internetZones: [], zoneEndpoints: [],
            rules: [rule(1, a, to), rule(2, b, to), rule(3, a, to)], denies: [], hosts: [], notes: []
        };
        const text = ciscoAsaEmitter.emit(ruleSet).text;
        const members = new Map<string, string[]>();
        let group: string[] | undefined;
        for (const line of text.split('\n')) {
            const start = /^object-group network (\S+)/.exec(line);
            if (start) members.set(start[1], group = []);
            else if (group && line.startsWith(' network-object')) group.push(line.trim());
            else if (!line.startsWith(' ')) group = undefined;
        }
        const sourceHosts = [...text.matchAll(/extended permit tcp object-group (\S+) /g)].map(m => members.get(m[1]));
        assert.deepEqual(sourceHosts, [['network-object host 10.0.0.1'], ['network-object host 10.0.0.2'], ['network-object host 10.0.0.1']]);
    });
});
