import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { findImporter } from '../../language/audit/importers/registry.js';
import type { AddressSet } from '../../language/network/addresses.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses } from './audit-verdicts.js';
import { PROJECT_ROOT } from './fixtures.js';

/**
 * The corpus of public configurations (test/fixtures/audit/corpus, provenance in its
 * provenance.json), read as the corpus tests and `npm run bench -- audit` read it: one map of
 * interface and zone names for every file, and one instant.
 */
export const CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'corpus');
export const CORPUS_NOW = new Date('2026-11-23T12:00:00Z');
const INTERFACES: ReadonlyMap<string, AddressSet> = new Map([
    ['inside', addresses('10.0.0.0/8')], ['outside', EVERY_ADDRESS], ['trust', addresses('10.0.0.0/8')], ['untrust', EVERY_ADDRESS],
    ['port1', EVERY_ADDRESS], ['port2', addresses('10.0.0.0/8')], ['eth0', EVERY_ADDRESS], ['eth1', addresses('10.0.0.0/8')]
]);

/** The formats of the corpus: one folder each, named by the importer's id. */
export function corpusFormats(): string[] {
    return readdirSync(CORPUS).filter(name => statSync(path.join(CORPUS, name)).isDirectory()).sort();
}

/** A cloud export says not which hosts a group guards: each group of the file stands for a network of its own here. */
export function corpusInterfaces(format: string, text: string): Map<string, AddressSet> {
    const groups = format === 'aws-security-groups' ? [...text.matchAll(/"GroupId"\s*:\s*"([^"]+)"/g)].map(m => m[1])
        : format === 'azure-nsg' ? [JSON.parse(text)].flat().map((g: { name?: string }) => g.name ?? '') : [];
    return new Map([...INTERFACES, ...[...new Set(groups)].map((g, i) => [g, addresses(`10.${i % 250}.${Math.floor(i / 250)}.0/24`)] as const)]);
}

/** Reads one corpus file with its format's importer: the policy, or the ConfigError that refused it (any other exception is thrown). */
export async function readCorpusFile(format: string, name: string, text: string): Promise<FirewallPolicy | ConfigError> {
    try {
        return await findImporter(format)!.import(text, { file: name, interfaces: corpusInterfaces(format, text), hook: 'forward', now: CORPUS_NOW });
    } catch (error) {
        if (error instanceof ConfigError) return error;
        throw error;
    }
}

/**
 * The lines of a configuration that are rules, by what the reader made of them: `exact`, modeled
 * exactly; `bounded`, a condition it does not model, so the verdict is given only where the rule
 * cannot change it; `notEvaluated`, what the rule does is not known, or the line is reported
 * unevaluated. Counted by line (one rule of a file may be several rules of the policy); the
 * platform's defaults (line 0) are no line of the file.
 */
export interface RuleLineShares { exact: number; bounded: number; notEvaluated: number }

const RANK: Record<keyof RuleLineShares, number> = { exact: 0, bounded: 1, notEvaluated: 2 };

export function ruleLineShares(policy: FirewallPolicy): RuleLineShares {
    const kind = new Map<number, keyof RuleLineShares>();
    const note = (line: number, k: keyof RuleLineShares) => {
        const was = kind.get(line);
        if (line > 0 && (was === undefined || RANK[k] > RANK[was])) kind.set(line, k);
    };
    for (const chain of policy.chains.values()) {
        for (const rule of chain.rules) note(rule.location.line, rule.unknown ? 'notEvaluated' : rule.condition || rule.uncertain !== undefined ? 'bounded' : 'exact');
    }
    // A line reported unevaluated is bounded where a rule of it carries the condition, else not evaluated.
    for (const u of policy.unevaluated) note(u.line, kind.has(u.line) ? 'bounded' : 'notEvaluated');
    const shares: RuleLineShares = { exact: 0, bounded: 0, notEvaluated: 0 };
    for (const k of kind.values()) shares[k]++;
    return shares;
}

/** What the readers make of the whole corpus: files read and refused, and the rule lines of those read, per format. */
export interface CorpusShares { files: number; read: number; shares: RuleLineShares; byFormat: Record<string, RuleLineShares & { files: number; read: number }> }

export async function corpusShares(): Promise<CorpusShares> {
    const total: CorpusShares = { files: 0, read: 0, shares: { exact: 0, bounded: 0, notEvaluated: 0 }, byFormat: {} };
    for (const format of corpusFormats()) {
        const mine = total.byFormat[format] = { files: 0, read: 0, exact: 0, bounded: 0, notEvaluated: 0 };
        for (const name of readdirSync(path.join(CORPUS, format)).sort()) {
            const policy = await readCorpusFile(format, name, readFileSync(path.join(CORPUS, format, name), 'utf8'));
            mine.files++;
            if (policy instanceof ConfigError) continue;
            mine.read++;
            const shares = ruleLineShares(policy);
            for (const k of ['exact', 'bounded', 'notEvaluated'] as const) mine[k] += shares[k];
        }
        total.files += mine.files;
        total.read += mine.read;
        for (const k of ['exact', 'bounded', 'notEvaluated'] as const) total.shares[k] += mine[k];
    }
    return total;
}

/**
 * The share of the corpus's rule lines the readers evaluate (exactly or bounded) must not fall
 * below this: the public-corpus test holds it, and `npm run bench -- audit` reports the figure.
 */
export const CORPUS_EVALUATED_FLOOR_PERCENT = 90;

/** The share of rule lines evaluated (exactly or bounded), in percent. */
export function evaluatedPercent(s: RuleLineShares): number {
    const all = s.exact + s.bounded + s.notEvaluated;
    return all === 0 ? 100 : 100 * (s.exact + s.bounded) / all;
}
