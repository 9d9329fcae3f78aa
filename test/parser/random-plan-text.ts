/**
 * Random plan texts for comparing the lean parser with Langium's: every plan statement with and
 * without its optional parts, lists, comments, blank lines and every kind of line end between and
 * inside statements, strings with escapes and line breaks, addresses of every form, names that
 * start like keywords or are words of the language, and tokens that only nearly are what a statement needs.
 */
export type Random = () => number;

const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)];
const chance = (next: Random, p: number) => next() < p;

const NAMES = ['a', 'web', 'zones2', 'allowed', 'zone-a', '_x', 'db1', 'anyhost', 'z0', 'Site-1', 'internet2', 'natural', 'tcp2', 'per_x', 'in1', 'ato', 'os2', 'A_b-c', 'x'];
/** Words of the language that are names too, where a zone, site, component or platform is named (a dotted name takes none). */
const WORD_NAMES = ['deny', 'require', 'quote', 'guardrail', 'database', 'to', 'by', 'document', 'esxi', 'per', 'follows'];
const NEAR_NAMES = ['zone', 'any', 'in', '2fa', 'zone-', 'a-'];
const ADDRESSES = ['10.0.0.1', '10.0.0.0/24', '10.0.0.1-10.0.0.9', '10.0.300.1', '1.2', 'fe80::1', '2001:db8::/32', '::1', '::ffff:10.0.0.1', 'fe80::1%eth0',
    'dead:beef::1-dead:beef::9', 'host.example.com', 'server', 'database.to.deny', 'quote', '2fa.zeronetworks.com', 'a.b-c.d', 'abc', 'face'];
const PORTS = ['80', '0080', '1000-2000', '9082+', '9082+ 2 per zerto.Vra', '9082+ 10 per x', 'veeam.RestPort', 'x', '443', '0'];
const STRINGS = ['"plain"', '"with \\"escape\\""', '"tab\\tx"', '"back\\\\slash"', '"multi\nline"', '"cr\rline"', '"crlf\r\nline"', '""', '"\\n\\u0041\\0"', '"// not a comment"', '" spaced at both ends "'];
const PROTOCOLS = ['tcp', 'udp', 'tcp/udp', 'any'];
const OSES = ['windows', 'linux', 'esxi', 'appliance'];
const RELATIONS = [['managed', 'by'], ['database'], ['writes', 'to'], ['pushed', 'from'], ['monitors'], ['managed'], ['writes'], ['managed-by']];
const DATES = ['2026-01-31', '2099-12-01'];
const NEAR_MISSES = ['tcp/ud', '10.0.0.', '80+x', '2026-1-31', '->>', '<-', 'a..b', ':::', '"open', '/* open', '#', 'é', '{', '}', '='];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n', ' /* c */ ', ' // c\n', '/*\r\nmulti\r\n*/', '\u00a0', ' //\r', '\n\r\n'];
const STATEMENT_SEPARATORS = ['\n', '\n', '\r\n', '\r', '\n\n', '\n// comment\n', '\n/** doc */\n', ' ', '\r\n\r\n'];

function name(next: Random): string {
    return chance(next, 0.15) ? pick(next, WORD_NAMES) : plainName(next);
}

function plainName(next: Random): string {
    return chance(next, 0.03) ? pick(next, NEAR_NAMES) : pick(next, NAMES);
}

function qualified(next: Random): string {
    const parts = [plainName(next)];
    while (chance(next, 0.4)) parts.push(plainName(next));
    return parts.join(pick(next, ['.', '.', '.', ' . ', '/**/.']));
}

function list(next: Random, item: () => string): string[] {
    const items = [item()];
    while (chance(next, 0.35)) items.push(',', item());
    return items;
}

function endpoint(next: Random): string {
    return chance(next, 0.2) ? 'any' : chance(next, 0.25) ? pick(next, ADDRESSES.slice(0, 10)) : name(next);
}

