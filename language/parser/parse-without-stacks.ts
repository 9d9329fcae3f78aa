/**
 * Runs a parse with no stack trace taken for the errors made inside it. Chevrotain makes an Error
 * for every token its recovery tries and rejects (a line being typed makes dozens) and V8 takes a
 * stack trace of the whole recursive descent for each, twice; none is ever read. A failure of the
 * parser itself is thrown again by a second parse with stack traces on, so it is reported as it
 * would have been.
 */
export function parseWithoutStacks<T>(parse: () => T): T {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return parse();
    } catch {
        Error.stackTraceLimit = limit;
        return parse();
    } finally {
        Error.stackTraceLimit = limit;
    }
}
