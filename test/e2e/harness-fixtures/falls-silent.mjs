// A harness that says one thing, starts a child of its own, and then hangs.
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log(`started a helper ${child.pid}`);
setInterval(() => {}, 1000);
