import type { ConfigLocation, FirewallPolicy } from '../audit/firewall-policy.js';
import type { ConfigImporter, ImportOptions, KeptReading } from '../audit/importers/importer.js';
import { detectImporter, findImporter, IMPORTERS } from '../audit/importers/registry.js';
import { windowAt, type TimeBound, type WindowState } from '../audit/importers/time-window.js';
import { KERNEL_FORMATS, type ConfigInput } from '../audit/run-audit.js';
import type { AddressSet } from '../network/addresses.js';
import { asDeployed } from './deployed-iptables.js';

/**
 * The configurations a verify reads, each by its importer (given or detected), grouped as the
 * device holds them: files a kernel runs side by side (iptables, ip6tables and nftables tables)
 * stay separate policies; several files of one device format are one configuration applied in
 * the order given (version 1 then version 2 of a second apply), read as one text.
 */

/** What the user gave that verify cannot read: the CLI exits 2 with it. */
export class VerifyInputError extends Error {}

/** One configuration as read: the text given to its importer and where each of its lines came from. */
export interface ReadableConfig {
    readonly importer: ConfigImporter;
    readonly text: string;
    readonly file: string;
    /** Files concatenated into `text`, with the line each starts at (1-based), in order. */
    readonly parts: readonly { readonly file: string; readonly firstLine: number }[];
    /** What reading it assumes (SegPlan's iptables file read as loaded with its jump in place). */
    readonly notes: readonly string[];
    /**
     * SegPlan's own output for a target (iptables, ip6tables, nftables …), as written: the
     * platform's own reader checks that it loads before it is called verified (platform-reader.node.ts).
     */
    readonly ownOutput?: { readonly target: string; readonly text: string };
    /** What the platform's reader listed of the text once it had loaded it (nft's JSON): read instead of loading the text again (ImportOptions.listed). */
    readonly listed?: unknown;
}

export function importerOf(config: ConfigInput, format: string | undefined, formatOption: string): ConfigImporter {
    const importer = format ? findImporter(format) : detectImporter(config.text);
    if (importer) return importer;
    throw new VerifyInputError(format
        ? `Unknown ${formatOption} '${format}'. Formats: ${IMPORTERS.map(i => i.id).join(', ')}.`
        : `Cannot tell what kind of configuration '${config.file}' is. Give ${formatOption} (${IMPORTERS.map(i => `${i.id}: ${i.label}`).join('; ')}).`);
}

/** Groups the files into the configurations the device runs (see the file comment). */
export function readableConfigs(configs: readonly ConfigInput[], importerFor: (config: ConfigInput) => ConfigImporter): ReadableConfig[] {
    const byImporter = new Map<ConfigImporter, ConfigInput[]>();
    for (const config of configs) {
        const importer = importerFor(config);
        byImporter.set(importer, [...(byImporter.get(importer) ?? []), config]);
    }
    const kinds = [...byImporter.keys()];
    if (kinds.length > 1 && !kinds.every(k => KERNEL_FORMATS.has(k.id))) {
        throw new VerifyInputError(`${configs.map(c => c.file).join(', ')} are configurations of different platforms (${kinds.map(k => k.label).join(', ')}): verify each device on its own.`);
    }
    const out: ReadableConfig[] = [];
    for (const [importer, given] of byImporter) {
        if (KERNEL_FORMATS.has(importer.id) || importer.combine) {
            for (const config of given) {
                const deployed = asDeployed(config.text);
                out.push({
                    importer, text: deployed?.text ?? config.text, file: config.file, parts: [{ file: config.file, firstLine: 1 }], notes: deployed ? [deployed.note(config.file)] : [],
                    ownOutput: deployed ? { target: deployed.target, text: config.text } : undefined
                });
            }
            continue;
        }
        // The device holds the commands of each file in turn: one text, each file's lines after the previous one's.
        const parts: { file: string; firstLine: number }[] = [];
        let line = 1;
        for (const config of given) {
            parts.push({ file: config.file, firstLine: line });
            line += config.text.split('\n').length;
        }
        out.push({ importer, text: given.map(c => c.text).join('\n'), file: given.map(c => c.file).join(' then '), parts, notes: [] });
    }
    return out;
}

/** A location in a concatenated text as the file and line the user wrote. */
export function locatedIn(config: ReadableConfig, location: ConfigLocation): ConfigLocation {
    if (config.parts.length < 2 || location.line === 0) return location;
    const part = [...config.parts].reverse().find(p => p.firstLine <= location.line)!;
    return { ...location, file: part.file, line: location.line - part.firstLine + 1 };
}

/** A question a reading asked of the time (ImportOptions.windowAt), with the answer it got. */
export interface WindowAsked {
    readonly start: TimeBound | undefined;
    readonly end: TimeBound | undefined;
    readonly answer: WindowState;
}

/**
 * Each configuration read for the instant `now` (locations as in its text: see locatedIn), for
 * the host whose firewall it is when one is named (a script with rules for several hosts runs
 * that host's part); and whether reading any of them asked the time, or the host. When none asked
 * the time (no rule with a date or schedule), the configurations read the same at every instant;
 * when none asked the host, the same for every host. A reading that asked the time only whether
 * rules with dates hold (`windows`, each question with its answer) reads the same at every
 * instant where each has the same answer (answersAlike). `kept` (one per configuration, the
 * same objects at each instant of one host's proof) keeps what reading them did not ask the time of.
 */
export async function importAt(
    configs: readonly ReadableConfig[], interfaces: ReadonlyMap<string, AddressSet>, hook: ImportOptions['hook'], now: Date, formatGiven: boolean, host?: string, deviceGroup?: string,
    kept?: readonly KeptReading[]
): Promise<{ policies: FirewallPolicy[]; askedTime: boolean; askedHost: boolean; windows: readonly WindowAsked[] }> {
    const policies: FirewallPolicy[] = [];
    let askedTime = false, askedHost = false;
    const windows: WindowAsked[] = [];
    const asked = (start: TimeBound | undefined, end: TimeBound | undefined): WindowState => {
        const answer = windowAt(now.getTime(), start, end);
        windows.push({ start, end, answer });
        return answer;
    };
    for (const [i, config] of configs.entries()) {
        const options: ImportOptions = {
            file: config.file, interfaces, hook, formatGiven, deviceGroup, hostNames: true, kept: kept?.[i], listed: config.listed,
            get host() { askedHost = true; return host; },
            get now() { askedTime = true; return now; },
            windowAt: asked
        };
        policies.push(await config.importer.import(config.text, options));
    }
    return { policies, askedTime, askedHost, windows };
}

/** Whether every question a reading asked of the time has the same answer at `at`: then it reads the same there. */
export function answersAlike(windows: readonly WindowAsked[], at: number): boolean {
    return windows.every(w => windowAt(at, w.start, w.end) === w.answer);
}
