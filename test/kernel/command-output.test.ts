// The kernel tests read what the probes print: to its end, not to the prober's exit.
import * as assert from 'node:assert';
import { outputOf } from './netns.js';

describe('kernel tests: reading what a command prints', () => {
    it('waits for the output to end, not for the process to exit', async () => {
        // The process exits at once; what it printed arrives later, through a child that holds its output.
        const code = "require('child_process').spawn(process.execPath, ['-e', \"setTimeout(() => process.stdout.write(JSON.stringify([true, false])), 300)\"], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }).unref()";
        assert.deepStrictEqual(JSON.parse(await outputOf(process.execPath, ['-e', code], '', 60_000)), [true, false]);
    });

    it('fails, with what it said, when the command fails', async () => {
        await assert.rejects(outputOf(process.execPath, ['-e', "console.error('no such namespace'); process.exit(3)"], '', 60_000, 'probes in x'), /probes in x failed \(3\): no such namespace/);
    });
});
