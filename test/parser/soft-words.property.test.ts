import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { softKeywords } from '../../language/parser/soft-keywords.js';
import { formatPorts } from '../../language/network/ports.js';
import type { PlanRuleEndpoint } from '../../language/plan/plan-model.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { assertSameTree } from './lean-equivalence.js';

// Every word the language took on after its first version is a name wherever a name goes. A plan
// whose zones, sites, components, platform and host names are such words reads exactly as the same
// plan with ordinary names: no syntax error, the same zones, components, relations, rules, denies,
// requirements, required flows and findings — and the lean parser builds Langium's tree for it.

/** The places a name goes in the plan below, each filled with a soft word or an ordinary name. */
const SLOTS = ['zone1', 'zone2', 'zone3', 'site1', 'site2', 'server', 'database', 'proxy', 'repository', 'console', 'host', 'platform'] as const;
type Slot = typeof SLOTS[number];

function planText(name: Record<Slot, string>, withPlatform: boolean): string {
    const n = name;
    return [
        'plan "soft words"',
        `zone ${n.zone1} 10.10.0.0/24`,
        `zone ${n.zone2} 10.20.0.0/24`,
        `zone ${n.zone3} 10.30.0.0/24 "repositories"`,
        'zone dr 10.40.0.0/24',
        withPlatform ? `platform ${n.platform} "Our own platform"` : '',
        `site ${n.site1} zones ${n.zone1}, ${n.zone2}`,
        `site ${n.site2} "branch" zones ${n.zone3}`,
        'site recovery zones dr',
        `pair ${n.site2} -> recovery`,
        `${n.server} : veeam.BackupServer in ${n.zone1} at 10.10.0.10 os windows database ${n.database}`,
        `${n.database} : infra.PostgreSql in ${n.zone1} at ${n.host}.corp.local`,
        `${n.proxy} : veeam.Proxy in ${n.zone2} at 10.20.0.11 os windows${withPlatform ? ` on ${n.platform}` : ''} managed by ${n.server}`,
        `${n.repository} : veeam.Repository in ${n.zone3} at 10.30.0.12 os linux managed by ${n.server}`,
        `${n.console} : veeam.Console in ${n.zone1} at 10.10.0.50 os windows administers ${n.server}`,
        `set veeam.CloudConnectPort = 6190 for ${n.server}`,
        `allow ${n.server} -> ${n.proxy}, ${n.repository} tcp 6160, 6162, 2500-3300`,
        `allow ${n.zone1} -> ${n.zone2} tcp/udp 135, 137-139, 445 "deploying the proxy"`,
        `allow ${n.server} -> ${n.repository} tcp 22 until 2027-01-31`,
        `allow ${n.proxy} -> ${n.repository} tcp 2500-3300`,
        `deny ${n.zone3} -> ${n.zone1}, ${n.console} tcp 3389 "no remote desktop from the repositories"`,
        `require ${n.console} -> ${n.proxy} tcp 22 "admins log in to the proxy"`,
        `allow ${n.console} -> ${n.proxy} tcp 22`
    ].filter(Boolean).join('\n') + '\n';
}

/** The ordinary name a slot takes: the soft word in capitals (keywords are lower case), as long as the word, so every column stays where it was. */
const ordinary = (word: string) => word.toUpperCase();

