import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './fixtures.js';

// Which source file a piece of a bundle comes from, read from the bundle's source map: the CLI
// bundle's names are shortened (esbuild.mjs), so a test that asks what code ran asks the map.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface BundleSourceMap {
    /**
     * The source file (relative to the project, `/`-separated) of the first mapped code at or after
     * `start` and before `end` (offsets in the bundle's text), or undefined when none is mapped there.
     */
    sourceWithin(start: number, end: number): string | undefined;
}

/** The map of `out/<bundle>` (read from `out/<bundle>.map`). */
export function bundleSourceMap(bundle: string): BundleSourceMap {
    const file = path.join(PROJECT_ROOT, 'out', bundle);
    const text = readFileSync(file, 'latin1');
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
    const sources = map.sources.map(s => path.relative(PROJECT_ROOT, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
    // Each mapped place as [offset in the bundle, source index], in the bundle's order.
    const offsets: number[] = [], sourceOf: number[] = [];
    let lineStart = 0, source = 0;
    for (const line of map.mappings.split(';')) {
        let column = 0;
        for (const segment of line ? line.split(',') : []) {
            const fields = decodeVlq(segment);
            column += fields[0];
            if (fields.length < 4) continue;
            source += fields[1];
            offsets.push(lineStart + column);
            sourceOf.push(source);
        }
        const next = text.indexOf('\n', lineStart);
        lineStart = next < 0 ? text.length : next + 1;
    }
    return {
        sourceWithin(start, end) {
            let low = 0, high = offsets.length;
            while (low < high) {
                const middle = (low + high) >> 1;
                if (offsets[middle] < start) low = middle + 1; else high = middle;
            }
            return low < offsets.length && offsets[low] < end ? sources[sourceOf[low]] : undefined;
        }
    };
}

/** The numbers of one source-map segment (base-64 VLQ). */
function decodeVlq(segment: string): number[] {
    const numbers: number[] = [];
    let value = 0, shift = 0;
    for (const character of segment) {
        const digit = BASE64.indexOf(character);
        value += (digit & 31) << shift;
        if (digit & 32) {
            shift += 5;
        } else {
            numbers.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
        }
    }
    return numbers;
}
