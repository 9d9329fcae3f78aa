import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { deniedMatches, inForceAt, planMatches } from '../../language/verify/plan-allowed.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { asaReference } from './reference/asa-reference.js';
import { fortigateReference } from './reference/fortigate-reference.js';
import { panosReference } from './reference/panos-reference.js';
import { formatIp, netOf, parseIp, type Net, type Outcome, type Probe } from './reference/probe.js';

/**
 * Differential test of verify for the devices SegPlan cannot run here (Cisco ASA, PAN-OS,
 * FortiGate): SegPlan's own output of a plan with a deny and a temporary rule is changed the ways
 * administrators change such configurations (entries inserted at a line, reordered, removed,
 * disabled, negated; object groups and services widened or narrowed; ranges, schedules, default
 * rules, App-ID), and each mutant is judged by a reference evaluator written from the vendor's
 * documented semantics in test/verify/reference/, apart from SegPlan's readers. verify may say
 * "equal" only when the reference finds no probe connection, now or after the temporary rule's
 * date, that the mutant treats otherwise than the plan. fast-check with fixed seeds.
 */
const PLAN = `plan "Mutants"
zone lab 10.70.1.0/24, fd70:1::/64
zone mgmt 10.70.2.0/24, fd70:2::/64
zone backup 10.70.3.0/24, fd70:3::/64

vbr : veeam.BackupServer in mgmt at 10.70.2.10, fd70:2::10 os windows
repo : veeam.HardenedRepository in backup at 10.70.3.20, fd70:3::20
proxy : veeam.Proxy in lab at 10.70.1.30, fd70:1::30 os windows

allow vbr -> repo tcp 6162, 2500-3300 "Backup server to the repository"
allow vbr -> repo tcp 22 "SSH while the repository is set up" until 2099-12-31
allow vbr -> proxy tcp 6160, 6162, 2500-3300 "Backup server manages the proxy"
allow vbr -> proxy tcp/udp 135, 137-139, 445 "Deployment"
allow proxy -> repo tcp 2500-3300 "Backup data"
deny lab -> mgmt tcp 2500-3300 "Lab never reaches the management data ports"
`;
const ZONES = new Map<string, Net[]>([
    ['lab', [netOf('10.70.1.0/24'), netOf('fd70:1::/64')]], ['mgmt', [netOf('10.70.2.0/24'), netOf('fd70:2::/64')]], ['backup', [netOf('10.70.3.0/24'), netOf('fd70:3::/64')]]
]);
/** In each zone: its first and last address, each component's and its neighbour's, in both families. */
const HOSTS: Record<string, string[]> = {
    lab: ['10.70.1.0', '10.70.1.30', '10.70.1.31', '10.70.1.255', 'fd70:1::', 'fd70:1::30', 'fd70:1::31'],
    mgmt: ['10.70.2.0', '10.70.2.10', '10.70.2.11', '10.70.2.255', 'fd70:2::', 'fd70:2::10', 'fd70:2::11'],
    backup: ['10.70.3.0', '10.70.3.20', '10.70.3.21', '10.70.3.255', 'fd70:3::', 'fd70:3::20', 'fd70:3::21']
};
const NOW = new Date('2026-06-01T12:00:00Z'), LATER = new Date('2150-01-01T00:00:00Z');
/** Ports where the plan's rules start and end, each with its neighbours; a mutant adds its own. */
const PLAN_PORTS = [22, 135, 137, 139, 445, 2500, 3300, 6160, 6162];
const neighbours = (ports: readonly number[]) => [...new Set(ports.flatMap(p => [p - 1, p, p + 1]).filter(p => p >= 1 && p <= 65535).concat([1, 65535]))];

interface Mutant { readonly kind: string; readonly text: string; readonly ports: readonly number[] }
type Mutation = (text: string) => Mutant;

