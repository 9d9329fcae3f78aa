import type { ConfigLocation, PolicyRule } from '../firewall-policy.js';
import type { Transport } from '../traffic-space.js';
import { addressesOf, portsOf, type ReadRule, type RuleContext } from './iptables-rule.js';
import type { LineWarning } from './masked-address.js';

/**
 * The rule nearly every line of SegPlan's iptables output is, and many of a hand-written rule set:
 * `-A CHAIN -s … -d … -p tcp -m tcp --dport …` (or `-m multiport --dports …`), a comment without
 * quotes or backslashes in it, `-j ACCEPT`, single spaces. Read with one expression, where the
 * general reading (readRule) takes the line word by word and asks its model of each word: the same
 * reading, as a property test holds, in a fraction of the time (a proof reads thousands of such
 * lines once each, in code that has mostly not been compiled yet). Anything else — another word,
 * another order, a negation, a quoted word other than the comment, a port match of another
 * protocol's module (`-p tcp -m udp`), a date, a table other than filter — is not this rule, and
 * the general reading reads it.
 */
const PLAIN_RULE = /^-A ([^\s"]\S*) -s ([^\s"]\S*) -d ([^\s"]\S*) -p (tcp|udp) -m (?:\4 --dport|multiport --dports) ([^\s"]\S*) -m comment --comment "[^"\\]*" -j ACCEPT$/;

/** The line's chain and reading when it is the plain rule (PLAIN_RULE), read as readRule reads it; otherwise undefined. */
export function readPlainRule(location: ConfigLocation, context: RuleContext): { readonly chain: string; readonly read: ReadRule } | undefined {
    if (context.table !== 'filter') return undefined;
    const m = PLAIN_RULE.exec(location.text);
    if (!m) return undefined;
    // `-s ! …`, `--dport ! …`: a negation where the value stands (the old place of it), the general reading's.
    if (m[2] === '!' || m[3] === '!' || m[5] === '!') return undefined;
    const protocol = m[4] as Transport;
    const line = location.line;
    // In readRule's order (-s, -d, then the ports): an error, or a warning, comes from the same word first.
    const warnings: LineWarning[] = [];
    const sources = addressesOf(m[2], line, context.values, warnings);
    const destinations = addressesOf(m[3], line, context.values, warnings);
    const destinationPorts = portsOf(m[5], line, context.values);
    // What the reader does not model (a host name, a service name) is the general reading's to say.
    if (typeof sources === 'string' || typeof destinations === 'string' || typeof destinationPorts === 'string') return undefined;
    const rule: PolicyRule = {
        states: undefined, unknown: undefined, condition: undefined, action: { kind: 'accept' }, location,
        match: { protocols: new Set([protocol]), sources, destinations, sourcePorts: undefined, destinationPorts }
    };
    return { chain: m[1], read: { rules: [rule], unevaluated: undefined, warnings, window: undefined } };
}
