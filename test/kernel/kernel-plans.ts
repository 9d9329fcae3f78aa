import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Plans the kernel tests load: the project's example plan (once it exists) and the dual-stack test plan. */
export function kernelPlanFiles(): string[] {
    const root = process.cwd();
    return [
        path.join(root, 'examples', 'veeam-reference.segplan'),
        path.join(root, 'test', 'kernel', 'kernel-dual-stack.segplan')
    ].filter(f => existsSync(f));
}
