import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import { ConfigError } from '../audit/importers/importer.js';
import { findImporter } from '../audit/importers/registry.js';
import { interfacesOf } from '../audit/run-audit.js';
import { EMITTERS, readBackOf } from '../emit/registry.js';
import type { RuleSet } from '../emit/rule-set.js';
import type { DevicePolicies } from '../emit/fortigate-deny-placement.js';
import { hasPlatformReader } from './platform-reader.node.js';
import { readableConfigs } from './read-configs.js';
import { sharedReading, verifyConfigs, type SharedReading, type VerifyResult } from './verify.js';

/**
 * `generate --verify`: a target's output, read back by the audit importer for its format, proven
 * to allow exactly the plan before it is written. A target without an importer cannot be verified,
 * and says so; it is never called verified.
 */

/**
 * The earliest last instant the platforms of the formats read can express (undefined when none
 * has a limit): the targets read back by those importers say it.
 */
export function latestExpiryOf(importerIds: readonly string[]): number | undefined {
    const limits = EMITTERS.filter(e => e.readBack?.latestExpiry !== undefined && importerIds.includes(e.readBack.importer)).map(e => e.readBack!.latestExpiry!);
    return limits.length ? Math.min(...limits) : undefined;
}

export type GeneratedVerification =
    /** Proven (`equal`), refuted (`different`) or undecided (`unknown`), per host for host targets. */
    | { readonly kind: 'verified'; readonly target: string; readonly results: readonly VerifyResult[] }
    /** No importer reads this target's output, or reading it failed: why, in a sentence. */
    | { readonly kind: 'cannot-verify'; readonly target: string; readonly why: string };

/** The importer that reads a target's output (Emitter.readBack), if SegPlan can read it back. */
export function importerForTarget(target: string) {
    const readBack = readBackOf(target);
    return readBack && findImporter(readBack.importer);
}

/**
 * The largest rule set (allow rules, or host rules for a host target) `generate` verifies unless
 * told `--verify`, where a target says no other (ReadBack.maxRulesByDefault): where the proof
 * takes seconds, by `npm run bench`'s verify rows.
 */
const VERIFY_BY_DEFAULT_MAX_RULES = 5_000;

/**
 * Whether `generate` verifies a target's output unless told (`--verify`, `--no-verify`), and if
 * not, why: no reader for it; what the target says (nftables text, which nft reads in a network
 * namespace of its own, as root); a rule set larger than the target verifies by default.
 */
export function notVerifiedByDefault(target: string, ruleSet: RuleSet): string | undefined {
    if (!importerForTarget(target)) return `SegPlan has no reader for ${target} output yet`;
    const readBack = readBackOf(target)!;
    if (readBack.notByDefault) return readBack.notByDefault;
    // A host target's file holds the rules of its own hosts (a Windows script, those of the Windows hosts).
    const rules = readBack.hosts ? readBack.hosts(ruleSet).reduce((n, h) => n + h.rules.length, 0) : ruleSet.rules.length;
    const most = readBack.maxRulesByDefault ?? VERIFY_BY_DEFAULT_MAX_RULES;
    if (rules > most) return `${rules.toLocaleString('en')} rules are more than generate verifies for ${target} unless asked (${most.toLocaleString('en')}): give --verify`;
    return undefined;
}

export function overallVerdict(v: GeneratedVerification): 'equal' | 'different' | 'unknown' {
    if (v.kind === 'cannot-verify') return 'unknown';
    if (v.results.some(r => r.verdict === 'different')) return 'different';
    return v.results.every(r => r.verdict === 'equal') ? 'equal' : 'unknown';
}

export interface VerifyGeneratedOptions {
    /** Zone → its zone or interface name on the device (`--map zone=name`), as generate was given. */
    readonly zoneNames?: ReadonlyMap<string, string>;
    readonly now?: Date;
    /**
     * FortiGate: the device's policies the output was placed among (`generate --device-config`),
     * which the output moves its own relative to. They are read first, switched off: what SegPlan's
     * policies allow is proven in the device's order, and what the device's own allow is not judged.
     */
    readonly devicePolicies?: DevicePolicies;
    /** What the proofs of a host target's hosts share (verify.ts): given, the caller sees the work they did. */
    readonly shared?: SharedReading;
}

/** The device's policies by id, in its order, each disabled: a place in the list that allows nothing. */
function disabledPolicies(device: DevicePolicies): string {
    return ['config firewall policy', ...device.ids.flatMap(id => [`    edit ${id}`, '        set status disable', '    next']), 'end', ''].join('\n');
}

export async function verifyGenerated(analysis: PlanAnalysis, ruleSet: RuleSet, target: string, text: string, options: VerifyGeneratedOptions = {}): Promise<GeneratedVerification> {
    const importer = importerForTarget(target);
    if (!importer) return { kind: 'cannot-verify', target, why: `SegPlan has no reader for ${target} output yet, so it cannot prove what it allows` };
    const file = `${ruleSet.planFile.replace(/\.segplan$/, '')}.${target}`;
    try {
        const given = options.devicePolicies ? [{ text: disabledPolicies(options.devicePolicies), file: options.devicePolicies.file }] : [];
        // The output as written is checked by its platform's reader, where it has one (nftables text too).
        const configs = readableConfigs([...given, { text, file }], () => importer)
            .map(c => c.file === file && !c.ownOutput && hasPlatformReader(target) ? { ...c, ownOutput: { target, text } } : c);
        const interfaces = interfacesOf(analysis, [...options.zoneNames ?? []].map(([zone, name]) => `${zone}=${name}`), true);
        const { otherFamily, hosts } = readBackOf(target)!;
        const base = {
            now: options.now ?? new Date(), interfaces, formatGiven: true, latestExpiry: latestExpiryOf([importer.id]),
            otherFamilyIn: otherFamily ? () => `it is in the ${otherFamily} target's file` : undefined
        };
        if (!hosts) return { kind: 'verified', target, results: [await verifyConfigs(analysis, ruleSet, configs, base, options.shared)] };
        const results: VerifyResult[] = [];
        const shared = options.shared ?? sharedReading();
        for (const h of hosts(ruleSet)) results.push(await verifyConfigs(analysis, ruleSet, configs, { ...base, host: h.host }, shared));
        return { kind: 'verified', target, results };
    } catch (error) {
        if (error instanceof ConfigError) return { kind: 'cannot-verify', target, why: `reading the output back failed: ${error.message}` };
        throw error;
    }
}
