import { parseAddress, type ParsedAddress } from '../network/addresses.js';
import { ObjectSlot } from '../utils/object-slot.js';
import { writtenLengthOf } from './node-position.js';

/** What each address node of a plan says, parsed once (see parsedAddressOf). */
const parses = new ObjectSlot<object, ParsedAddress>('parsed address');

/**
 * An address as a plan writes it (`at 10.0.0.5`, a zone's CIDR, a bare address in an allow rule),
 * parsed once per syntax node: nodes never change once parsed, and a component's addresses were
 * read three times in every build — by the address check, by the check that they lie in the zone,
 * and by the plan model — 30,000 parses of a 10,000-component plan where 10,000 do.
 */
export function parsedAddressOf(address: { readonly value: string; readonly $cstNode?: { readonly text: string } }): ParsedAddress {
    let parsed = parses.get(address);
    if (parsed === undefined) parses.set(address, parsed = parseWritten(address));
    return parsed;
}

/**
 * The parser joins a host name's labels whatever lies between them (`backup . corp`, a comment):
 * such an address is no address, so that no check, rule set or audit takes it for backup.corp.
 * The node holds its value and nothing else, so its text is the value as written.
 */
function parseWritten(address: { readonly value: string; readonly $cstNode?: { readonly text: string } }): ParsedAddress {
    // The value is the address's words joined, its text those words and what lies between them:
    // as long as the value, the text is the value. A lean node says its length without a place
    // made for it (a plan's every component has an address).
    const length = writtenLengthOf(address);
    const written = length === address.value.length ? address.value : address.$cstNode?.text;
    if (written !== undefined && written !== address.value) {
        return {
            error: `A host name is written without spaces: '${written.replace(/\s+/g, ' ')}' is not read as '${address.value}'. Write it as one word, or fix what was meant.`,
            problem: 'spaced-host-name'
        };
    }
    return parseAddress(address.value);
}

/** Whether an address as a plan writes it is a host name (`backup01.corp.local`), not an IP address, range or CIDR. */
export function isHostName(address: { readonly value: string }): boolean {
    const parsed = parsedAddressOf(address);
    return 'block' in parsed && parsed.block.kind === 'host';
}
