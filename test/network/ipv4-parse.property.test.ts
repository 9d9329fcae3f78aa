import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIp, parseAddress } from '../../language/network/addresses.js';

/**
 * IPv4 addresses are read character by character with numbers, for speed (10,000 components'
 * addresses after every edit). On texts made of digits, dots and a few other characters
 * (fast-check, seed 41), as a single address, a CIDR, a range and inside an IPv6 address, the
 * result must be what the plain reading gives — split at the dots, each part one to three
 * digits up to 255, a leading zero refused as ambiguous — value for value and message for message.
 */

type Read = bigint | { error: string; problem?: string };

/** The plain reading the fast one replaced. */
function plainIpv4(text: string): Read {
    const octets = text.split('.');
    if (octets.length !== 4) return { error: `'${text}' is not an IPv4 address: it needs four numbers separated by dots.` };
    let value = 0n;
    for (const octet of octets) {
        if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return { error: `'${text}' is not an IPv4 address: ${octet} is not a number from 0 to 255.` };
        value = (value << 8n) + BigInt(Number(octet));
    }
    if (octets.some(o => o.length > 1 && o.startsWith('0'))) {
        return { problem: 'leading-zero', error: `'${text}' is ambiguous: some tools read a number with a leading zero as octal (010 as 8). Write ${formatIp('ipv4', value)}.` };
    }
    return value;
}

const octet = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map(String),
    fc.integer({ min: 0, max: 999 }).map(String),
    fc.constantFrom('', '0', '00', '010', '007', '0255', '256', '1000', ' 1', '1a', '+1', '-1', '١')
);
const ipv4ish = fc.oneof(
    { arbitrary: fc.array(fc.integer({ min: 0, max: 255 }).map(String), { minLength: 4, maxLength: 4 }).map(parts => parts.join('.')), weight: 3 },
    { arbitrary: fc.array(octet, { minLength: 4, maxLength: 4 }).map(parts => parts.join('.')), weight: 2 },
    { arbitrary: fc.array(octet, { minLength: 1, maxLength: 6 }).map(parts => parts.join('.')), weight: 1 },
    { arbitrary: fc.stringMatching(/^[0-9.]{0,16}$/), weight: 1 }
);

describe('IPv4 addresses read character by character (property)', function () {
    it('give the plain reading\'s value or message, alone, as CIDR, in a range and in IPv6', function () {
        let accepted = 0, refused = 0;
        fc.assert(fc.property(ipv4ish, text => {
            // Texts with a letter are host names, and '-', '/' or ':' make a range, a CIDR or IPv6: read elsewhere.
            if (/[a-zA-Z_\-/:]/.test(text)) return;
            const plain = plainIpv4(text);
            const got = parseAddress(text);
            if (typeof plain === 'bigint') {
                accepted++;
                assert.deepEqual(got, { block: { kind: 'ipv4', interval: { from: plain, to: plain } } }, text);
                assert.deepEqual(parseAddress(`${text}-${text}`), { block: { kind: 'ipv4', interval: { from: plain, to: plain } } }, `${text} as a range`);
                assert.deepEqual(parseAddress(`${text}/32`), { block: { kind: 'ipv4', interval: { from: plain, to: plain } } }, `${text}/32`);
                const mapped = parseAddress(`64:ff9b::${text}`);
                assert.ok('block' in mapped && mapped.block.kind === 'ipv6' && mapped.block.interval.from === (0x64ff9bn << 96n) + plain, `64:ff9b::${text}`);
            } else {
                refused++;
                assert.deepEqual(got, plain, text);
            }
        }), { seed: 41, numRuns: 3000 });
        assert.ok(accepted > 300 && refused > 300, `${accepted} accepted, ${refused} refused`);
    });

    it('a prefix gives the bigint reading\'s network or message, whatever follows the slash (seed 43)', function () {
        /** The reading of `address/prefix` the number one replaced: bigint steps. */
        const plainPrefix = (text: string) => {
            const slash = text.indexOf('/');
            const ip = plainIpv4(text.slice(0, slash));
            if (typeof ip !== 'bigint') return ip;
            const prefixText = text.slice(slash + 1);
            const prefix = /^\d+$/.test(prefixText) ? BigInt(prefixText) : -1n;
            if (prefix < 0n || prefix > 32n) return { error: `'${text}' has an invalid prefix length: /${prefixText} must be 0 to 32.` };
            const hostBits = 32n - prefix, network = (ip >> hostBits) << hostBits;
            if (network !== ip) return { error: `'${text}' is not a network address: host bits are set. Did you mean ${formatIp('ipv4', network)}/${prefix}?` };
            return { block: { kind: 'ipv4', interval: { from: network, to: network + (1n << hostBits) - 1n } } };
        };
        const prefixText = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '032', '00', '-1', '1.5', ' 8', '8 ', '99999999999999999999999', 'x'));
        const address = fc.oneof({ arbitrary: fc.array(fc.integer({ min: 0, max: 255 }).map(String), { minLength: 4, maxLength: 4 }).map(parts => parts.join('.')), weight: 4 }, { arbitrary: ipv4ish, weight: 1 });
        let networks = 0;
        fc.assert(fc.property(address, prefixText, (ip, prefix) => {
            const text = `${ip}/${prefix}`;
            // A colon makes it IPv6, read elsewhere; letters, dashes and more slashes stay a prefix's errors.
            if (text.includes(':')) return;
            const plain = plainPrefix(text);
            if ('block' in plain) networks++;
            assert.deepEqual(parseAddress(text), plain, text);
        }), { seed: 43, numRuns: 5000 });
        assert.ok(networks > 200, `${networks} networks`);
    });
});
