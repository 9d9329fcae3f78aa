import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, formatInterval, isWholeFamily, nonInternetSpace, parseAddress, toCidrs, type AddressBlock } from '../../language/network/addresses.js';
import { parsedAddressOf } from '../../language/parser/address-of-node.js';

function block(text: string): AddressBlock {
    const parsed = parseAddress(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.block;
}
const set = (...texts: string[]) => AddressSet.of(texts.map(block));

describe('addresses', () => {
    it('parses IPv4 and IPv6 addresses, ranges, CIDRs and host names', () => {
        assert.equal(set('10.0.0.0/24').format(), '10.0.0.0/24');
        assert.equal(set('10.0.0.1-10.0.0.9').format(), '10.0.0.1-10.0.0.9');
        assert.equal(set('fd00::1').format(), 'fd00::1');
        assert.equal(set('2001:db8::/32').format(), '2001:db8::/32');
        assert.equal(set('Repo.Example.com').format(), 'repo.example.com');
        assert.equal(set('2fa.zeronetworks.com').format(), '2fa.zeronetworks.com');
        assert.match((parseAddress('10.0.0.300') as { error: string }).error, /not an IPv4 address/);
    });

    it('explains invalid addresses', () => {
        const error = (t: string) => (parseAddress(t) as { error: string }).error;
        assert.match(error('10.0.0.256'), /256 is not a number from 0 to 255/);
        assert.match(error('10.0.0.1/24'), /Did you mean 10\.0\.0\.0\/24\?/);
        assert.match(error('10.0.0.0/40'), /prefix length/);
        assert.match(error('fd00::1::2'), /only once/);
        assert.match(error('10.0.0.9-10.0.0.1'), /backwards/);
        assert.match(error('10.0.0.1-fd00::1'), /mixes IPv4 and IPv6/);
    });

    it('answers containment and overlap across rules', () => {
        const zone = set('10.30.0.0/24');
        assert.ok(zone.contains(set('10.30.0.21', '10.30.0.22')));
        assert.ok(!zone.contains(set('10.30.0.250-10.30.1.5')));
        assert.ok(zone.intersects(set('10.30.0.250-10.30.1.5')));
        assert.ok(!zone.intersects(set('10.31.0.0/16')));
        assert.ok(AddressSet.ANY.contains(set('fd00::1', 'host.example')));
        assert.ok(!set('10.0.0.0/8').contains(set('fd00::1')));
        assert.equal(set('10.0.0.0/24').subtract(set('10.0.0.128/25')).format(), '10.0.0.0/25');
        assert.equal(set('10.0.0.5', 'a.example').subtract(set('a.example')).format(), '10.0.0.5');
    });

    it('formats and splits intervals into CIDRs', () => {
        const range = (block('10.0.0.3-10.0.0.17') as { interval: { from: bigint; to: bigint } }).interval;
        assert.deepEqual(toCidrs('ipv4', range), ['10.0.0.3/32', '10.0.0.4/30', '10.0.0.8/29', '10.0.0.16/31']);
        assert.equal(formatInterval('ipv6', (block('fd00::/64') as { interval: { from: bigint; to: bigint } }).interval), 'fd00::/64');
    });

    it('names the address forms a firewall cannot take as written, with the form to write', () => {
        const problem = (text: string) => parseAddress(text) as { error: string; problem?: string };
        assert.equal(problem('::ffff:10.0.0.1').problem, 'ipv4-mapped');
        assert.match(problem('::ffff:10.0.0.1').error, /Write 10\.0\.0\.1\./);
        assert.equal(problem('fe80::1%eth0').problem, 'interface-index');
        assert.equal(problem('fe80::1%eth0.100').problem, 'interface-index');
        assert.equal(problem('010.0.0.1').problem, 'leading-zero');
        assert.match(problem('10.0.0.01').error, /Write 10\.0\.0\.1\./);
        assert.equal(problem('::ffff:10.0.0.300').problem, undefined, 'a wrong IPv4 tail is a plain syntax error');
        // An embedded IPv4 tail that is not a mapped address is the address it spells.
        assert.equal(AddressSet.of([block('64:ff9b::10.0.0.1')]).format(), '64:ff9b::a00:1');
        assert.equal(AddressSet.of([block('0.0.0.0')]).format(), '0.0.0.0');
    });

    it('knows the address space that is never on the internet, and the whole address space', () => {
        const space = (text: string) => nonInternetSpace(block(text))?.name;
        assert.equal(space('10.1.2.3'), 'private (RFC 1918)');
        assert.equal(space('172.31.255.255'), 'private (RFC 1918)');
        assert.equal(space('172.32.0.0'), undefined);
        assert.equal(space('192.168.0.0/16'), 'private (RFC 1918)');
        assert.equal(space('8.0.0.0/6'), 'private (RFC 1918)', 'a block that reaches into 10.0.0.0/8');
        assert.equal(space('169.254.9.9'), 'link-local');
        assert.equal(space('fe80::1'), 'link-local');
        assert.equal(space('fd12::1'), 'unique local (ULA)');
        assert.equal(space('::1'), 'loopback');
        assert.equal(space('198.51.100.7'), undefined);
        assert.equal(space('2001:db8::1'), undefined);
        assert.ok(isWholeFamily(block('0.0.0.0/0')) && isWholeFamily(block('::/0')));
        assert.ok(!isWholeFamily(block('0.0.0.0/1')) && !isWholeFamily(block('host.example')));
    });

    it('tells whether a set holds one block as a set of that block would (containsBlock)', () => {
        // Networks and blocks around 10.0.0.0/22 and 2001:db8::/126, and host names.
        const v4 = fc.integer({ min: 0, max: 1023 }).map(n => `10.0.${n >> 8}.${n & 255}`);
        const v6 = fc.integer({ min: 0, max: 3 }).map(n => `2001:db8::${n}`);
        const range = (ip: fc.Arbitrary<string>) => fc.tuple(ip, ip).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
        const text = fc.oneof(v4, v6, range(v4), range(v6), fc.constantFrom('repo.example', 'vbr.example', '10.0.0.0/23', '10.0.2.0/24', '2001:db8::/127'));
        fc.assert(fc.property(fc.array(text, { maxLength: 6 }), text, fc.boolean(), (networks, one, any) => {
            const blocks = networks.map(t => parseAddress(t)).filter(p => 'block' in p).map(p => (p as { block: AddressBlock }).block);
            const holder = any ? AddressSet.ANY : AddressSet.of(blocks);
            const parsed = parseAddress(one);
            if (!('block' in parsed)) return;
            assert.equal(holder.containsBlock(parsed.block), holder.contains(AddressSet.of([parsed.block])), `${networks.join(', ')} ⊇ ${one}`);
        }), { seed: 2207, numRuns: 2000 });
    });

    it('calls two sets equal exactly when they format alike (equals, property)', () => {
        const host = fc.integer({ min: 0, max: 15 });
        const range = fc.tuple(host, host).map(([a, b]) => `10.0.0.${Math.min(a, b)}-10.0.0.${Math.max(a, b)}`);
        const text = fc.oneof(host.map(n => `10.0.0.${n}`), range, fc.constantFrom('10.0.0.0/29', '2001:db8::1', '2001:db8::/127', 'repo.example', 'vbr.example'));
        const addressSet = fc.tuple(fc.array(text, { maxLength: 4 }), fc.boolean()).map(([texts, any]) => any ? AddressSet.ANY : set(...texts));
        fc.assert(fc.property(addressSet, addressSet, (a, b) => {
            assert.equal(a.equals(b), a.format() === b.format(), `${a.format()} / ${b.format()}`);
            assert.ok(a.equals(AddressSet.unionOf([a, AddressSet.EMPTY])), 'a set equals a copy of itself');
        }), { seed: 2208, numRuns: 3000 });
    });

    it('parses the address of a syntax node once, to what parseAddress gives (parsedAddressOf)', () => {
        const node = { value: '10.0.1.0/24' }, other = { value: '10.0.1.0/24' }, wrong = { value: '10.0.1.1/24' };
        assert.deepEqual(parsedAddressOf(node), parseAddress('10.0.1.0/24'));
        assert.equal(parsedAddressOf(node), parsedAddressOf(node), 'the same parse for the same node');
        assert.notEqual(parsedAddressOf(other), parsedAddressOf(node), 'another node, its own parse');
        assert.deepEqual(parsedAddressOf(wrong), parseAddress('10.0.1.1/24'));
    });
});