/** What the plan lets through: an allow rule in force and no deny (SegPlan's own meaning of a plan, not the device's). */
function planOracle(plan: LoadedPlan) {
    const matches = planMatches(plan.ruleSet.rules, 'r'), denied = deniedMatches(plan.ruleSet.denies);
    // Each probe address as an address set, read once: the same few addresses are probed millions of times.
    const sets = new Map<Probe['source'], ReturnType<typeof addresses>>();
    const setOf = (ip: Probe['source']) => {
        let set = sets.get(ip);
        if (!set) sets.set(ip, set = addresses(formatIp(ip)));
        return set;
    };
    const has = (m: { protocols?: ReadonlySet<string>; sources?: ReturnType<typeof addresses>; destinations?: ReturnType<typeof addresses>; destinationPorts?: readonly { from: number; to: number }[] }, p: Probe) =>
        (!m.protocols || m.protocols.has(p.protocol)) && (!m.sources || m.sources.contains(setOf(p.source)))
        && (!m.destinations || m.destinations.contains(setOf(p.destination))) && (!m.destinationPorts || m.destinationPorts.some(r => r.from <= p.port && p.port <= r.to));
    return (p: Probe, at: Date): Outcome => inForceAt(matches, at.getTime()).some(m => has(m.match, p)) && !denied.some(d => has(d, p)) ? 'accept' : 'drop';
}

/** HOSTS read once: every probe from or to one of them holds the same address object. */
const HOST_IPS = Object.entries(HOSTS).map(([zone, hosts]) => [zone, hosts.map(parseIp)] as const);

function probes(ports: readonly number[]): Probe[] {
    const out: Probe[] = [];
    const probed = neighbours([...PLAN_PORTS, ...ports]);
    for (const [from, sources] of HOST_IPS) {
        for (const [to, destinations] of HOST_IPS) {
            if (from === to) continue;
            for (const source of sources) for (const destination of destinations) {
                if (source.family !== destination.family) continue;
                for (const port of probed) for (const protocol of ['tcp', 'udp'] as const) out.push({ protocol, source, destination, port });
            }
        }
    }
    return out;
}

/** The first probe the mutant treats otherwise than the plan (or may: an App-ID rule), as text. */
function firstDifference(reference: (text: string, zones: typeof ZONES, at: Date) => (p: Probe) => Outcome, mutant: Mutant, oracle: (p: Probe, at: Date) => Outcome): string | undefined {
    for (const at of [NOW, LATER]) {
        const judge = reference(mutant.text, ZONES, at);
        for (const p of probes(mutant.ports)) {
            const got = judge(p), want = oracle(p, at);
            if (got !== want) return `${p.protocol} ${formatIp(p.source)} -> ${formatIp(p.destination)}:${p.port} at ${at.toISOString()}: ${got}, the plan ${want}`;
        }
    }
    return undefined;
}

// ---- Mutations, each a real syntax variant of the vendor's CLI --------------------------------

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];
const appended = (text: string, lines: string[]) => `${text.replace(/\n?$/, '\n')}${lines.join('\n')}\n`;
const PORT_PICKS = [22, 80, 443, 445, 2499, 2500, 3000, 3300, 3301, 6160, 6162, 8443];
const HOST_PICKS = ['10.70.1.30', '10.70.2.10', '10.70.3.20', 'fd70:1::30', 'fd70:2::10'];