/** One statement's tokens. */
function statement(next: Random): string[] {
    switch (Math.floor(next() * 10)) {
        case 0: return ['zone', name(next), ...(chance(next, 0.2) ? ['internet'] : list(next, () => pick(next, ADDRESSES))),
            ...(chance(next, 0.3) ? ['behind', 'nat'] : []), ...(chance(next, 0.4) ? [pick(next, STRINGS)] : [])];
        case 1: return ['site', name(next), ...(chance(next, 0.4) ? [pick(next, STRINGS)] : []), 'zones', ...list(next, () => name(next))];
        case 2: return ['pair', name(next), pick(next, ['->', '<->']), name(next)];
        case 3: {
            const tokens = [name(next), ':', qualified(next), 'in', name(next)];
            if (chance(next, 0.5)) tokens.push('at', ...list(next, () => pick(next, ADDRESSES)));
            while (chance(next, 0.4)) {
                tokens.push(...pick(next, [['os', pick(next, OSES)], ['on', name(next)], ['behind', 'nat'],
                    [...pick(next, RELATIONS), ...list(next, () => name(next))]]));
            }
            if (chance(next, 0.4)) tokens.push(pick(next, STRINGS));
            return tokens;
        }
        case 4: return ['use', qualified(next)];
        case 5: return ['set', qualified(next), '=', pick(next, ['80', '0443', '9']), ...(chance(next, 0.4) ? ['for', ...list(next, () => name(next))] : [])];
        case 6: case 7: {
            const tokens = ['allow', ...list(next, () => endpoint(next)), '->', ...list(next, () => endpoint(next)), pick(next, PROTOCOLS)];
            if (chance(next, 0.7)) tokens.push(...list(next, () => pick(next, PORTS)));
            if (chance(next, 0.4)) tokens.push(pick(next, STRINGS));
            if (chance(next, 0.2)) tokens.push('until', pick(next, DATES));
            return tokens;
        }
        case 8: {
            // A deny statement, whose first word is also a name (`deny : …` is a component).
            const tokens = ['deny', ...list(next, () => endpoint(next)), '->', ...list(next, () => endpoint(next)), pick(next, PROTOCOLS)];
            if (chance(next, 0.7)) tokens.push(...list(next, () => pick(next, PORTS)));
            if (chance(next, 0.4)) tokens.push(pick(next, STRINGS));
            return tokens;
        }
        default: return ['require', ...list(next, () => name(next)), '->', ...list(next, () => name(next)), pick(next, PROTOCOLS),
            ...list(next, () => pick(next, PORTS)), pick(next, STRINGS), ...(chance(next, 0.3) ? ['install-only'] : [])];
    }
}

/** A random plan; `wellFormed` leaves out the vendor and platform statements and near-miss tokens. */
export function randomPlanText(next: Random, wellFormed = false): string {
    const parts: string[] = [];
    if (chance(next, 0.3)) parts.push(`plan ${pick(next, STRINGS)}`);
    while (chance(next, 0.2)) parts.push(`import ${pick(next, STRINGS)}`);
    const count = 1 + Math.floor(next() * 8);
    for (let s = 0; s < count; s++) {
        if (!wellFormed && chance(next, 0.04)) parts.push(pick(next, ['platform vsphere "vSphere"', 'vendor v "V" { component C "C" }']));
        const tokens = statement(next);
        if (!wellFormed && chance(next, 0.08)) tokens.splice(Math.floor(next() * (tokens.length + 1)), 0, pick(next, NEAR_MISSES));
        let text = tokens[0];
        for (const token of tokens.slice(1)) text += (chance(next, 0.15) ? pick(next, SEPARATORS) : ' ') + token;
        parts.push(text);
    }
    let text = '';
    for (const part of parts) text += (text ? pick(next, STATEMENT_SEPARATORS) : chance(next, 0.2) ? pick(next, STATEMENT_SEPARATORS) : '') + part;
    return text + (chance(next, 0.5) ? pick(next, STATEMENT_SEPARATORS) : '');
}

const INSERTED = ['"', '/', '*', ',', ':', '.', '-', '+', ' ', '\n', '\r', 'a', '1', '{', '}', '<', '>', '=', '\\', '#'];

/** The text with a few characters deleted or inserted at random places. */
export function mutate(next: Random, text: string): string {
    let result = text;
    const count = 1 + Math.floor(next() * 3);
    for (let m = 0; m < count; m++) {
        const at = Math.floor(next() * (result.length + 1));
        result = chance(next, 0.5) ? result.slice(0, at) + result.slice(at + 1) : result.slice(0, at) + pick(next, INSERTED) + result.slice(at);
    }
    return result;
}
