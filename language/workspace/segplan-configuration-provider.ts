import { DefaultConfigurationProvider, type ConfigurationInitializedParams } from 'langium';

/** The editor settings SegPlan reads besides its own section: `files.exclude` (files the workspace leaves out). */
export const EDITOR_SECTIONS = ['files'] as const;

/**
 * Langium's configuration provider, which fetches the `segplan` section, also fetching the
 * editor's `files` section at start, so that a file VS Code's `files.exclude` hides is not
 * checked either (SegplanWorkspaceManager reads it before the folders).
 */
export class SegplanConfigurationProvider extends DefaultConfigurationProvider {
    override async initialized(params: ConfigurationInitializedParams): Promise<void> {
        const fetch = params.fetchConfiguration;
        if (!this.workspaceConfig || !fetch) return super.initialized(params);
        return super.initialized({
            ...params,
            fetchConfiguration: async sections => {
                const all = await fetch([...sections, ...EDITOR_SECTIONS.map(section => ({ section }))]);
                EDITOR_SECTIONS.forEach((section, i) => this.updateSectionConfiguration(section, all[sections.length + i]));
                return all.slice(0, sections.length);
            }
        });
    }
}
