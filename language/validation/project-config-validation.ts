import type { LangiumDocument, ValidationAcceptor } from 'langium';
import type { ProjectConfigs } from '../config/project-configs.js';

export const PROJECT_CONFIG_ERROR = 'project-config-error';

/**
 * What is wrong in the `segplan.json` a file follows, on the file's first line: its settings
 * (severities, excludes) change what the file reports, so the file cannot be taken as checked as
 * the team meant while the config has errors. Each message gives the config's line and column.
 */
export function checkProjectConfig(document: LangiumDocument, configs: ProjectConfigs, accept: ValidationAcceptor): void {
    const loaded = configs.nearest(document.uri);
    if (!loaded || loaded.problems.length === 0) return;
    const root = document.parseResult.value;
    const where = loaded.file.fsPath;
    for (const problem of loaded.problems) {
        accept('error', `${where}:${problem.line}:${problem.column}: ${problem.message}.`, {
            node: root, code: PROJECT_CONFIG_ERROR,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
        } as never);
    }
}