const asaLists = (text: string) => ['SP_lab_in', 'SP_mgmt_in', 'SP_backup_in'].map(name => ({ name, entries: text.split('\n').filter(l => l.startsWith(`access-list ${name} `)) }));
const ASA_ENTRIES = (port: number, host: string) => [
    'permit ip any any', `permit tcp any any range ${port} ${port + 20}`, `permit udp any any eq ${port}`, `permit tcp host ${host} any eq ${port}`,
    `deny tcp any any eq ${port}`, `permit tcp any any neq ${port}`, `permit tcp any4 any gt ${port}`, `permit tcp any6 any lt ${port}`, `deny ip any any`
];
const ASA: Record<string, fc.Arbitrary<Mutation>> = {
    'insert at line N': fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([l, n, e, p, h]) => (text: string) => {
        const list = pick(asaLists(text), l);
        const port = pick(PORT_PICKS, p);
        return { kind: 'insert at line N', ports: [port, port + 20], text: appended(text, [`access-list ${list.name} line ${1 + (n % (list.entries.length + 1))} extended ${pick(ASA_ENTRIES(port, pick(HOST_PICKS, h)), e)}`]) };
    }),
    'append (after the final deny)': fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([l, e, p]) => (text: string) => ({
        kind: 'append (after the final deny)', ports: [pick(PORT_PICKS, p)], text: appended(text, [`access-list ${pick(asaLists(text), l).name} extended ${pick(ASA_ENTRIES(pick(PORT_PICKS, p), '10.70.2.10'), e)}`])
    })),
    'remark inserted, then an entry': fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([l, r, n, p]) => (text: string) => {
        const list = pick(asaLists(text), l);
        const port = pick(PORT_PICKS, p);
        return {
            kind: 'remark inserted, then an entry', ports: [port],
            text: appended(text, [`access-list ${list.name} line ${1 + (r % (list.entries.length + 1))} remark added by hand`, `access-list ${list.name} line ${1 + (n % (list.entries.length + 2))} extended permit tcp any any eq ${port}`])
        };
    }),
    'entry removed (no access-list)': fc.nat().map(i => (text: string) => {
        const entries = asaLists(text).flatMap(l => l.entries).filter(e => !e.includes(' remark '));
        return { kind: 'entry removed (no access-list)', ports: [], text: appended(text, [`no ${pick(entries, i)}`]) };
    }),
    'entry moved (no, then line N)': fc.tuple(fc.nat(), fc.nat()).map(([i, n]) => (text: string) => {
        const lists = asaLists(text).filter(l => l.entries.length > 1);
        const list = pick(lists, i);
        const entry = pick(list.entries.filter(e => !e.includes(' remark ')), n);
        return { kind: 'entry moved (no, then line N)', ports: [], text: appended(text, [`no ${entry}`, entry.replace(`access-list ${list.name} `, `access-list ${list.name} line ${1 + (n % list.entries.length)} `)]) };
    }),
    'entry made inactive': fc.nat().map(i => (text: string) => {
        const entries = asaLists(text).flatMap(l => l.entries).filter(e => / (permit|deny) /.test(e));
        const entry = pick(entries, i);
        return { kind: 'entry made inactive', ports: [], text: text.replace(`${entry}\n`, `${entry} inactive\n`) };
    }),
    'port-object changed': fc.tuple(fc.nat(), fc.nat()).map(([i, p]) => (text: string) => {
        const lines = text.split('\n').filter(l => l.startsWith(' port-object '));
        const port = pick(PORT_PICKS, p);
        return { kind: 'port-object changed', ports: [port], text: text.replace(`${pick(lines, i)}\n`, ` port-object range ${port} ${port + 5}\n`) };
    }),
    'network-object added': fc.tuple(fc.nat(), fc.nat()).map(([i, h]) => (text: string) => {
        const groups = text.split('\n').filter(l => l.startsWith('object-group network '));
        const group = pick(groups, i);
        return { kind: 'network-object added', ports: [], text: text.replace(`${group}\n`, `${group}\n network-object host ${pick(HOST_PICKS, h)}\n`) };
    }),
    'time-range removed or ended': fc.boolean().map(ended => (text: string) => ({
        kind: 'time-range removed or ended', ports: [],
        text: ended ? text.replace(/absolute end 23:59 31 December 2099/, 'absolute end 23:59 1 January 2020') : text.replace(/ time-range SP_UNTIL_\w+/, '')
    })),
    'protocol widened (tcp to ip)': fc.nat().map(i => (text: string) => {
        const entries = asaLists(text).flatMap(l => l.entries).filter(e => / extended (permit|deny) tcp /.test(e));
        const entry = pick(entries, i);
        return { kind: 'protocol widened (tcp to ip)', ports: [], text: text.replace(`${entry}\n`, `${entry.replace(' tcp ', ' ip ')}\n`) };
    }),
    'list cleared': fc.nat().map(i => (text: string) => ({ kind: 'list cleared', ports: [], text: appended(text, [`clear configure access-list ${pick(asaLists(text), i).name}`]) }))
};

