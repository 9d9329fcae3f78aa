import { execFileSync, spawn } from 'node:child_process';
import { SEGPLAN_CHAINS, iptablesSetupCommands } from '../../language/emit/iptables.js';
import { headerIpsets } from '../../language/emit/host-name-sets.js';
import { LineProgram } from './line-program.js';

/**
 * Network namespaces for the kernel tests: one per zone and a router between them. Only
 * namespaces this process creates (named `segplan-<pid>-…`) and their loopbacks are touched;
 * veth pairs are created directly inside them, never in the host's namespace.
 */

export function run(command: string, args: string[], input?: string): string {
    return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
}

export function inNs(ns: string, command: string, args: string[], input?: string): string {
    return run('ip', ['netns', 'exec', ns, command, ...args], input);
}

/**
 * Creates, in one namespace, the ipsets an iptables file's header asks for (SegPlan's empty set per
 * host name: `# ipset -exist create NAME hash:net family inet|inet6`), as the operator does first.
 */
export function createHeaderIpsets(ns: string, text: string): void {
    for (const set of headerIpsets(text)) inNs(ns, 'ipset', ['-exist', 'create', set.name, 'hash:net', 'family', set.family]);
}

export interface ZoneHost {
    readonly zone: string;
    readonly namespace: string;
    /** The zone's end of its veth pair, and the router's end. */
    readonly link: string;
    readonly routerLink: string;
    /** The router's address on the zone's link (169.254.<i>.1; fe80::1 for IPv6). */
    readonly gateway: string;
    /** Addresses placed on the zone's veth, as `10.1.2.3` / `fd00::3`. */
    readonly addresses: { v4: string[]; v6: string[] };
}

export class Topology {
    readonly router: string;
    private readonly namespaces: string[] = [];
    readonly zones = new Map<string, ZoneHost>();

    constructor(readonly tag: string) {
        this.router = `segplan-${process.pid}-${tag}-r`;
    }

    private add(ns: string): void {
        run('ip', ['netns', 'add', ns]);
        this.namespaces.push(ns);
        inNs(ns, 'ip', ['link', 'set', 'lo', 'up']);
        for (const key of ['net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0']) inNs(ns, 'sysctl', ['-qw', key]);
    }

