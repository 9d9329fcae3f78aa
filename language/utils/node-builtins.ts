import { createRequire } from 'node:module';

// Node's child_process and crypto are slow to load (child_process brings net and stream),
// although only some commands use them, so they load on first use. A require
// made for Node's own executable: built-in modules resolve from anywhere (and
// process.getBuiltinModule needs Node 20.16).
const requireBuiltin = createRequire(process.execPath);

export function childProcess(): typeof import('node:child_process') {
    return requireBuiltin('node:child_process') as typeof import('node:child_process');
}

/** node:crypto's createHash. */
export function createHash(algorithm: string): import('node:crypto').Hash {
    return (requireBuiltin('node:crypto') as typeof import('node:crypto')).createHash(algorithm);
}