const panRules = (text: string) => [...text.matchAll(/^set rulebase security rules (\S+) /gm)].map(m => m[1]).filter((n, i, all) => all.indexOf(n) === i);
const panServices = (text: string) => [...text.matchAll(/^set service (\S+) /gm)].map(m => m[1]);
const panAddresses = (text: string) => [...text.matchAll(/^set address (\S+) /gm)].map(m => m[1]);
const PANOS: Record<string, fc.Arbitrary<Mutation>> = {
    'rule moved': fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('top', 'bottom', 'before', 'after')).map(([i, j, where]) => (text: string) => {
        const rules = panRules(text), rule = pick(rules, i), other = pick(rules.filter(r => r !== rule), j);
        return { kind: 'rule moved', ports: [], text: appended(text, [`move rulebase security rules ${rule} ${where}${where === 'before' || where === 'after' ? ` ${other}` : ''}`]) };
    }),
    'rule disabled': fc.nat().map(i => (text: string) => ({ kind: 'rule disabled', ports: [], text: appended(text, [`set rulebase security rules ${pick(panRules(text), i)} disabled yes`]) })),
    'source or destination negated': fc.tuple(fc.nat(), fc.boolean()).map(([i, source]) => (text: string) => ({
        kind: 'source or destination negated', ports: [], text: appended(text, [`set rulebase security rules ${pick(panRules(text), i)} negate-${source ? 'source' : 'destination'} yes`])
    })),
    'member added to a rule': fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([i, a, source]) => (text: string) => ({
        kind: 'member added to a rule', ports: [], text: appended(text, [`set rulebase security rules ${pick(panRules(text), i)} ${source ? 'source' : 'destination'} ${pick(panAddresses(text), a)}`])
    })),
    'member deleted from a rule': fc.tuple(fc.nat(), fc.boolean()).map(([i, source]) => (text: string) => {
        const rule = pick(panRules(text), i);
        const line = text.split('\n').find(l => l.startsWith(`set rulebase security rules ${rule} `))!;
        const member = new RegExp(`${source ? 'source' : 'destination'} \\[ (\\S+)`).exec(line)![1];
        return { kind: 'member deleted from a rule', ports: [], text: appended(text, [`delete rulebase security rules ${rule} ${source ? 'source' : 'destination'} ${member}`]) };
    }),
    'service ports changed': fc.tuple(fc.nat(), fc.nat()).map(([i, p]) => (text: string) => {
        const service = pick(panServices(text), i), port = pick(PORT_PICKS, p);
        const protocol = /protocol (tcp|udp)/.exec(text.split('\n').find(l => l.startsWith(`set service ${service} `))!)![1];
        return { kind: 'service ports changed', ports: [port, port + 10], text: appended(text, [`set service ${service} protocol ${protocol} port ${port}-${port + 10}`]) };
    }),
    'rule deleted': fc.nat().map(i => (text: string) => ({ kind: 'rule deleted', ports: [], text: appended(text, [`delete rulebase security rules ${pick(panRules(text), i)}`]) })),
    'rule added (bottom or top)': fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom('allow', 'deny')).map(([s, top, action]) => (text: string) => ({
        kind: 'rule added (bottom or top)', ports: [],
        text: appended(text, [`set rulebase security rules added-by-hand from any to any source any destination any application any service ${pick(panServices(text), s)} action ${action}`, ...(top ? ['move rulebase security rules added-by-hand top'] : [])])
    })),
    'App-ID application': fc.tuple(fc.nat(), fc.constantFrom('ssl', 'ssh', 'ping')).map(([i, app]) => (text: string) => {
        const rule = pick(panRules(text), i);
        return { kind: 'App-ID application', ports: [], text: appended(text, [`delete rulebase security rules ${rule} application any`, `set rulebase security rules ${rule} application ${app}`]) };
    }),
    'rule-type set': fc.tuple(fc.nat(), fc.constantFrom('intrazone', 'interzone', 'universal')).map(([i, type]) => (text: string) => ({
        kind: 'rule-type set', ports: [], text: appended(text, [`set rulebase security rules ${pick(panRules(text), i)} rule-type ${type}`])
    })),
    'schedule ended': fc.nat().map(i => (text: string) => ({
        kind: 'schedule ended', ports: [],
        text: appended(text, ['set schedule ended-by-hand schedule-type non-recurring 2000/01/01@00:00-2020/01/01@23:59', `set rulebase security rules ${pick(panRules(text), i)} schedule ended-by-hand`])
    })),
    'action changed': fc.tuple(fc.nat(), fc.constantFrom('allow', 'deny', 'drop', 'reset-both')).map(([i, action]) => (text: string) => ({
        kind: 'action changed', ports: [], text: appended(text, [`set rulebase security rules ${pick(panRules(text), i)} action ${action}`])
    })),
    'default rule overridden': fc.tuple(fc.constantFrom('intrazone-default', 'interzone-default'), fc.constantFrom('allow', 'deny')).map(([rule, action]) => (text: string) => ({
        kind: 'default rule overridden', ports: [], text: appended(text, [`set rulebase default-security-rules rules ${rule} action ${action}`])
    })),
    'address widened': fc.tuple(fc.nat(), fc.nat()).map(([i, w]) => (text: string) => {
        const address = pick(panAddresses(text), i);
        const value = /ip-netmask (\S+)/.exec(text.split('\n').find(l => l.startsWith(`set address ${address} `))!)![1];
        const [ip, length] = value.split('/');
        const wider = ip.includes(':') ? `${ip}/${Math.max(16, Number(length) - 8 - (w % 8))}` : `${ip}/${Math.max(8, Number(length) - 1 - (w % 8))}`;
        return { kind: 'address widened', ports: [], text: appended(text, [`set address ${address} ip-netmask ${wider}`]) };
    })
};

