/**
 * Orders texts by their UTF-16 code units: the same order on every machine. `localeCompare`
 * follows the machine's locale (Lithuanian sorts y before k, Danish sorts "aa" after z), so
 * emitted rules and command-line output written with it differed between machines — and its
 * first call loads the locale's collation data, a tenth of a small `segplan check`.
 */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
