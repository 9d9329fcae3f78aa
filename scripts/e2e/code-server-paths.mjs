// Where scripts/setup-code-server.sh installs code-server (CODE_SERVER_DIR overrides it).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function codeServerPackageDir() {
    const base = process.env.CODE_SERVER_DIR ? resolve(process.env.CODE_SERVER_DIR) : resolve('.vscode-test/code-server');
    const dir = join(base, 'node_modules', 'code-server');
    if (!existsSync(join(dir, 'out', 'node', 'entry.js'))) {
        throw new Error(`code-server is not installed in ${dir}: run \`bash scripts/setup-test-env.sh\` (or scripts/setup-code-server.sh)`);
    }
    return dir;
}

export const codeServerEntry = () => join(codeServerPackageDir(), 'out', 'node', 'entry.js');
export const codeServerVscodeDir = () => join(codeServerPackageDir(), 'lib', 'vscode');
