// Whether SegPlan's iptables rule set and Capirca's for the same policy let the same new TCP
// connections through, decided with the audit's iptables reader and evaluator
// (language/audit/), not by comparing texts.
import { evaluate, type FirewallPolicy } from '../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../language/audit/importers/iptables-save.js';
import { ALL_PORTS } from '../language/network/ports.js';
import { EVERY_IPV4, type TrafficBox } from '../language/audit/traffic-space.js';

export interface AllowedSetComparison {
    readonly same: boolean;
    /** The accept rules of each that were checked against the other. */
    readonly segplanRules: number;
    readonly capircaRules: number;
    /** What differs, at most a few examples. */
    readonly differences: readonly string[];
}

/**
 * Each accept rule's connections must all be accepted by the other rule set, both ways. What a
 * rule set accepts lies inside its accept rules' matches, so this proves the two accepted sets
 * equal (for new IPv4 TCP connections: both files hold nothing else), whatever drops, jumps or
 * order either uses.
 */
export function compareAllowedSets(segplanRestore: string, capircaOutput: string): AllowedSetComparison {
    const segplan = read(routerFile(segplanRestore), 'segplan.iptables');
    const capirca = read(capircaAsSave(capircaOutput), 'capirca.iptables');
    const differences: string[] = [];
    const segplanRules = acceptBoxes(segplan), capircaRules = acceptBoxes(capirca);
    for (const [boxes, other, name] of [[segplanRules, capirca, 'Capirca'], [capircaRules, segplan, 'SegPlan']] as const) {
        for (const { box, line } of boxes) {
            const refused = evaluate(other, box, 'new').filter(piece => piece.verdict !== 'accept');
            if (refused.length > 0 && differences.length < 5) differences.push(`${name} does not accept all of: ${line}`);
        }
    }
    return { same: differences.length === 0, segplanRules: segplanRules.length, capircaRules: capircaRules.length, differences };
}

function read(text: string, file: string): FirewallPolicy {
    const policy = iptablesSaveImporter.import(text, { file, interfaces: new Map(), hook: 'forward', now: new Date(), formatGiven: true }) as FirewallPolicy;
    if (policy.unevaluated.length > 0) throw new Error(`${file}: lines the audit cannot evaluate, first: ${policy.unevaluated[0].text}`);
    return policy;
}

/** The matches of every accept rule that new connections can meet, as boxes of TCP traffic. */
function acceptBoxes(policy: FirewallPolicy): Array<{ box: TrafficBox; line: string }> {
    const boxes: Array<{ box: TrafficBox; line: string }> = [];
    for (const chain of policy.chains.values()) {
        for (const rule of chain.rules) {
            if (rule.action.kind !== 'accept' || (rule.states && !rule.states.has('new'))) continue;
            if (rule.unknown) throw new Error(`${rule.location.file} line ${rule.location.line}: ${rule.unknown}`);
            if (rule.match.protocols && !rule.match.protocols.has('tcp')) continue;
            const { sources = EVERY_IPV4, destinations = EVERY_IPV4, sourcePorts = ALL_PORTS, destinationPorts = ALL_PORTS } = rule.match;
            boxes.push({ box: { protocol: 'tcp', sources, destinations, sourcePorts, destinationPorts }, line: rule.location.text });
        }
    }
    return boxes;
}

/** SegPlan's iptables-restore file in place on a router: FORWARD drops and jumps to SEGPLAN-FORWARD first. */
function routerFile(restore: string): string {
    return restore.replace(/^\*filter$/m, '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -j SEGPLAN-FORWARD');
}

/** Capirca's iptables output (`-P`, `-N` and `-A` commands) as iptables-save writes the same table. */
function capircaAsSave(output: string): string {
    // iptables-save declares every chain before the rules.
    const chains: string[] = [], rules: string[] = [];
    for (const line of output.split('\n')) {
        const policy = /^-P (\S+) (\S+)$/.exec(line);
        const chain = /^-N (\S+)$/.exec(line);
        if (policy) chains.push(`:${policy[1]} ${policy[2]} [0:0]`);
        else if (chain) chains.push(`:${chain[1]} - [0:0]`);
        else if (line.startsWith('-A ')) rules.push(line);
        else if (line.trim() && !line.startsWith('#')) throw new Error(`Capirca output line not understood: ${line}`);
    }
    return ['*filter', ...chains, ...rules, 'COMMIT', ''].join('\n');
}
