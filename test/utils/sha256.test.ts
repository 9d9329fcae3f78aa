import * as assert from 'node:assert';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256Hex as inBrowser } from '../../language/utils/sha256.browser.js';
import { sha256Hex as inNode } from '../../language/utils/sha256.node.js';

// Emitted object names (PAN-OS, FortiGate and ASA digests, the Windows Firewall group) are made of
// this digest: the browser's twin must be Node's, byte for byte, or a rule set generated in the
// editor on the web would name its objects differently from the same plan's `segplan generate`.
const node = (text: string) => createHash('sha256').update(text).digest('hex');

for (const [where, sha256Hex] of [['in a browser', inBrowser], ['in Node', inNode]] as const) describe(`sha256Hex ${where}`, () => {
    it('is the digest of the standard test vectors', () => {
        assert.strictEqual(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
        assert.strictEqual(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('is Node\'s createHash(\'sha256\') of the same text: NULs, line breaks, non-ASCII and lone surrogates (property, seed 4747)', () => {
        const piece = fc.oneof(
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.constantFrom('\u0000', '\n', '\r\n', '\ud800', '\udfff', '\ud83d\ude00', 'é', 'SegPlan ')
        );
        fc.assert(fc.property(fc.array(piece, { maxLength: 8 }).map(parts => parts.join('')), text => {
            assert.strictEqual(sha256Hex(text), node(text));
        }), { seed: 4747, numRuns: 1000 });
    });

    it('is Node\'s across the block boundaries of SHA-256 (55, 56 and 64 bytes, and long texts)', () => {
        for (let length = 0; length <= 300; length++) assert.strictEqual(sha256Hex('x'.repeat(length)), node('x'.repeat(length)), `length ${length}`);
        const long = 'allow a -> b tcp 443\n'.repeat(50_000);
        assert.strictEqual(sha256Hex(long), node(long));
    });
});
