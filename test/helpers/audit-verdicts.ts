import * as assert from 'node:assert/strict';
import { AddressSet, parseAddress } from '../../language/model/addresses.js';
import { evaluate, type FirewallPolicy, type Verdict } from '../../language/audit/firewall-policy.js';
import { boxOf, type Transport } from '../../language/audit/traffic-space.js';

/** An address set from one address, range or CIDR. */
export function addresses(text: string): AddressSet {
    const parsed = parseAddress(text);
    if (!('block' in parsed)) throw new Error(text);
    return AddressSet.of([parsed.block]);
}

/** What a policy does to one connection, which must have one verdict, and the line that decides it. */
export function verdictOf(policy: FirewallPolicy, protocol: Transport, from: string, to: string, port: number, state: 'new' | 'established' = 'new'): { verdict: Verdict; line: number; why?: string } {
    const pieces = evaluate(policy, boxOf(protocol, addresses(from), addresses(to), [{ from: port, to: port }]), state);
    const verdicts = new Set(pieces.map(p => p.verdict));
    assert.equal(verdicts.size, 1, `${from} -> ${to} ${protocol}/${port}: ${JSON.stringify(pieces.map(p => [p.verdict, p.decidedBy.line]))}`);
    return { verdict: pieces[0].verdict, line: pieces[0].decidedBy.line, ...(pieces[0].why ? { why: pieces[0].why } : {}) };
}
