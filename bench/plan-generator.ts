/**
 * Generates realistic Veeam plans of a given size for the benchmark: sites of four zones
 * (management, production, backup, recovery; at most 50 sites, so at most 200 zones), each with a
 * backup server, Veeam ONE, Enterprise Manager, admins, vCenter, a mount server, two proxies and
 * two repositories, and — for the rest of the site's share of instances — ESXi hosts, Windows and
 * Linux VM guests and Veeam agents. Allow rules are written per zone pair as an engineer would;
 * every fifth site forgets one (so findings are produced too).
 */
export interface BenchPlan {
    readonly text: string;
    readonly instances: number;
    readonly zones: number;
    readonly sites: number;
}

const INSTANCES_PER_SITE_MIN = 20;
const MAX_SITES = 50;

export interface BenchPlanShape {
    /** Whether the zones are grouped into `site`s (default); without, site-scoped flows span the plan. */
    readonly sites?: boolean;
    /** At most this many sites of four zones (default 50: 200 zones); at most 250. */
    readonly maxSites?: number;
    /**
     * Whether each site's admins, Veeam ONE and Enterprise Manager say which servers they work
     * with (`administers`, `monitors`: their own site's). Left out (the default), SegPlan binds
     * them to the servers of every site, as a plan that says nothing means.
     */
    readonly relationsWritten?: boolean;
}

export function generateBenchPlan(instanceCount: number, shape: BenchPlanShape = {}): BenchPlan {
    const sites = Math.max(1, Math.min(shape.maxSites ?? MAX_SITES, Math.floor(instanceCount / INSTANCES_PER_SITE_MIN)));
    const lines: string[] = [`plan "Benchmark ${instanceCount}"`, '', 'use veeam.GuestProcessing', ''];
    let placed = 0;
    for (let s = 0; s < sites; s++) {
        const share = Math.floor(instanceCount / sites) + (s < instanceCount % sites ? 1 : 0);
        placed += writeSite(lines, s, share, shape.sites ?? true, shape.relationsWritten ?? false);
    }
    return { text: lines.join('\n') + '\n', instances: placed, zones: sites * 4, sites: shape.sites === false ? 0 : sites };
}

/** The same plan as generateBenchPlan, laid out as a team would keep it: one file per site. */
export interface BenchWorkspace {
    /** File name (relative to the plan's folder) → text; the plan file comes first. */
    readonly files: ReadonlyMap<string, string>;
    readonly planFile: string;
    readonly instances: number;
    readonly zones: number;
    readonly sites: number;
}

/**
 * A small plan file (`plan`, `use`, one `import` per site) and a fragment per site under `sites/`
 * with that site's zones, site, components and allow rules — the content of generateBenchPlan.
 */
export function generateBenchWorkspace(instanceCount: number): BenchWorkspace {
    const sites = Math.max(1, Math.min(MAX_SITES, Math.floor(instanceCount / INSTANCES_PER_SITE_MIN)));
    const plan: string[] = [`plan "Benchmark ${instanceCount}"`, ''];
    const files = new Map<string, string>([['plan.segplan', '']]);
    let placed = 0;
    for (let s = 0; s < sites; s++) {
        const share = Math.floor(instanceCount / sites) + (s < instanceCount % sites ? 1 : 0);
        const lines: string[] = [`// Site s${s} of the benchmark plan.`];
        placed += writeSite(lines, s, share);
        files.set(`sites/s${s}.segplan`, lines.join('\n') + '\n');
        plan.push(`import "sites/s${s}.segplan"`);
    }
    plan.push('', 'use veeam.GuestProcessing', '');
    files.set('plan.segplan', plan.join('\n'));
    return { files, planFile: 'plan.segplan', instances: placed, zones: sites * 4, sites };
}