    createRouter(): void {
        this.add(this.router);
        inNs(this.router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
        inNs(this.router, 'sysctl', ['-qw', 'net.ipv6.conf.all.forwarding=1']);
    }

    /**
     * A zone namespace joined to the router by a veth pair (`zone` is only its key: a host that
     * needs a firewall of its own gets a namespace the same way). The router side has a gateway address
     * of its own (169.254.<i>.1 and fe80::1, link-local, so it never overlaps a plan's addresses)
     * and a host route to each address of the zone.
     */
    addZone(zone: string, v4: string[], v6: string[]): ZoneHost {
        const index = this.zones.size + 1;
        const ns = `segplan-${process.pid}-${this.tag}-z${index}`;
        this.add(ns);
        const zoneIf = `vz${index}`, routerIf = `vr${index}`;
        run('ip', ['-n', this.router, 'link', 'add', routerIf, 'type', 'veth', 'peer', 'name', zoneIf, 'netns', ns]);
        inNs(ns, 'sysctl', ['-qw', `net.ipv6.conf.${zoneIf}.accept_dad=0`]);
        inNs(this.router, 'sysctl', ['-qw', `net.ipv6.conf.${routerIf}.accept_dad=0`]);
        inNs(this.router, 'ip', ['addr', 'add', `169.254.${index}.1/32`, 'dev', routerIf]);
        inNs(this.router, 'ip', ['-6', 'addr', 'add', 'fe80::1/64', 'dev', routerIf, 'nodad']);
        inNs(this.router, 'ip', ['link', 'set', routerIf, 'up']);
        for (const a of v4) inNs(ns, 'ip', ['addr', 'add', `${a}/32`, 'dev', zoneIf]);
        for (const a of v6) inNs(ns, 'ip', ['-6', 'addr', 'add', `${a}/128`, 'dev', zoneIf, 'nodad']);
        inNs(ns, 'ip', ['link', 'set', zoneIf, 'up']);
        inNs(ns, 'ip', ['route', 'add', `169.254.${index}.1`, 'dev', zoneIf]);
        inNs(ns, 'ip', ['route', 'add', 'default', 'via', `169.254.${index}.1`, 'dev', zoneIf]);
        inNs(ns, 'ip', ['-6', 'route', 'add', 'default', 'via', 'fe80::1', 'dev', zoneIf]);
        for (const a of v4) inNs(this.router, 'ip', ['route', 'add', `${a}/32`, 'dev', routerIf]);
        for (const a of v6) inNs(this.router, 'ip', ['-6', 'route', 'add', `${a}/128`, 'dev', routerIf]);
        // Every neighbour is written in, never resolved on the wire: while ARP or neighbour
        // discovery is under way the kernel holds only about a hundred packets for the address
        // and drops the rest, so a burst of probes into a fresh namespace lost datagrams that no
        // firewall dropped. (Tests of firewalls that must let neighbour discovery through forget
        // the entries once the rules are loaded: forgetNeighbours.)
        const zoneMac = macOf(ns, zoneIf), routerMac = macOf(this.router, routerIf);
        inNs(ns, 'ip', ['neigh', 'replace', `169.254.${index}.1`, 'lladdr', routerMac, 'dev', zoneIf, 'nud', 'permanent']);
        inNs(ns, 'ip', ['-6', 'neigh', 'replace', 'fe80::1', 'lladdr', routerMac, 'dev', zoneIf, 'nud', 'permanent']);
        for (const a of [...v4, ...v6]) inNs(this.router, 'ip', ['neigh', 'replace', a, 'lladdr', zoneMac, 'dev', routerIf, 'nud', 'permanent']);
        const host = { zone, namespace: ns, link: zoneIf, routerLink: routerIf, gateway: `169.254.${index}.1`, addresses: { v4, v6 } };
        this.zones.set(zone, host);
        return host;
    }

    /**
     * Deletes the written-in neighbours of one zone: its gateways in its namespace and its
     * addresses at the router. The next packets resolve them on the wire (ARP, and for IPv6
     * neighbour discovery, which a host firewall must let in and out).
     */
    forgetNeighbours(zone: string): void {
        const host = this.zones.get(zone)!;
        // An entry may be gone already (forgotten before and never used since in its family).
        const forget = (ns: string, address: string, link: string) => {
            try { inNs(ns, 'ip', ['neigh', 'del', address, 'dev', link]); } catch { /* no entry */ }
        };
        forget(host.namespace, host.gateway, host.link);
        forget(host.namespace, 'fe80::1', host.link);
        for (const a of [...host.addresses.v4, ...host.addresses.v6]) forget(this.router, a, host.routerLink);
    }

    /**
     * Empties the firewall of one namespace (the router unless told otherwise; a host firewall
     * goes into the host's own): nftables and iptables-nft rules alike live in nf_tables.
     */
    /**
     * Removes every rule and every connection the kernel remembers: a reply or an established
     * connection of the previous case must not let a probe of the next through (`ct state
     * established accept` would), or the ground truth depends on what ran before.
     */
    clearRules(ns = this.router): void {
        inNs(ns, 'nft', ['flush', 'ruleset']);
        inNs(ns, 'conntrack', ['--flush']);
    }

    /** The connections the kernel of a namespace remembers, one line each (`conntrack -L`). */
    connections(ns = this.router): string[] {
        return inNs(ns, 'conntrack', ['-L']).split('\n').filter(Boolean);
    }

    loadNftables(text: string, ns = this.router): void {
        inNs(ns, 'nft', ['-f', '-'], text);
    }

    /**
     * Loads iptables-restore input as an operator would: SegPlan's own output (a chain of its own)
     * after the one-time jump its header asks for, with `--noflush`; anything else replaces the
     * filter table.
     */
    loadIptables(v4: string, v6: string, ns = this.router): void {
        for (const [family, text] of [['v4', v4], ['v6', v6]] as const) {
            const tool = family === 'v4' ? 'iptables-restore' : 'ip6tables-restore';
            const owned = (Object.keys(SEGPLAN_CHAINS) as (keyof typeof SEGPLAN_CHAINS)[]).find(k => text.includes(`:${SEGPLAN_CHAINS[k].chain} - [0:0]`));
            if (!owned) { inNs(ns, tool, [], text); continue; }
            inNs(ns, 'sh', ['-c', iptablesSetupCommands(family, owned === 'host').join(' && ')]);
            createHeaderIpsets(ns, text);
            inNs(ns, tool, ['--noflush'], text);
        }
    }

    /** What iptables-save and ip6tables-save print for a namespace (with `-c`, the counters in front of each rule). */
    saveIptables(ns = this.router, counters = false): { v4: string; v6: string } {
        const args = counters ? ['-c'] : [];
        return { v4: inNs(ns, 'iptables-save', args), v6: inNs(ns, 'ip6tables-save', args) };
    }

    /** Deletes every namespace this topology created; their veths and processes' sockets go with them. */
    destroy(): void {
        for (const ns of [...this.namespaces].reverse()) {
            stopProgramsIn(ns);
            try { run('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean).forEach(pid => { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } }); } catch { /* no pids */ }
            try { run('ip', ['netns', 'del', ns]); } catch { /* already gone */ }
        }
        this.namespaces.length = 0;
    }
}

/** The hardware address of a link inside a namespace. */
function macOf(ns: string, link: string): string {
    const [info] = JSON.parse(run('ip', ['-n', ns, '-j', 'link', 'show', 'dev', link])) as { address: string }[];
    return info.address;
}

/** The neighbour entries of a namespace as `address state` lines (`ip neigh`'s own words, e.g. PERMANENT). */
export function neighbours(ns: string): string[] {
    return (JSON.parse(run('ip', ['-n', ns, '-j', 'neigh', 'show'])) as { dst: string; state?: string[] }[])
        .map(n => `${n.dst} ${(n.state ?? []).join(',')}`);
}

/** Starts a node process inside a namespace; resolves with it once it prints `ready`. */
export function startInNs(ns: string, code: string, arg: string): Promise<ReturnType<typeof spawn>> {
    return new Promise((resolve, reject) => {
        const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code, arg], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '', err = '';
        const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`listener in ${ns} did not start: ${err}`)); }, 15_000);
        child.stdout!.on('data', d => { out += String(d); if (out.includes('ready')) { clearTimeout(timer); resolve(child); } });
        child.stderr!.on('data', d => { err += String(d); });
        child.on('exit', code => { clearTimeout(timer); reject(new Error(`listener in ${ns} exited with ${code}: ${err}`)); });
    });
}

/**
 * The programs kept running in this process's namespaces (LineProgram), by namespace and program:
 * a namespace's prober serves every pass of probes until the namespace is deleted.
 */
const programs = new Map<string, LineProgram>();

/**
 * A node program's answer to one request, the program kept running inside the namespace (started
 * at the first request, again after it failed). `limitMs` only catches a hang: the program's own
 * waits must fit well inside it.
 */
export function askInNs(ns: string, code: string, request: object, limitMs = 120_000): Promise<unknown> {
    const key = `${ns}\u0000${code}`;
    let program = programs.get(key);
    if (!program?.running) {
        program = new LineProgram('ip', ['netns', 'exec', ns, process.execPath, '-e', code], `probes in ${ns}`);
        programs.set(key, program);
    }
    return program.ask(request, limitMs);
}

/** Stops the programs kept running in a namespace (askInNs). */
function stopProgramsIn(ns: string): void {
    for (const [key, program] of programs) {
        if (!key.startsWith(`${ns}\u0000`)) continue;
        program.stop(`namespace ${ns} deleted`);
        programs.delete(key);
    }
}
