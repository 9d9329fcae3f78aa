import type { AllowRule, DenyRule, PortItem, RuleEndpoint } from '../generated/ast.js';
import type { LeftStatement } from '../analysis/deny-narrowing.js';

/**
 * The text of what is left of an allow rule or a deny once some traffic is taken out (the
 * analysis says which endpoints and ports are left: deny-narrowing.ts): each left statement
 * written with the statement's keyword, its endpoints, ports, reason and `until` as written.
 */
export function narrowedStatements(node: AllowRule | DenyRule, left: readonly LeftStatement[]): string[] {
    return left.map(statement => statementText(
        node, statement.sources.map(i => node.sources[i]), statement.destinations.map(i => node.destinations[i]),
        statement.ports ?? (node.ports.length === 0 ? undefined : portsText(node.ports)), statement.protocol
    ));
}

function portsText(ports: readonly PortItem[]): string {
    return ports.map(p => p.$cstNode?.text ?? String(p.value ?? '')).join(', ');
}

function endpointText(endpoint: RuleEndpoint): string {
    return endpoint.$cstNode?.text ?? (endpoint.any ? 'any' : endpoint.address?.value ?? endpoint.target?.$refText ?? '');
}

/** The statement written again with these endpoints and ports; its keyword, reason and `until` as they were. */
function statementText(node: AllowRule | DenyRule, sources: readonly RuleEndpoint[], destinations: readonly RuleEndpoint[], ports: string | undefined, protocol: string): string {
    const keyword = node.$type === 'DenyRule' ? 'deny' : 'allow';
    const description = node.description === undefined ? '' : ` ${descriptionText(node)}`;
    const until = node.$type === 'AllowRule' && node.until ? ` until ${node.until}` : '';
    const portList = ports ? ` ${ports}` : '';
    return `${keyword} ${sources.map(endpointText).join(', ')} -> ${destinations.map(endpointText).join(', ')} ${protocol}${portList}${description}${until}`;
}

/** The reason as written (its quotes and escapes), from the text. */
function descriptionText(node: AllowRule | DenyRule): string {
    const text = node.$cstNode?.text ?? '';
    const match = /"(?:\\.|[^"\\])*"\s*(?:until\s+\S+\s*)?$/.exec(text);
    return match ? match[0].replace(/\s*until\s+\S+\s*$/, '').trim() : `"${(node.description ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
