import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * Many-of relations over generated estates: backup servers and repositories in sites, with Veeam
 * ONE servers (`monitors`), consoles (`administers`) and agents (`writes to`), some naming the
 * components they work with.
 * - a flow that follows the relation runs from a component that names its partners to exactly
 *   those (no more); one that names none works with some, or a finding says why not (an agent
 *   whose only repositories are another backup server's);
 * - declaring the pairs SegPlan inferred changes no required flow;
 * - adding or removing the `site` lines changes no pair a declared relation binds.
 */

/** The subject types, the relation each states, the type it names, and how the catalog calls the relation. */
const SUBJECTS = [
    { type: 'veeam.VeeamOneServer', words: 'monitors', names: 'vbr', relation: 'monitors' },
    { type: 'veeam.Console', words: 'administers', names: 'vbr', relation: 'administers' },
    { type: 'veeam.Agent', words: 'writes to', names: 'repo', relation: 'writes-to' }
] as const;

interface Subject { kind: number; site: number; names: number[] }
interface Estate { sites: number; servers: number[]; repositories: number[]; subjects: Subject[] }

const estate: fc.Arbitrary<Estate> = fc.integer({ min: 1, max: 3 }).chain(sites => fc.record({
    sites: fc.constant(sites),
    servers: fc.array(fc.integer({ min: 0, max: sites - 1 }), { minLength: 1, maxLength: 3 }),
    repositories: fc.array(fc.integer({ min: 0, max: sites - 1 }), { minLength: 1, maxLength: 3 }),
    subjects: fc.array(fc.record({
        kind: fc.integer({ min: 0, max: SUBJECTS.length - 1 }),
        site: fc.integer({ min: 0, max: sites - 1 }),
        names: fc.array(fc.nat(5), { maxLength: 2 })
    }), { minLength: 1, maxLength: 4 })
}));

/** The components a subject names, as they exist in the estate (none: it names nothing). */
function named(e: Estate, s: Subject): string[] {
    const pool = SUBJECTS[s.kind].names === 'vbr' ? e.servers : e.repositories;
    return [...new Set(s.names.map(n => `${SUBJECTS[s.kind].names}${n % pool.length}`))].sort();
}

function planText(e: Estate, options: { sites?: boolean; declared?: ReadonlyMap<string, string[]> } = {}): string {
    const lines = ['plan "estate"'];
    for (let s = 0; s < e.sites; s++) lines.push(`zone z${s} 10.${s + 1}.0.0/24`);
    if (options.sites ?? true) for (let s = 0; s < e.sites; s++) lines.push(`site s${s} zones z${s}`);
    let host = 10;
    e.servers.forEach((site, i) => lines.push(`vbr${i} : veeam.BackupServer in z${site} at 10.${site + 1}.0.${host++} os windows`));
    e.repositories.forEach((site, i) => lines.push(`repo${i} : veeam.Repository in z${site} at 10.${site + 1}.0.${host++} os windows`));
    e.subjects.forEach((s, i) => {
        const names = options.declared?.get(`x${i}`) ?? named(e, s);
        const relation = names.length > 0 ? ` ${SUBJECTS[s.kind].words} ${names.join(', ')}` : '';
        lines.push(`x${i} : ${SUBJECTS[s.kind].type} in z${s.site} at 10.${s.site + 1}.0.${host++} os windows${relation}`);
    });
    return lines.join('\n') + '\n';
}

interface Outcome { required: string[]; bound: Map<string, string[]>; inferred: Map<string, string[]>; noted: Set<string> }

async function outcome(services: SegplanServices, e: Estate, text: string): Promise<Outcome> {
    const analysis = services.analysis.PlanAnalyzer.analysis(await buildPlan(services, text));
    const required = analysis.flows.map(r => `${r.flow.source.name}->${r.flow.destination.name} ${r.flow.protocols.join('/')} ${r.flow.portText} ${r.status}`).sort();
    const bound = new Map<string, string[]>(), inferred = new Map<string, string[]>();
    e.subjects.forEach((s, i) => {
        const own = analysis.flows.filter(r => r.flow.source.name === `x${i}` && r.flow.relation?.name === SUBJECTS[s.kind].relation);
        bound.set(`x${i}`, [...new Set(own.map(r => r.flow.destination.name))].sort());
        const guessed = own.filter(r => r.flow.relation!.how === 'inferred');
        if (guessed.length > 0) inferred.set(`x${i}`, [...new Set(guessed.map(r => r.flow.destination.name))].sort());
    });
    // The components a relation finding is about (one with no partner of its own server, say).
    const noted = new Set(analysis.findings.filter(f => f.code.startsWith('relation-')).map(f => (f.node as { name?: string }).name ?? ''));
    return { required, bound, inferred, noted };
}

describe('many-of relations over generated estates (fast-check)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('a subject that names its partners has the relation\'s flows to exactly them (seed 3611)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const { bound, noted } = await outcome(services, e, planText(e));
            e.subjects.forEach((s, i) => {
                const names = named(e, s);
                if (names.length > 0) assert.deepEqual(bound.get(`x${i}`), names, planText(e));
                else assert.ok((bound.get(`x${i}`) ?? []).length > 0 || noted.has(`x${i}`), `x${i} names nothing and works with nobody, unsaid\n${planText(e)}`);
            });
        }), { seed: 3611, numRuns: 40 });
    });

    it('declaring the pairs SegPlan inferred changes no required flow (seed 3612)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const before = await outcome(services, e, planText(e));
            if (before.inferred.size === 0) return;
            const text = planText(e, { declared: before.inferred });
            const after = await outcome(services, e, text);
            assert.deepEqual(after.required, before.required, text);
        }), { seed: 3612, numRuns: 40 });
    });

    it('adding or removing the site lines changes no pair a declared relation binds (seed 3613)', async () => {
        await fc.assert(fc.asyncProperty(estate, async e => {
            const withSites = await outcome(services, e, planText(e, { sites: true }));
            const without = await outcome(services, e, planText(e, { sites: false }));
            e.subjects.forEach((s, i) => {
                if (named(e, s).length > 0) assert.deepEqual(without.bound.get(`x${i}`), withSites.bound.get(`x${i}`), planText(e));
            });
        }), { seed: 3613, numRuns: 40 });
    });
});
