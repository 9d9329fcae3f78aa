import { ConfigError } from './importer.js';

/**
 * What the editor's language server has in place of @cdktf/hcl2json (esbuild.mjs): HashiCorp's
 * HCL parser is Go compiled to WebAssembly, larger than the rest of the extension together, so
 * only the command line carries it and reads Terraform files.
 */
export function parse(file: string): Promise<Record<string, unknown>> {
    return Promise.reject(new ConfigError(`Reading ${file} needs the segplan command line: HashiCorp's Terraform parser is not part of the editor. `
        + `Run \`segplan audit <plan> --config ${file}\` (or \`segplan verify\`) in a terminal.`));
}
