import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateRules } from '../../language/emit/generate.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { applyFortigate, type FortiTables } from './parsers.js';
import { AsaDevice } from './simulators/asa-device.js';
import { PanosDevice } from './simulators/panos-device.js';
import { ASA_UNRELATED, FORTIGATE_UNRELATED, PANOS_UNRELATED } from './simulators/unrelated-config.js';

/**
 * Versions generated and not all pasted, for every target whose device keeps configuration
 * between pastes (ASA, PAN-OS, FortiGate): random sequences of plan versions (zones added and
 * removed, rules changed, temporary rules; fast-check, seed 3404), each generated over the one
 * before as `-o` does, or over the version on the device as `--previous` does, and a random subset
 * of them pasted, in order, onto a simulated device (simulators/, each in its platform's command
 * semantics) that also holds configuration SegPlan did not write. The device must end with exactly
 * what the last pasted version alone creates: the same rules, policies, access lists, bindings and
 * objects, nothing more, nothing less; the unrelated configuration untouched.
 *
 * The Linux targets need no such test: each load replaces SegPlan's whole table or chain
 * whatever was there (test/kernel/second-apply.test.ts), so the last load alone decides.
 */

/** Zones and the component each holds: a version takes some of them, in a shuffled order. */
const ZONES = [
    { zone: 'admin 10.5.0.0/24, fd05::/64', component: 'ws : veeam.Console in admin at 10.5.0.20, fd05::20' },
    { zone: 'mgmt 10.10.0.0/24', component: 'vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows' },
    { zone: 'prod 10.20.0.0/16', component: 'esx : vmware.EsxiHost in prod at 10.20.1.0/PREFIX' },
    { zone: 'backup 10.30.0.0/24', component: 'proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere' },
    { zone: 'old 10.40.0.0/24, fd40::/64', component: 'sftp : infra.SftpServer in old at 10.40.0.5, fd40::5' }
];
const NAMES = ['ws', 'vbr', 'esx', 'proxy', 'sftp'];

const PORTS = ['22', '443', '902', '6160', '6162', '2500-3300'];
const version = fc.record({
    zones: fc.uniqueArray(fc.integer({ min: 0, max: ZONES.length - 1 }), { minLength: 2, maxLength: ZONES.length }),
    prefix: fc.constantFrom(28, 29),
    rules: fc.array(fc.record({
        from: fc.nat(), to: fc.nat(),
        protocol: fc.constantFrom('tcp', 'udp'),
        ports: fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<string[]>,
        until: fc.constantFrom(undefined, undefined, '2098-06-30', '2099-12-31') as fc.Arbitrary<string | undefined>
    }), { minLength: 1, maxLength: 5 }),
    pasted: fc.boolean(),
    // How it is generated: over the file -o overwrites (the version generated last), or over the version on the device.
    overDevice: fc.boolean()
});
type Version = typeof version extends fc.Arbitrary<infer T> ? T : never;

function planText(v: Version): string {
    const zones = v.zones.map(i => ZONES[i]);
    const present = v.zones.map(i => NAMES[i]);
    const lines = ['plan "Sequence"', ...zones.map(z => `zone ${z.zone}`), ...zones.map(z => z.component.replace('PREFIX', String(v.prefix)))];
    for (const r of v.rules) {
        // Never a component to itself: every rule is emitted.
        const from = r.from % present.length, to = (from + 1 + r.to % (present.length - 1)) % present.length;
        lines.push(`allow ${present[from]} -> ${present[to]} ${r.protocol} ${r.ports.join(', ')}${r.until ? ` until ${r.until}` : ''}`);
    }
    return `${lines.join('\n')}\n`;
}

interface Platform<D> {
    readonly target: string;
    readonly unrelated: string;
    apply(device: D | undefined, text: string): D;
    /** Everything the device holds, as comparable text: names, members, values. */
    state(device: D): unknown;
}

const ASA: Platform<AsaDevice> = {
    target: 'cisco-asa',
    unrelated: ASA_UNRELATED,
    apply(device, text) { const d = device ?? new AsaDevice(); d.apply(text); return d; },
    // A member added again to a group is there once on the ASA (the simulator lists it twice): members as sets.
    state: d => jsonOf({
        objects: d.objects, acls: d.acls, bindings: d.bindings, timeRanges: d.timeRanges,
        groups: new Map([...d.groups].map(([name, members]) => [name, new Set(members.map(m => jsonOf(m)))])),
        services: new Map([...d.services].map(([name, s]) => [name, { protocol: s.protocol, ports: new Set(s.ports.map(p => `${p.from}-${p.to}`)) }]))
    })
};

const PANOS: Platform<PanosDevice> = {
    target: 'panos',
    unrelated: PANOS_UNRELATED,
    apply(device, text) { const d = device ?? new PanosDevice(); d.apply(text); return d; },
    state: d => jsonOf({ addresses: d.addresses, services: d.services, schedules: d.schedules, rules: d.rules })
};

