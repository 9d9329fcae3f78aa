import type { ValidationAcceptor } from 'langium';
import type { Requirement } from '../generated/ast.js';

export const REQUIREMENT_PROTOCOL = 'requirement-protocol';
export const REQUIREMENT_PORT = 'requirement-port';
export const REQUIREMENT_TO_ITSELF = 'requirement-to-itself';

/**
 * A plan's own requirement names a transport and port numbers: it is checked like a vendor's
 * flow, so "any protocol", "N and up" or a vendor's port setting would leave its extent open.
 */
export function checkRequirement(requirement: Requirement, accept: ValidationAcceptor): void {
    if (requirement.protocol === 'any') {
        accept('error', 'A requirement names its transport: tcp, udp or tcp/udp. `any` would stand for every protocol, and no need is that wide.',
            { node: requirement, property: 'protocol', code: REQUIREMENT_PROTOCOL, data: { code: REQUIREMENT_PROTOCOL } });
    }
    requirement.ports.forEach((item, index) => {
        const open = item.value !== undefined && (item.perType !== undefined || String(item.value).endsWith('+'));
        if (item.setting || open) {
            accept('error', `Write the port numbers this need uses (443, 8000-8010): a requirement takes no ${item.setting ? 'vendor port setting' : '"N and up" port'}.`,
                { node: requirement, property: 'ports', index, code: REQUIREMENT_PORT, data: { code: REQUIREMENT_PORT } });
        }
    });
    const sources = new Set(requirement.sources.map(s => s?.$refText));
    const itself = requirement.destinations.find(d => d && sources.has(d.$refText));
    if (itself) {
        accept('warning', `${itself.$refText} -> ${itself.$refText}: a component's traffic to itself passes no firewall, so SegPlan checks nothing for it.`,
            { node: requirement, property: 'destinations', index: requirement.destinations.indexOf(itself), code: REQUIREMENT_TO_ITSELF, data: { code: REQUIREMENT_TO_ITSELF } });
    }
}
