import fc from 'fast-check';

/**
 * Random plans nobody wrote by hand, for the property tests of the emitters: zones `z0`… over IPv4
 * and IPv6 (`10.7N.0.0/24, fd7N::/64`), components `c0`… that nest, overlap and share addresses,
 * allow rules between components and zones (some written as bare addresses) over TCP, UDP or
 * both, with expired and future `until` dates.
 */

const TYPES = ['veeam.BackupServer os windows', 'veeam.Proxy os windows on vsphere', 'veeam.HardenedRepository', 'infra.VmGuest os linux', 'infra.VmGuest os windows', 'infra.PostgreSql os linux'];

const component = fc.record({
    type: fc.integer({ min: 0, max: TYPES.length - 1 }),
    // 0: one host; 1: a /28; 2: a range; 3: one host inside the previous component; 4: the previous component's address.
    shape: fc.integer({ min: 0, max: 4 }),
    at: fc.integer({ min: 1, max: 200 }),
    v6: fc.boolean()
});
const rule = fc.record({
    from: fc.nat(), to: fc.nat(), toZone: fc.boolean(),
    // 1: the destination written as a bare address (a component's own); 2: the source as a bare CIDR inside a zone.
    bare: fc.integer({ min: 0, max: 2 }),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.integer({ min: 1000, max: 9000 }).map(p => `${p}-${p + 50}`)), { minLength: 1, maxLength: 3 }),
    until: fc.constantFrom(undefined, '2020-01-01', '2099-12-31')
});
export const planShape = fc.record({
    zones: fc.integer({ min: 2, max: 4 }),
    components: fc.array(fc.tuple(fc.nat(), component), { minLength: 2, maxLength: 7 }),
    rules: fc.array(rule, { minLength: 1, maxLength: 6 })
});

export type PlanShape = typeof planShape extends fc.Arbitrary<infer T> ? T : never;

export function planText(shape: PlanShape): string {
    const lines = ['plan "generated"'];
    for (let z = 0; z < shape.zones; z++) lines.push(`zone z${z} 10.7${z}.0.0/24, fd7${z}::/64`);
    const placed: { zone: number; v4: string; v6?: string }[] = [];
    shape.components.forEach(([zoneSeed, c], i) => {
        const zone = zoneSeed % shape.zones;
        const previous = placed.filter(p => p.zone === zone).at(-1);
        let v4: string, v6: string | undefined;
        if ((c.shape === 3 || c.shape === 4) && previous) {
            const first = previous.v4.split(/[-/]/)[0];
            v4 = c.shape === 4 ? previous.v4 : first;
            v6 = c.v6 ? previous.v6 : undefined;
        } else if (c.shape === 1) {
            const base = c.at & 0xf0;
            v4 = `10.7${zone}.0.${base}/28`;
            v6 = c.v6 ? `fd7${zone}::${base.toString(16)}/124` : undefined;
        } else if (c.shape === 2) {
            const from = Math.min(c.at, 240);
            v4 = `10.7${zone}.0.${from}-10.7${zone}.0.${from + 9}`;
            v6 = c.v6 ? `fd7${zone}::${from.toString(16)}` : undefined;
        } else {
            v4 = `10.7${zone}.0.${c.at}`;
            v6 = c.v6 ? `fd7${zone}::${c.at.toString(16)}` : undefined;
        }
        placed.push({ zone, v4, v6 });
        lines.push(`c${i} : ${TYPES[c.type].split(' ')[0]} in z${zone} at ${[v4, v6].filter(Boolean).join(', ')}${TYPES[c.type].slice(TYPES[c.type].indexOf(' ') >= 0 ? TYPES[c.type].indexOf(' ') : TYPES[c.type].length)}`);
    });
    for (const r of shape.rules) {
        const from = r.bare === 2 ? `10.7${r.from % shape.zones}.0.0/28` : `c${r.from % placed.length}`;
        const to = r.bare === 1 ? placed[r.to % placed.length].v4 : r.toZone ? `z${r.to % shape.zones}` : `c${r.to % placed.length}`;
        if (to === from) continue;
        lines.push(`allow ${from} -> ${to} ${r.protocol} ${r.ports.join(', ')}${r.until ? ` until ${r.until}` : ''}`);
    }
    return lines.join('\n') + '\n';
}