const FORTIGATE: Platform<FortiTables> = {
    target: 'fortigate',
    unrelated: FORTIGATE_UNRELATED,
    apply: (device, text) => applyFortigate(text, device),
    // SegPlan's policy ids depend on the versions before (an id is never given to another policy), so policies are compared by name.
    state: tables => jsonOf(new Map([...tables].filter(([, entries]) => entries.size > 0).map(([table, entries]) => [table, table === 'firewall policy'
        ? new Map([...entries.values()].map(p => [p.get('name')?.[0] ?? '', p]))
        : entries])))
};

/** Maps and sets as sorted entries: the same content gives the same text, whatever the order it was made in. */
function jsonOf(value: unknown): string {
    return JSON.stringify(value, (_, v) => {
        if (v instanceof Map) return Object.fromEntries([...v.entries()].sort(([a], [b]) => String(a).localeCompare(String(b))));
        if (v instanceof Set) return [...v].sort();
        if (typeof v === 'bigint') return v.toString();
        if (v && typeof v === 'object' && 'lists' in v && 'values' in v) return { lists: v.lists, values: v.values };
        return v;
    });
}

/** One workspace for every version (a plan's documents are built once): `generate --force` of a plan's text. */
class Generator {
    private readonly documents = new Map<string, Promise<Parameters<typeof generateRules>[1]>>();
    private constructor(private readonly services: SegplanServices) {}

    static async create(): Promise<Generator> {
        return new Generator(await createTestServices());
    }

    async plan(text: string): Promise<{ emit(target: string, force: boolean, previous?: string): string }> {
        let document = this.documents.get(text);
        if (!document) this.documents.set(text, document = buildDocuments(this.services, { 'sequence.segplan': text }).then(([d]) => d));
        const built = await document;
        assert.deepEqual(built.parseResult.parserErrors.map(e => e.message), [], `the generated plan does not parse:\n${text}`);
        return {
            emit: (target, force, previous) => {
                const outcome = generateRules(this.services, built, { target, force, previous });
                if (outcome.kind !== 'generated') throw new Error(`${target}: ${JSON.stringify(outcome)}`);
                return outcome.text;
            }
        };
    }
}

let generator: Generator;

/** Generates the versions as the engineer would, pastes the chosen ones, and compares with the last pasted version alone. */
async function runSequence(platform: Platform<unknown>, versions: readonly Version[]): Promise<void> {
    const plans: { emit(target: string, force: boolean, previous?: string): string }[] = [];
    for (const v of versions) plans.push(await generator.plan(planText(v)));
    {
        let device = platform.apply(undefined, platform.unrelated);
        let generated: string | undefined, onDevice: string | undefined, last: number | undefined;
        versions.forEach((v, i) => {
            const previous = v.overDevice && onDevice !== undefined ? onDevice : generated;
            generated = plans[i].emit(platform.target, true, previous);
            if (!v.pasted) return;
            device = platform.apply(device, generated);
            onDevice = generated;
            last = i;
        });
        let alone = platform.apply(undefined, platform.unrelated);
        if (last !== undefined) {
            alone = platform.apply(alone, plans[last].emit(platform.target, true));
            // Every version has a zone with an access list or a rule: a version that creates nothing would prove nothing.
            assert.notEqual(platform.state(alone), platform.state(platform.apply(undefined, platform.unrelated)), 'the last pasted version created nothing');
        }
        const story = versions.map((v, i) => `v${i + 1}${v.pasted ? ' pasted' : ''}${v.overDevice ? ' (over the device\'s)' : ''}:\n${planText(v)}`).join('\n');
        assert.equal(platform.state(device), platform.state(alone), `${platform.target}: the device differs from the last pasted version alone after\n${story}`);
    }
}

describe('re-applying: any versions pasted, the device ends with exactly the last pasted one (fast-check, seed 3404)', function () {
    this.timeout(600000);
    before(async () => { generator = await Generator.create(); });

    for (const platform of [ASA, PANOS, FORTIGATE] as Platform<unknown>[]) {
        it(`${platform.target}: v1 pasted, v2 generated over it and not pasted, v3 generated over v2 and pasted`, async () => {
            const v = (zones: number[], ports: string[], pasted: boolean): Version => ({
                zones, prefix: 28, pasted, overDevice: false,
                rules: [
                    { from: 1, to: 0, protocol: 'tcp', ports, until: undefined }, { from: 0, to: 1, protocol: 'udp', ports: ['902'], until: '2099-12-31' },
                    { from: 2, to: 0, protocol: 'tcp', ports: ['22'], until: undefined }
                ]
            });
            // v1's zone 'old' and its rule are gone in v2, and v3 changes ports again: v3 must remove what v1 put there.
            await runSequence(platform, [v([1, 2, 4], ['443', '22'], true), v([1, 2], ['443'], false), v([1, 2], ['6160'], true)]);
        });

        it(`${platform.target}: random sequences of up to five versions`, async () => {
            await fc.assert(fc.asyncProperty(fc.array(version, { minLength: 1, maxLength: 5 }), vs => runSequence(platform, vs)), { seed: 3404, numRuns: 40 });
        });
    }
});
