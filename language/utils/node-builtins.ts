import { createRequire } from 'node:module';

// Node's child_process is slow to load (it brings net and stream), although only some commands use
// it, so it loads on first use. A require made for Node's own executable: built-in modules resolve
// from anywhere (and process.getBuiltinModule needs Node 20.16). Made on first use too, so that
// loading this module evaluates nothing of Node's.
let requireBuiltin: NodeRequire | undefined;

export function childProcess(): typeof import('node:child_process') {
    requireBuiltin ??= createRequire(process.execPath);
    return requireBuiltin('node:child_process') as typeof import('node:child_process');
}

// Node's crypto, for the digests that name emitted rules: loaded when the first name is made, so a
// command that names no rule (check) does not load it.
export function crypto(): typeof import('node:crypto') {
    requireBuiltin ??= createRequire(process.execPath);
    return requireBuiltin('node:crypto') as typeof import('node:crypto');
}
