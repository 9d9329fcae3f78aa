/**
 * `segplan.json`: what a team decides once for its plans, read by the language server and the CLI
 * alike so that `segplan check` reports what the editor shows.
 *
 * ```json
 * {
 *   "severities": { "unused-rule": "error", "install-only": "warning", "same-zone-flow": "off" },
 *   "exclude": ["archive", "test/fixtures/**"],
 *   "defaultTarget": "nftables",
 *   "zoneNames": { "mgmt": "eth1", "backup": "eth2" }
 * }
 * ```
 */

/** How a finding is reported; `off` hides it. */
export type ConfiguredSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ProjectConfig {
    /** Finding code (or `install-only` for every finding about install-only flows) → severity. */
    readonly severities: ReadonlyMap<string, ConfiguredSeverity>;
    /** Folders and files (relative to the file's folder; `*` and `**` allowed) that are not part of the workspace. */
    readonly exclude: readonly string[];
    readonly defaultTarget?: string;
    /** Zone → its zone or interface name on the firewall (what `--map zone=name` gives). */
    readonly zoneNames: ReadonlyMap<string, string>;
}

/** Something wrong in the file, at a 1-based line and column. */
export interface ConfigProblem {
    readonly line: number;
    readonly column: number;
    readonly message: string;
}

export const PROJECT_CONFIG_FILE = 'segplan.json';
export const SEVERITY_VALUES: readonly ConfiguredSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];
const KEYS = ['severities', 'exclude', 'defaultTarget', 'zoneNames'];

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { severities: new Map(), exclude: [], zoneNames: new Map() };

/** 1-based line and column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Where a key (`"name":`) is written, for a problem about it; the file's start when not found. */
function keyPosition(text: string, key: string, after = 0): { line: number; column: number } {
    const at = text.indexOf(JSON.stringify(key), after);
    return positionOf(text, at < 0 ? 0 : at);
}

/**
 * Reads a `segplan.json`. What is valid is taken; each problem says where it is and what to write
 * instead, and a file that is not JSON gives no settings at all (never half of them).
 */
export function parseProjectConfig(text: string, knownTargets: readonly string[]): { config: ProjectConfig; problems: ConfigProblem[] } {
    const problems: ConfigProblem[] = [];
    let json: unknown;
    try {
        json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const offset = /position (\d+)/.exec(message);
        const at = offset ? positionOf(text, Number(offset[1])) : { line: 1, column: 1 };
        return { config: EMPTY_PROJECT_CONFIG, problems: [{ ...at, message: `not valid JSON: ${message.replace(/^.*?JSON[^:]*: ?/, '').replace(/ in JSON at position \d+.*$/, '')}` }] };
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        return { config: EMPTY_PROJECT_CONFIG, problems: [{ line: 1, column: 1, message: 'the file must hold one JSON object ({ "severities": …, "exclude": … })' }] };
    }
    const record = json as Record<string, unknown>;
    for (const key of Object.keys(record)) {
        if (!KEYS.includes(key)) problems.push({ ...keyPosition(text, key), message: `unknown setting "${key}"; the settings are ${KEYS.map(k => `"${k}"`).join(', ')}` });
    }
    const severities = new Map<string, ConfiguredSeverity>();
    if (record.severities !== undefined) {
        const at = text.indexOf('"severities"');
        if (typeof record.severities !== 'object' || record.severities === null || Array.isArray(record.severities)) {
            problems.push({ ...keyPosition(text, 'severities'), message: '"severities" maps finding codes to a severity: { "unused-rule": "error" }' });
        } else {
            for (const [code, value] of Object.entries(record.severities as Record<string, unknown>)) {
                if (typeof value === 'string' && (SEVERITY_VALUES as readonly string[]).includes(value)) severities.set(code, value as ConfiguredSeverity);
                else problems.push({ ...keyPosition(text, code, at), message: `"${code}": ${JSON.stringify(value)} is not a severity; write one of ${SEVERITY_VALUES.map(v => `"${v}"`).join(', ')}` });
            }
        }
    }
    const exclude: string[] = [];
    if (record.exclude !== undefined) {
        if (!Array.isArray(record.exclude) || record.exclude.some(e => typeof e !== 'string' || e.trim() === '')) {
            problems.push({ ...keyPosition(text, 'exclude'), message: '"exclude" is a list of folders or file patterns relative to this file: ["archive", "test/**"]' });
        } else {
            for (const pattern of record.exclude as string[]) {
                if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
                    problems.push({ ...keyPosition(text, 'exclude'), message: `"${pattern}": exclude patterns are relative to the folder of segplan.json and stay inside it` });
                } else exclude.push(pattern.replace(/^\.\//, '').replace(/\/+$/, ''));
            }
        }
    }
    let defaultTarget: string | undefined;
    if (record.defaultTarget !== undefined) {
        if (typeof record.defaultTarget === 'string' && knownTargets.includes(record.defaultTarget)) defaultTarget = record.defaultTarget;
        else problems.push({ ...keyPosition(text, 'defaultTarget'), message: `"defaultTarget": ${JSON.stringify(record.defaultTarget)} is not a target; the targets are ${knownTargets.join(', ')}` });
    }
    const zoneNames = new Map<string, string>();
    if (record.zoneNames !== undefined) {
        if (typeof record.zoneNames !== 'object' || record.zoneNames === null || Array.isArray(record.zoneNames)
            || Object.values(record.zoneNames).some(v => typeof v !== 'string' || v === '')) {
            problems.push({ ...keyPosition(text, 'zoneNames'), message: '"zoneNames" maps each zone to its name on the firewall: { "mgmt": "eth1" }' });
        } else {
            for (const [zone, name] of Object.entries(record.zoneNames as Record<string, string>)) zoneNames.set(zone, name);
        }
    }
    return { config: { severities, exclude, defaultTarget, zoneNames }, problems };
}

/**
 * A pattern of `exclude` as a test on a path relative to the config's folder (`a/b/c.segplan`):
 * `*` stays inside one folder, `**` spans any number, and a pattern naming a folder excludes
 * everything in it.
 */
export function excludePattern(pattern: string): (relative: string) => boolean {
    const parts = pattern.split('/');
    let source = '';
    parts.forEach((part, i) => {
        const last = i === parts.length - 1;
        if (part === '**') { source += last ? '.*' : '(?:[^/]+/)*'; return; }
        source += part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
        if (!last) source += '/';
    });
    const regex = new RegExp(`^${source}(?:/.*)?$`);
    return relative => regex.test(relative);
}