const fgtPolicies = (text: string) => {
    const block = text.slice(text.indexOf('config firewall policy'));
    return [...block.matchAll(/^ {4}edit (\d+)$/gm)].map(m => m[1]);
};
const fgtServices = (text: string) => {
    const block = text.slice(text.indexOf('config firewall service custom'), text.indexOf('end', text.indexOf('config firewall service custom')));
    return [...block.matchAll(/edit "([^"]+)"/g)].map(m => m[1]);
};
const fgtAddresses = (text: string) => {
    const block = text.slice(text.indexOf('config firewall address\n'), text.indexOf('\nend', text.indexOf('config firewall address\n')));
    return [...block.matchAll(/edit "([^"]+)"/g)].map(m => m[1]);
};
const editPolicy = (id: string, settings: string[]) => ['config firewall policy', `    edit ${id}`, ...settings.map(s => `        ${s}`), '    next', 'end'];
const FORTIGATE: Record<string, fc.Arbitrary<Mutation>> = {
    'policy moved': fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('before', 'after')).map(([i, j, where]) => (text: string) => {
        const ids = fgtPolicies(text), id = pick(ids, i), other = pick(ids.filter(x => x !== id), j);
        return { kind: 'policy moved', ports: [], text: appended(text, ['config firewall policy', `    move ${id} ${where} ${other}`, 'end']) };
    }),
    'policy disabled or enabled': fc.tuple(fc.nat(), fc.constantFrom('disable', 'enable')).map(([i, status]) => (text: string) => ({
        kind: 'policy disabled or enabled', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [`set status ${status}`]))
    })),
    'address negated': fc.tuple(fc.nat(), fc.constantFrom('srcaddr-negate', 'dstaddr-negate', 'srcaddr6-negate', 'dstaddr6-negate')).map(([i, key]) => (text: string) => ({
        kind: 'address negated', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [`set ${key} enable`]))
    })),
    'address appended': fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('srcaddr', 'dstaddr')).map(([i, a, key]) => (text: string) => ({
        kind: 'address appended', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [`append ${key} "${pick(fgtAddresses(text), a)}"`]))
    })),
    'service ports changed': fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('tcp', 'udp')).map(([i, p, protocol]) => (text: string) => {
        const port = pick(PORT_PICKS, p);
        return { kind: 'service ports changed', ports: [port, port + 10], text: appended(text, ['config firewall service custom', `    edit "${pick(fgtServices(text), i)}"`, `        set ${protocol}-portrange ${port}-${port + 10}`, '    next', 'end']) };
    }),
    'policy deleted': fc.nat().map(i => (text: string) => ({ kind: 'policy deleted', ports: [], text: appended(text, ['config firewall policy', `    delete ${pick(fgtPolicies(text), i)}`, 'end']) })),
    'policy added (last, or moved first)': fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom('accept', 'deny')).map(([s, first, action]) => (text: string) => ({
        kind: 'policy added (last, or moved first)', ports: [],
        text: appended(text, [...editPolicy('77', ['set srcintf "any"', 'set dstintf "any"', 'set srcaddr "all"', 'set dstaddr "all"', 'set srcaddr6 "all"', 'set dstaddr6 "all"',
            `set action ${action}`, 'set schedule "always"', `set service "${pick(fgtServices(text), s)}"`]), ...(first ? ['config firewall policy', `    move 77 before ${fgtPolicies(text)[0]}`, 'end'] : [])])
    })),
    'IPv6 addresses unset': fc.nat().map(i => (text: string) => ({ kind: 'IPv6 addresses unset', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), ['unset srcaddr6', 'unset dstaddr6'])) })),
    'action changed': fc.tuple(fc.nat(), fc.constantFrom('accept', 'deny')).map(([i, action]) => (text: string) => ({
        kind: 'action changed', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [`set action ${action}`]))
    })),
    'service ALL or negated': fc.tuple(fc.nat(), fc.boolean()).map(([i, all]) => (text: string) => ({
        kind: 'service ALL or negated', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [all ? 'set service "ALL"' : 'set service-negate enable']))
    })),
    'schedule ended': fc.nat().map(i => (text: string) => ({
        kind: 'schedule ended', ports: [],
        text: appended(text, ['config firewall schedule onetime', '    edit "ended-by-hand"', '        set start "00:00 2000/01/01"', '        set end "23:59 2020/01/01"', '    next', 'end',
            ...editPolicy(pick(fgtPolicies(text), i), ['set schedule "ended-by-hand"'])])
    })),
    'interface widened to any': fc.tuple(fc.nat(), fc.constantFrom('srcintf', 'dstintf')).map(([i, key]) => (text: string) => ({
        kind: 'interface widened to any', ports: [], text: appended(text, editPolicy(pick(fgtPolicies(text), i), [`set ${key} "any"`]))
    }))
};