describe('soft words as names', function () {
    this.timeout(600000);
    const soft = [...softKeywords(createSegplanServices(EmptyFileSystem).Segplan.Grammar)].sort();
    let services: SegplanServices;
    const leanServices = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
    before(async () => { services = await createTestServices(); });

    /** What the plan means, every name as written: each part a list, in the analysis' order. */
    function meaning(document: LangiumDocument): Record<string, unknown[]> {
        const { plan, flows, findings } = services.analysis.PlanAnalyzer.analysis(document);
        const side = (endpoints: readonly PlanRuleEndpoint[]) => endpoints.map(e => e.label);
        return {
            zones: [...plan.facts.zones.values()].map(z => [z.name, z.networks.format(), z.members.format(), z.site, z.internet]),
            sites: [...plan.facts.sites.keys()],
            pairs: [...plan.facts.sitePairs],
            components: [...plan.facts.instances.values()].map(i => [i.name, i.typeId, i.zone.name, i.addresses.format(), i.os, i.platform,
                i.node.relations.map(r => [r.kind, ...r.targets.map(t => t.ref?.name)])]),
            overrides: plan.facts.portOverrides.map(o => [o.settingId, o.port, [...o.instances]]),
            rules: plan.policy.rules.map(r => [side(r.sources), side(r.destinations), r.protocol, formatPorts(r.ports), r.resolved, r.until]),
            denies: plan.policy.denies.map(d => [side(d.sources), side(d.destinations), d.protocol, formatPorts(d.ports), d.resolved]),
            requirements: plan.facts.requirements.map(r => [r.sources.map(i => i.name), r.destinations.map(i => i.name), r.protocol, r.portText]),
            flows: flows.map(f => [f.flow.source.name, f.flow.destination.name, f.flow.protocols.join('/'), f.flow.portText, f.flow.required, f.status]),
            findings: findings.map(f => [f.code, f.severity, f.message]),
            diagnostics: (document.diagnostics ?? []).map(d => [d.range.start.line, d.range.start.character, d.severity, d.code, d.message])
        };
    }

    /** Each part's items in one order: where the analysis orders by name, capitals come before the words. */
    function sorted(parts: Record<string, unknown[]>): Record<string, string[]> {
        return Object.fromEntries(Object.entries(parts).map(([key, items]) => [key, items.map(item => JSON.stringify(item)).sort()]));
    }

    async function readsAsWithOrdinaryNames(words: readonly string[], useSoft: readonly boolean[], withPlatform: boolean): Promise<void> {
        const names = Object.fromEntries(SLOTS.map((slot, i) => [slot, useSoft[i] ? words[i] : `${slot}${i}`])) as Record<Slot, string>;
        const plain = Object.fromEntries(SLOTS.map((slot, i) => [slot, useSoft[i] ? ordinary(words[i]) : names[slot]])) as Record<Slot, string>;
        const text = planText(names, withPlatform), plainText = planText(plain, withPlatform);
        const document = await buildPlan(services, text);
        const parsed = document.parseResult;
        assert.deepEqual([...parsed.lexerErrors, ...parsed.parserErrors].map(e => e.message), [], text);
        // The ordinary plan's meaning, its capitals read as the soft words they stand for.
        let expected = JSON.stringify(meaning(await buildPlan(services, plainText)));
        for (const word of words) expected = expected.replace(new RegExp(`(?<![\\w-])${ordinary(word)}(?![\\w-])`, 'g'), word);
        assert.deepEqual(sorted(meaning(document)), sorted(JSON.parse(expected)), text);
        // Both parsers read it alike: the lean one builds Langium's tree, or leaves a plan with a platform to it.
        const lean = leanServices.parser.LeanPlanParser!.parse(text);
        if (withPlatform) assert.equal(lean, undefined, 'the lean parser read a platform statement');
        else {
            assert.ok(lean, `the lean parser gave up on\n${text}`);
            assertSameTree(lean.value, leanServices.parser.LangiumParser.parse(text).value);
        }
    }

    it('every soft word in every place a name goes reads as an ordinary name there (fast-check, seed 3607)', async () => {
        assert.ok(soft.length >= SLOTS.length, 'fewer soft words than places');
        // First each word in each place: slot j of example i takes word i + j.
        const examples: [string[], boolean[], boolean][] = soft.map((_, i) => [
            SLOTS.map((__, j) => soft[(i + j) % soft.length]), SLOTS.map(() => true), i % 2 === 0
        ]);
        await fc.assert(fc.asyncProperty(
            fc.shuffledSubarray(soft, { minLength: SLOTS.length, maxLength: SLOTS.length }),
            fc.array(fc.boolean(), { minLength: SLOTS.length, maxLength: SLOTS.length }),
            fc.boolean(),
            readsAsWithOrdinaryNames
        ), { seed: 3607, numRuns: 24 + examples.length, examples });
    });
});
