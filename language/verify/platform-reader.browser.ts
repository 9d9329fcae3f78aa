import { readBackOf } from '../emit/registry.js';
import type { LoadCheck, PlatformReading } from './platform-reader.node.js';

/**
 * In a browser (VS Code for the Web, the playground) no platform reader can run: the same targets
 * have one as on a machine, and the check says that it needs the desktop or the command line, so
 * such an output is never called verified here.
 */
export type { LoadCheck, PlatformReading } from './platform-reader.node.js';

/** The reader of the target's platform, as the target names it (ReadBack.platformReader). */
const toolOf = (target: string): string | undefined => readBackOf(target)?.platformReader;

export function hasPlatformReader(target: string): boolean {
    return toolOf(target) !== undefined;
}

export async function checkWithPlatformReader(target: string, _text: string): Promise<LoadCheck | undefined> {
    const tool = toolOf(target);
    return tool === undefined ? undefined : { tool, outcome: 'not-run', detail: `${tool} checks that the file loads on a machine, not in a browser: generate it in VS Code on the desktop or with the segplan command line to have it checked` };
}

/** Nothing is loaded here, so nothing is listed: the proof reads the text as it would without a reader. */
export function readerLists(_target: string): boolean {
    return false;
}

export async function readWithPlatformReader(target: string, text: string): Promise<PlatformReading | undefined> {
    const check = await checkWithPlatformReader(target, text);
    return check && { check };
}