const VENDORS = [
    { target: 'cisco-asa', reference: asaReference, mutations: ASA, seed: 4401, runs: 140 },
    { target: 'panos', reference: panosReference, mutations: PANOS, seed: 4402, runs: 140 },
    { target: 'fortigate', reference: fortigateReference, mutations: FORTIGATE, seed: 4403, runs: 140 }
] as const;

type Answer = 'equal' | 'different' | 'unknown' | 'refused';
const figures = new Map<string, Map<string, Record<Answer, number> & { differs: number; runs: number }>>();

describe('verify against reference evaluators of ASA, PAN-OS and FortiGate: mutants of SegPlan\'s own output (fast-check)', function () {
    this.timeout(900_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanText('mutants.segplan', PLAN); });
    after(() => {
        // The figures the issue asks for: how many mutants of each kind ran, and what verify answered.
        const lines = [...figures].flatMap(([target, kinds]) => [...kinds].map(([kind, f]) =>
            `  ${target} | ${kind}: ${f.runs} mutants, ${f.differs} differ from the plan by the reference; verify: ${f.equal} equal, ${f.different} different, ${f.unknown} unknown, ${f.refused} refused`));
        console.log(`\n  Mutants judged by the reference evaluators:\n${lines.join('\n')}\n`);
    });

    for (const vendor of VENDORS) {
        it(`${vendor.target}: verify says "equal" only when the reference finds no probe that differs (seed ${vendor.seed})`, async () => {
            const original = plan.emit(vendor.target);
            const oracle = planOracle(plan);
            // The reference reads SegPlan's own output as the plan: else the mutants would prove nothing.
            assert.equal(firstDifference(vendor.reference, { kind: 'none', text: original, ports: [] }, oracle), undefined, 'the reference disagrees with the plan on the unchanged output');
            const kinds = new Map<string, Record<Answer, number> & { differs: number; runs: number }>();
            figures.set(vendor.target, kinds);
            /**
             * What verify and the reference said of each mutant text: many draws make the same text
             * (a pick among a few policies or ports), and both answers depend on the text alone, so
             * each text is judged once; every draw is still counted and asserted.
             */
            const judged = new Map<string, { answer: Answer; differs: string | undefined }>();
            await fc.assert(fc.asyncProperty(fc.oneof(...Object.values(vendor.mutations)), async mutate => {
                const mutant = mutate(original);
                const key = `${mutant.ports.join(',')}\n${mutant.text}`;
                let judgement = judged.get(key);
                if (!judgement) {
                    const v = await verifyGenerated(plan.analysis, plan.ruleSet, vendor.target, mutant.text, { now: NOW });
                    judgement = { answer: v.kind === 'cannot-verify' ? 'refused' : overallVerdict(v), differs: firstDifference(vendor.reference, mutant, oracle) };
                    judged.set(key, judgement);
                }
                const { answer, differs } = judgement;
                const f = kinds.get(mutant.kind) ?? { runs: 0, differs: 0, equal: 0, different: 0, unknown: 0, refused: 0 };
                kinds.set(mutant.kind, f);
                f.runs++;
                f[answer]++;
                if (differs) f.differs++;
                assert.ok(!(answer === 'equal' && differs), `verify said equal, but ${differs}\n${mutant.text.split('\n').slice(-8).join('\n')}`);
            }), { seed: vendor.seed, numRuns: vendor.runs });
            // Every kind ran, and the mutants were not all harmless.
            assert.deepEqual([...kinds.keys()].sort(), Object.keys(vendor.mutations).sort());
            assert.ok([...kinds.values()].some(f => f.differs > 0 && f.different > 0));
        });
    }
});
