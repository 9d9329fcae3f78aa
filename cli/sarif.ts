import type { CliDiagnostic } from './diagnostics.js';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, the format code-scanning services read. */
export function toSarif(diagnostics: CliDiagnostic[], version: string): object {
    const ruleIds = [...new Set(diagnostics.map(d => d.code))].sort();
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'segplan',
                    version,
                    rules: ruleIds.map(id => ({ id, shortDescription: { text: id.replace(/-/g, ' ') } }))
                }
            },
            results: diagnostics.map(d => ({
                ruleId: d.code,
                ruleIndex: ruleIds.indexOf(d.code),
                level: LEVEL[d.severity],
                message: { text: d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uri: d.file.split('\\').join('/') },
                        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }
                    }
                }]
            }))
        }]
    };
}
