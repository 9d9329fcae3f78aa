import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliDiagnostic } from './diagnostics.js';

/** The folder relative paths are resolved against, named as SARIF asks (`originalUriBaseIds`). */
const SOURCE_ROOT = '%SRCROOT%';

/**
 * Where a finding is, as SARIF wants it: a file under the current folder as a relative reference
 * to %SRCROOT% (each segment percent-encoded, so `#`, `%`, `?`, `:` and spaces stay part of the
 * name), any other file as an absolute `file:` URI.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
    if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
    return { uri: file.split(path.sep === '\\' ? /[\\/]/ : '/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, the format code-scanning services read. */
export function toSarif(diagnostics: CliDiagnostic[], version: string): object {
    const ruleIds = [...new Set(diagnostics.map(d => d.code))].sort();
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(process.cwd() + path.sep).href } },
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
                        artifactLocation: artifactLocation(d.file),
                        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }
                    }
                }]
            }))
        }]
    };
}