function writeSite(lines: string[], s: number, size: number, withSite = true, relationsWritten = false): number {
    const p = `s${s}`;
    // 10.<s>.<zone>.x keeps every site's zones apart; /22 leaves room for up to 1,000 hosts.
    const net = (zone: number) => `10.${s}.${zone * 4}.0/22`;
    const host = (zone: number, n: number) => `10.${s}.${zone * 4 + Math.floor(n / 250)}.${(n % 250) + 2}`;
    lines.push(`zone ${p}mgmt ${net(0)}`, `zone ${p}prod ${net(1)}`, `zone ${p}backup ${net(2)}`, `zone ${p}recovery ${net(3)}`);
    if (withSite) lines.push(`site ${p} zones ${p}mgmt, ${p}prod, ${p}backup, ${p}recovery`);
    const monitors = (...servers: string[]) => relationsWritten ? ` monitors ${servers.map(x => p + x).join(', ')}` : '';
    const fixed = [
        `${p}vbr : veeam.BackupServer in ${p}mgmt at ${host(0, 0)}`,
        `${p}vone : veeam.VeeamOneServer in ${p}mgmt at ${host(0, 1)}${monitors('vbr', 'vcenter')}`,
        `${p}em : veeam.EnterpriseManager in ${p}mgmt at ${host(0, 2)}${monitors('vbr')}`,
        `${p}admins : veeam.Console in ${p}mgmt at ${host(0, 10)}-${host(0, 20)}${relationsWritten ? ` administers ${p}vbr, ${p}vone, ${p}em` : ''}`,
        `${p}vcenter : vmware.VCenter in ${p}prod at ${host(1, 0)}`,
        `${p}proxy1 : veeam.Proxy in ${p}backup at ${host(2, 0)}, ${host(2, 1)} os windows on vsphere`,
        `${p}proxy2 : veeam.Proxy in ${p}backup at ${host(2, 2)} os linux on vsphere`,
        `${p}repo1 : veeam.HardenedRepository in ${p}backup at ${host(2, 10)}`,
        `${p}repo2 : veeam.Repository in ${p}backup at ${host(2, 11)} os windows`,
        `${p}mount : veeam.MountServer in ${p}recovery at ${host(3, 0)} os windows`
    ];
    lines.push(...fixed.slice(0, Math.min(size, fixed.length)));
    let placed = Math.min(size, fixed.length);
    for (let i = 0; placed < size; i++, placed++) {
        const kind = i % 10;
        if (kind === 0) lines.push(`${p}esx${i} : vmware.EsxiHost in ${p}prod at ${host(1, 10 + i)}`);
        else if (kind < 4) lines.push(`${p}vm${i} : infra.VmGuest in ${p}prod at ${host(1, 10 + i)} os ${kind === 1 ? 'linux' : 'windows'}`);
        else lines.push(`${p}agent${i} : veeam.Agent in ${p}prod at ${host(1, 10 + i)} os ${kind % 2 ? 'linux' : 'windows'}`);
    }
    const rules = [
        `allow ${p}vbr -> ${p}proxy1, ${p}repo2, ${p}mount tcp/udp 135, 137-139, 445 "Windows component deployment"`,
        `allow ${p}vbr -> ${p}proxy1, ${p}repo2, ${p}mount tcp 6160 "Installer Service"`,
        `allow ${p}vbr -> ${p}backup, ${p}mount tcp 6162, 2500-3300 "Data Mover and data channels"`,
        `allow ${p}vbr -> ${p}proxy2 tcp 22 "SSH to the Linux proxy"`,
        `allow ${p}vbr -> ${p}repo1 tcp 22 "Hardened repository setup" until 2027-06-30`,
        `allow ${p}vbr -> ${p}mount tcp 6170 "Mount Service"`,
        `allow ${p}vbr, ${p}vone -> ${p}vcenter tcp 443 "vSphere API"`,
        `allow ${p}vbr -> ${p}prod tcp 22, 135, 443, 445, 2500-3300, 6160, 6173, 11731 "Hosts, guests and agents"`,
        `allow ${p}proxy1, ${p}proxy2 -> ${p}prod tcp 135, 443, 445, 902, 6160, 6173, 11731 "Transport and guest processing"`,
        `allow ${p}mount -> ${p}prod tcp 2500-3300 "File-level recovery"`,
        `allow ${p}prod -> ${p}vbr tcp 6162 "Agent management"`,
        `allow ${p}prod -> ${p}repo1, ${p}repo2 tcp 2500-3300 "Agent backups"`
    ];
    // Every fifth site forgot the proxies' transport rule.
    lines.push(...rules.filter((_, i) => !(s % 5 === 4 && i === 8)), '');
    return placed;
}

/** `count` zones that do not overlap (10.a.b.0/24), one component in every tenth: the scale of the zone checks. */
export function generateZonesPlan(count: number): string {
    const lines = [`plan "Zones ${count}"`, ''];
    for (let i = 0; i < count; i++) {
        const net = `10.${Math.floor(i / 256) % 256}.${i % 256}`;
        lines.push(`zone z${i} ${net}.0/24`);
        if (i % 10 === 0) lines.push(`vm${i} : infra.VmGuest in z${i} at ${net}.10 os linux`);
    }
    return lines.join('\n') + '\n';
}

/**
 * A workspace of many small plans, each a site of its own (about ten components), as a team that
 * keeps one plan per branch office has it. File name → text.
 */
export function generateSmallPlans(count: number): Map<string, string> {
    const files = new Map<string, string>();
    for (let i = 0; i < count; i++) {
        const lines = [`plan "Office ${i}"`, ''];
        writeSite(lines, i % 250, 12);
        files.set(`office${i}/plan.segplan`, lines.join('\n').replaceAll(`s${i % 250}`, `o${i}x`));
    }
    return files;
}
