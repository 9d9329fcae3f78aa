import { DocumentState, type LangiumSharedCoreServices, type URI } from 'langium';
import { projectConfigsOf, type ProjectConfigs } from '../config/project-configs.js';
import type { ConfiguredSeverity } from '../config/project-config.js';
import { SEVERITY_RANK, type Finding, type FindingSeverity } from '../analysis/finding.js';
import { MISSING_FLOW, PARTIAL_FLOW, SAME_ZONE_FLOW } from '../analysis/flow-findings.js';
import { INSTALL_ONLY_PERMANENT, UNUSED_RULE } from '../analysis/rule-findings.js';

/** A setting's value: a severity, or `off` to hide the finding. VS Code says `information`. */
type SettingValue = 'error' | 'warning' | 'information' | 'info' | 'hint' | 'off';

export interface FindingSeveritySettings {
    readonly installOnlySeverity: SettingValue;
    readonly unusedRuleSeverity: SettingValue;
    readonly sameZoneFlowSeverity: SettingValue;
}

const DEFAULTS: FindingSeveritySettings = { installOnlySeverity: 'warning', unusedRuleSeverity: 'warning', sameZoneFlowSeverity: 'hint' };
const SECTION = 'segplan';

/**
 * The editor's `segplan.*Severity` settings. Findings the user tunes (install-only flows and
 * rules, unused rules, same-zone reminders) get the severity they chose, or are hidden; everything
 * else keeps the analysis's severity. A change re-validates the open workspace.
 */
export class FindingSeverities {
    private settings: FindingSeveritySettings = DEFAULTS;
    private readonly configs: ProjectConfigs;
    /** The least severity reported at all (see reportOnly). */
    private least: FindingSeverity = 'hint';

    constructor(shared: LangiumSharedCoreServices) {
        this.configs = projectConfigsOf(shared);
        const configuration = shared.workspace.ConfigurationProvider;
        // The first values arrive with the client's `initialized`, later ones as updates.
        void configuration.ready.then(async () => {
            const read = async (key: keyof FindingSeveritySettings) => await configuration.getConfiguration(SECTION, key) as SettingValue | undefined;
            this.update({
                installOnlySeverity: await read('installOnlySeverity'),
                unusedRuleSeverity: await read('unusedRuleSeverity'),
                sameZoneFlowSeverity: await read('sameZoneFlowSeverity')
            });
        });
        configuration.onConfigurationSectionUpdate(update => {
            if (update.section !== SECTION || typeof update.configuration !== 'object' || !update.configuration) return;
            if (this.update(update.configuration as Partial<FindingSeveritySettings>)) {
                // Under the workspace's write lock, as every update: a build running beside another
                // reset documents under it and could leave the workspace's state behind for ever.
                void shared.workspace.WorkspaceLock.write(token => {
                    const builder = shared.workspace.DocumentBuilder;
                    const documents = shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme !== 'builtin').toArray();
                    for (const document of documents) builder.resetToState(document, DocumentState.IndexedReferences);
                    return builder.build(documents, { validation: true }, token);
                });
            }
        });
    }

    /**
     * Reports only findings of `least` severity or worse, after the settings have had their say:
     * a run that reads nothing but the errors (`segplan generate`) then neither writes nor places
     * the rest — the 2,000 unused-rule warnings of a 5,000-rule plan and their diagnostics.
     */
    reportOnly(least: FindingSeverity): void {
        this.least = least;
    }

    /**
     * Whether findings of `severity` are reported at all in this run. A check that only ever warns
     * (a repeated rule, a rule from a component to itself) is skipped where warnings are not read.
     */
    reports(severity: FindingSeverity): boolean {
        return SEVERITY_RANK[severity] <= SEVERITY_RANK[this.least];
    }

    /** Takes the values that are valid; says whether anything changed. */
    private update(values: Partial<Record<keyof FindingSeveritySettings, unknown>>): boolean {
        const valid = (v: unknown): v is SettingValue => ['error', 'warning', 'information', 'info', 'hint', 'off'].includes(v as string);
        const next = { ...this.settings };
        for (const key of Object.keys(DEFAULTS) as (keyof FindingSeveritySettings)[]) {
            if (valid(values[key])) next[key] = values[key] as SettingValue;
        }
        const changed = (Object.keys(DEFAULTS) as (keyof FindingSeveritySettings)[]).some(k => next[k] !== this.settings[k]);
        this.settings = next;
        return changed;
    }

    /**
     * The severity to report a finding with in a file, or undefined to leave it out. The file's
     * `segplan.json` comes first (the team's decision, which the CLI reads too), then the editor's
     * settings. Neither lowers an error of the analysis: a plan with a blocked flow or a rule open
     * to everything must not pass as complete.
     */
    severityOf(finding: Finding, file?: URI): FindingSeverity | undefined {
        return this.severitiesIn(file)(finding);
    }

    /** severityOf for the findings of one file: its `segplan.json` is looked up once, not once per finding. */
    severitiesIn(file?: URI): (finding: Finding) => FindingSeverity | undefined {
        const project = file ? this.configs.nearest(file)?.config.severities : undefined;
        return finding => this.severityWith(finding, project);
    }

    private severityWith(finding: Finding, project: ReadonlyMap<string, ConfiguredSeverity> | undefined): FindingSeverity | undefined {
        const severity = this.configuredSeverity(finding, project);
        return severity && SEVERITY_RANK[severity] <= SEVERITY_RANK[this.least] ? severity : undefined;
    }

    private configuredSeverity(finding: Finding, project: ReadonlyMap<string, ConfiguredSeverity> | undefined): FindingSeverity | undefined {
        const configured = project && (project.get(finding.code) ?? (isInstallOnly(finding) ? project.get('install-only') : undefined));
        if (configured && (finding.severity !== 'error' || configured === 'error')) {
            return configured === 'off' ? undefined : configured === 'information' ? 'info' : configured;
        }
        const setting = this.settingFor(finding);
        if (!setting) return finding.severity;
        if (setting === 'off') return undefined;
        return setting === 'information' ? 'info' : setting;
    }

    private settingFor(finding: Finding): SettingValue | undefined {
        switch (finding.code) {
            case MISSING_FLOW:
            case PARTIAL_FLOW:
                return finding.installOnly ? this.settings.installOnlySeverity : undefined;
            case INSTALL_ONLY_PERMANENT: return this.settings.installOnlySeverity;
            case UNUSED_RULE: return this.settings.unusedRuleSeverity;
            case SAME_ZONE_FLOW: return this.settings.sameZoneFlowSeverity;
            default: return undefined;
        }
    }
}

function isInstallOnly(finding: Finding): boolean {
    return finding.code === INSTALL_ONLY_PERMANENT || ((finding.code === MISSING_FLOW || finding.code === PARTIAL_FLOW) && finding.installOnly === true);
}
