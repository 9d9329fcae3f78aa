// One measurement in a process of its own (`npm run bench` runs it): the audit of a 5,000-rule
// iptables-save configuration against the 10,000-instance plan.
import { performance } from 'node:perf_hooks';
import { runAudit } from '../language/audit/run-audit.js';
import { loadBenchPlan } from './loaded-bench-plan.js';

const SIZE = 10_000;
const RULES = 5_000;

const { bench, analysis, services } = await loadBenchPlan(SIZE);

// A rule base as a firewall team grows it: per zone pair, some ports, a few denies among the
// accepts; deterministic (a fixed linear congruential sequence), so every run audits the same file.
const zones = [...analysis.plan.facts.zones.values()].filter(z => !z.internet).map(z => z.networks.format().split(', ')[0]);
let seed = 12345;
const next = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'];
for (let i = 0; i < RULES; i++) {
    const from = zones[next(zones.length)], to = zones[next(zones.length)];
    const port = [443, 445, 6160, 6162, 2500, 902, 22, 9392][next(8)];
    const ports = port === 2500 ? '2500:3300' : String(port);
    lines.push(`-A FORWARD -s ${from} -d ${to} -p tcp -m tcp --dport ${ports} -j ${next(10) === 0 ? 'DROP' : 'ACCEPT'}`);
}
lines.push('COMMIT', '');
const text = lines.join('\n');

const start = performance.now();
const report = await runAudit(analysis, [{ text, file: 'bench.rules' }], { maps: [], now: new Date('2026-01-01T00:00:00Z'), catalog: services.analysis.PlanAnalyzer.catalog() });
const auditMs = performance.now() - start;
const counted = report.flows.filter(f => f.counts);
console.log(JSON.stringify({
    instances: bench.instances, rules: RULES, flows: counted.length, auditMs,
    allowed: counted.filter(f => f.verdict === 'allowed').length, overPermit: report.overPermit.length
}));
