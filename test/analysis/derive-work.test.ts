import * as assert from 'node:assert/strict';
import { generateBenchPlan, generateSmallPlans } from '../../bench/plan-generator.js';
import type { DerivedRequirements } from '../../language/analysis/derive-requirements.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { derivedOf } from '../helpers/derived.js';

/**
 * The first pass derives a plan's requirements site by site; what a catalog row gives every pair
 * of components alike (its fixed ports, its traits, the relation it follows) is worked out once
 * for all the sites, and kept while the catalog is the same. The work is counted, never timed.
 */
describe('the work of deriving requirements (counted)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });
    const prepared = (d: DerivedRequirements) => d.derivation.rows.work.prepared;

    it('prepares each catalog row once for all sites, not once per site', async () => {
        // 10 and 20 sites of the same 20 components: the same catalog rows apply, each prepared once.
        const one = await derivedOf(services, generateBenchPlan(200).text), two = await derivedOf(services, generateBenchPlan(400).text);
        assert.equal(one.sites.size, 10);
        assert.equal(two.sites.size, 20);
        assert.ok(prepared(one) > 0);
        assert.ok(two.groupFlows.length > 2 * one.groupFlows.length, 'consoles reach the servers of every site');
        assert.equal(prepared(two), prepared(one));
        // Per component pair (worked out when asked for) the rows are the same ones.
        two.pairFlows();
        assert.equal(prepared(two), prepared(one));
    });

    it('prepares each catalog row once for a workspace of many plans, not once per plan', async () => {
        // Plans of one workspace, each analysed by the workspace's analyzer: the same catalog, so the same rows.
        const small = [...generateSmallPlans(6).values()];
        const documents = await buildDocuments(services, Object.fromEntries(small.map((text, i) => [`plan-${i}.segplan`, text])));
        try {
            const analyzer = services.analysis.PlanAnalyzer;
            const rowsOf = (i: number) => analyzer.analysis(documents[i]).state.required.derivation.rows;
            const first = rowsOf(0);
            const preparedByOne = first.work.prepared;
            assert.ok(preparedByOne > 0);
            // Every plan uses the rows the first prepared, and the others prepare only rows of their own, if any.
            const distinct = new Set(small.map((_, i) => rowsOf(i)));
            assert.equal(distinct.size, 1, 'every plan of the workspace reads one set of catalog rows');
            assert.ok(first.work.prepared < small.length * preparedByOne, `${first.work.prepared} rows prepared for ${small.length} plans`);
        } finally {
            for (const d of documents) services.shared.workspace.LangiumDocuments.deleteDocument(d.uri);
        }
    });

    it('groups the catalog\'s relation flows once per set of features a workspace\'s plans use, not once per plan', async () => {
        // Six small plans that use no feature, and one of them again using Instant Recovery, whose vPower NFS flows follow `serves`.
        const small = [...generateSmallPlans(6).values()];
        const instantRecovery = small[1].replace(/^(plan .*\n)/, '$1use veeam.InstantRecovery\n');
        assert.notEqual(instantRecovery, small[1]);
        const files = Object.fromEntries([...small, instantRecovery].map((text, i) => [`plan-${i}.segplan`, text]));
        // Services of their own: the catalog's relations grouped for these plans alone.
        const workspace = await createTestServices();
        const documents = await buildDocuments(workspace, files);
        try {
            const analyzer = workspace.analysis.PlanAnalyzer;
            const derivedIn = (i: number) => analyzer.analysis(documents[i]).state.required;
            const rows = derivedIn(0).derivation.rows;
            assert.equal(rows.work.relationSets, 2, 'one grouping for the plans without features, one for the plan with Instant Recovery');
            // What the relations bind is each plan's own: the vPower NFS flows from the mount server to the ESXi host only where Instant Recovery is used.
            const vPower = (d: DerivedRequirements) => d.groupFlows.filter(g => g.purpose.startsWith('vPower NFS')).map(g => `${g.source.name} -> ${g.destination.name} ${g.portText}`);
            assert.deepEqual(vPower(derivedIn(6)), ['o1xmount -> o1xesx0 6161']);
            assert.deepEqual(vPower(derivedIn(1)), []);
            // The same as each plan analysed alone.
            const alone = await derivedOf(await createTestServices(), instantRecovery);
            assert.equal(alone.derivation.rows.work.relationSets, 1);
            assert.deepEqual(vPower(alone), vPower(derivedIn(6)));
            const written = (d: DerivedRequirements) => d.groupFlows.map(g => `${g.source.name} -> ${g.destination.name} ${g.protocols.join('/')} ${g.portText} ${g.relation?.name ?? ''} ${g.relation?.how ?? ''}`);
            assert.deepEqual(written(alone), written(derivedIn(6)));
        } finally {
            for (const d of documents) workspace.shared.workspace.LangiumDocuments.deleteDocument(d.uri);
        }
    });

    it('prepares no row again for the next analysis with the same catalog', async () => {
        const first = await derivedOf(services, generateBenchPlan(200).text);
        const done = prepared(first);
        const next = await derivedOf(services, generateBenchPlan(300).text, first);
        assert.ok(next.groupFlows.length > first.groupFlows.length);
        assert.equal(prepared(next), done);
    });
});
