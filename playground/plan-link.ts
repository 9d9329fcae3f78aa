/**
 * A plan in the page's address, after `#`, which no browser sends to any server: `#plan=` the text
 * (encodeURIComponent), as anyone can write by hand, or `#zplan=` the text compressed (raw
 * DEFLATE, base64url), which the Share button writes: a link of a few KB for a plan of tens.
 */

const PLAIN = 'plan=';
const COMPRESSED = 'zplan=';

function base64url(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, c => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
    const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
    return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** The fragment (without `#`) that carries a plan, compressed. */
export async function planFragment(text: string): Promise<string> {
    return COMPRESSED + base64url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** The plan a fragment carries (`#plan=` or `#zplan=`), or undefined when it carries none; a damaged one throws. */
export async function planOfFragment(hash: string): Promise<string | undefined> {
    const fragment = hash.replace(/^#/, '');
    if (fragment.startsWith(PLAIN)) return decodeURIComponent(fragment.slice(PLAIN.length));
    if (fragment.startsWith(COMPRESSED)) {
        return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64url(fragment.slice(COMPRESSED.length)), new DecompressionStream('deflate-raw')));
    }
    return undefined;
}