/**
 * What `planText` leaves out, for the verify property test: rules from any address, rules with an
 * IPv6 bare destination, an internet zone with rules from and to it, and denies. Deny ports (60000 and up) are not ports an allow rule of
 * these plans names, so the denies forbid nothing the plan allows (no guardrail-violated), and
 * each is written between zones, components and any, as the grammar allows.
 */
const anyRule = fc.record({
    to: fc.nat(), toZone: fc.boolean(),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    ports: fc.array(fc.integer({ min: 1, max: 59000 }), { minLength: 1, maxLength: 2 }),
    until: fc.constantFrom(undefined, '2099-12-31')
});
const bareV6Rule = fc.record({ from: fc.nat(), to: fc.nat(), port: fc.integer({ min: 1, max: 59000 }) });
const denyStatement = fc.record({
    // 0: a component, 1: a zone, 2: any (sources only).
    from: fc.nat(), fromKind: fc.integer({ min: 0, max: 2 }),
    to: fc.nat(), toKind: fc.integer({ min: 0, max: 1 }),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    port: fc.integer({ min: 60000, max: 65535 })
});
const internetRule = fc.record({ component: fc.nat(), inbound: fc.boolean(), protocol: fc.constantFrom('tcp', 'udp'), port: fc.integer({ min: 1, max: 59000 }) });
export const planExtras = fc.record({
    anyRules: fc.array(anyRule, { maxLength: 2 }),
    // An internet zone `net` and rules from it and to it (none when the array is empty).
    internet: fc.array(internetRule, { maxLength: 2 }),
    bareV6: fc.array(bareV6Rule, { maxLength: 1 }),
    denies: fc.array(denyStatement, { maxLength: 2 })
});

export type PlanExtras = typeof planExtras extends fc.Arbitrary<infer T> ? T : never;

/** `planText` with the extras' lines after its allow rules. */
export function planTextWith(shape: PlanShape, extras: PlanExtras): string {
    const lines = planText(shape).trimEnd().split('\n');
    const components = shape.components.length;
    const componentLines = lines.filter(l => /^c\d+ : /.test(l));
    for (const r of extras.anyRules) {
        const to = r.toZone ? `z${r.to % shape.zones}` : `c${r.to % components}`;
        lines.push(`allow any -> ${to} ${r.protocol} ${r.ports.join(', ')}${r.until ? ` until ${r.until}` : ''}`);
    }
    for (const r of extras.bareV6) {
        // A component's own IPv6 address (when it has one) as a bare destination.
        const v6 = componentLines.map(l => /, (fd7\d::[0-9a-f]+)(?:\s|$)/.exec(l)?.[1]).filter((a): a is string => a !== undefined);
        if (v6.length === 0) continue;
        lines.push(`allow c${r.from % components} -> ${v6[r.to % v6.length]} tcp ${r.port}`);
    }
    if (extras.internet.length > 0) lines.splice(1 + shape.zones, 0, 'zone net internet');
    for (const r of extras.internet) {
        const c = `c${r.component % components}`;
        lines.push(`allow ${r.inbound ? `net -> ${c}` : `${c} -> net`} ${r.protocol} ${r.port}`);
    }
    extras.denies.forEach((d, i) => {
        const from = d.fromKind === 2 ? 'any' : d.fromKind === 1 ? `z${d.from % shape.zones}` : `c${d.from % components}`;
        const to = d.toKind === 1 ? `z${d.to % shape.zones}` : `c${d.to % components}`;
        if (from === to) return;
        lines.push(`deny ${from} -> ${to} ${d.protocol} ${d.port} "guardrail ${i + 1}"`);
    });
    return lines.join('\n') + '\n';
}
