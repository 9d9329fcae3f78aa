import * as assert from 'node:assert/strict';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import type { PlanRelations } from '../../language/analysis/relations.js';
import type { DerivedRequirements } from '../../language/analysis/derive-requirements.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { derivedOf as derivedRequirementsOf } from '../helpers/derived.js';

/**
 * Relations cost what the pairs they bind cost: they are worked out per group of components the
 * catalog cannot tell apart, and a subject's candidates are looked for in its own site first. The
 * work is counted (pairs of groups examined as candidates, pairs bound), never timed.
 */

/** `sites` sites of one backup server, a proxy, a repository and `agents` agents each: every relation stays in its site. */
function siteLocalPlan(sites: number, agents: number, withSites = true): string {
    const lines = ['plan "relations work"'];
    for (let s = 0; s < sites; s++) {
        lines.push(`zone m${s} 10.${s}.0.0/24`, `zone p${s} 10.${s}.1.0/22`);
        if (withSites) lines.push(`site s${s} zones m${s}, p${s}`);
        lines.push(
            `vbr${s} : veeam.BackupServer in m${s} at 10.${s}.0.10 os windows`,
            `proxy${s} : veeam.Proxy in m${s} at 10.${s}.0.11 os windows on vsphere`,
            `repo${s} : veeam.Repository in m${s} at 10.${s}.0.12 os windows`
        );
        for (let a = 0; a < agents; a++) lines.push(`agent${s}x${a} : veeam.Agent in p${s} at 10.${s}.${1 + Math.floor(a / 250)}.${(a % 250) + 2} os ${a % 2 ? 'linux' : 'windows'}`);
    }
    return lines.join('\n') + '\n';
}

describe('the work relations take (counted)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function relationsOf(text: string): Promise<PlanRelations> {
        const document = await buildPlan(services, text);
        const relations = services.analysis.PlanAnalyzer.analysis(document).relations;
        services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        return relations;
    }

    const derivedOf = (text: string): Promise<DerivedRequirements> => derivedRequirementsOf(services, text);

    it('places each relation flow\'s destinations once for all sites, not once per site', async () => {
        // Every site's pass reads the bound destinations of a relation flow in the flow's list
        // order: twice the sites, twice the destinations placed (once per site would be four times).
        const [one, two] = [await derivedOf(siteLocalPlan(10, 20)), await derivedOf(siteLocalPlan(20, 20))];
        assert.ok(one.work.indexed > 0);
        assert.equal(two.work.indexed, 2 * one.work.indexed);
        // Per component pair (worked out when asked for) likewise.
        const pairs = (d: DerivedRequirements) => { d.pairFlows(); return d.work.indexed; };
        assert.equal(pairs(two), 2 * pairs(one));
    });

    it('examines twice the pairs for twice the sites, when each site works alone', async () => {
        const [one, two] = [await relationsOf(siteLocalPlan(10, 20)), await relationsOf(siteLocalPlan(20, 20))];
        assert.ok(one.work.bound > 0 && one.work.examined > 0, JSON.stringify(one.work));
        assert.equal(two.work.examined, 2 * one.work.examined, `${JSON.stringify(one.work)} → ${JSON.stringify(two.work)}`);
        assert.equal(two.work.bound, 2 * one.work.bound);
    });

    it('examines no more pairs for more agents of the same kind in each site', async () => {
        const [few, many] = [await relationsOf(siteLocalPlan(10, 20)), await relationsOf(siteLocalPlan(10, 200))];
        assert.deepEqual(many.work, few.work);
    });

    it('never pairs every component with every candidate of a plan without sites', async () => {
        // 20 backup servers and 4,000 agents in one site: each agent could be managed by any server
        // (undecided, with a finding on each agent), yet the agents of a zone are one question:
        // twice the agents, the same pairs examined.
        const relations = await relationsOf(siteLocalPlan(20, 200, false));
        assert.equal(relations.findings().filter(f => f.code === 'relation-undecided').length, 20 * 202, 'every agent, proxy and repository is undecided');
        const twice = await relationsOf(siteLocalPlan(20, 400, false));
        assert.equal(twice.findings().filter(f => f.code === 'relation-undecided').length, 20 * 402);
        assert.deepEqual(twice.work, relations.work);
    });

    it('indexes the other way round only what flows from the named side read', async () => {
        // Consoles, Veeam ONE and Enterprise Manager are bound to the servers of every site (pairs
        // that grow with the square of the sites), and no flow reads those bindings from the
        // servers' side; a server's flows to the proxies it manages do, and those stay per site.
        const small = await relationsOf(generateBenchPlan(400, { maxSites: 20 }).text);
        const large = await relationsOf(generateBenchPlan(800, { maxSites: 40 }).text);
        const work = `${JSON.stringify(small.work)} → ${JSON.stringify(large.work)}`;
        assert.ok(large.work.bound > 3 * small.work.bound, work);
        assert.ok(small.work.reversed > 0, work);
        assert.equal(large.work.reversed, 2 * small.work.reversed, work);
    });

    it('examines pairs in proportion to the pairs bound as the bench plan grows', async () => {
        // Consoles, Veeam ONE and Enterprise Manager work with the servers of every site: the pairs
        // bound grow with the square of the sites, and the pairs examined with them, not faster.
        const ratio = (r: PlanRelations) => r.work.examined / r.work.bound;
        const small = await relationsOf(generateBenchPlan(400, { maxSites: 20 }).text);
        const large = await relationsOf(generateBenchPlan(800, { maxSites: 40 }).text);
        assert.ok(large.work.bound > 3 * small.work.bound, `${JSON.stringify(small.work)} → ${JSON.stringify(large.work)}`);
        assert.ok(ratio(large) <= ratio(small) * 1.05, `${JSON.stringify(small.work)} → ${JSON.stringify(large.work)}`);
        const flat = await relationsOf(generateBenchPlan(800, { sites: false, maxSites: 40 }).text);
        const flatter = await relationsOf(generateBenchPlan(1600, { sites: false, maxSites: 40 }).text);
        assert.deepEqual(flatter.work, flat.work, 'twice the components of the same kinds in the same zones');
    });

    it('binds twice the pairs for twice the sites when the bench plan says each site\'s servers are its own', async () => {
        // The plan the commit before relations read (each site's admins, Veeam ONE and Enterprise
        // Manager with their own site's servers), now written: what the bench times against it.
        const written = (instances: number, maxSites: number) => generateBenchPlan(instances, { maxSites, relationsWritten: true }).text;
        const small = await relationsOf(written(400, 20));
        const large = await relationsOf(written(800, 40));
        const work = `${JSON.stringify(small.work)} → ${JSON.stringify(large.work)}`;
        assert.ok(small.work.bound > 0, work);
        assert.equal(large.work.bound, 2 * small.work.bound, work);
        assert.equal(large.work.examined, 2 * small.work.examined, work);
        // In one site nothing is bound elsewhere: written or not, the same flows are required.
        const oneSite = async (relationsWritten: boolean) => {
            const document = await buildPlan(services, generateBenchPlan(20, { relationsWritten }).text);
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            const flows = analysis.flows.map(f => `${f.flow.source.name} -> ${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText} ${f.status}`).sort();
            services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
            return flows;
        };
        const [plain, declared] = [await oneSite(false), await oneSite(true)];
        assert.ok(plain.some(f => f.startsWith('s0admins -> s0vbr ')) && plain.some(f => f.startsWith('s0vone -> s0vcenter ')), plain.join('\n'));
        assert.deepEqual(declared, plain);
    });
});
