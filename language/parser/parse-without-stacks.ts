/**
 * Runs a parse with no stack trace taken for the errors made inside it. Chevrotain makes an Error
 * for every token its recovery tries and rejects (a line being typed makes dozens) and V8 takes a
 * stack trace of the whole recursive descent for each, twice; none is ever read.
 *
 * A failure of the parser itself is thrown as it is, never retried (a parser that threw halfway
 * may not be in a state to parse again), with a stack taken where it is caught: it then shows who
 * asked for the parse, if not the parser's own frames.
 */
export function parseWithoutStacks<T>(parse: () => T): T {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return parse();
    } catch (error) {
        Error.stackTraceLimit = limit;
        // Where captureStackTrace is missing (some browsers), the error keeps the stack it was made with.
        if (error instanceof Error && typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, parseWithoutStacks);
        throw error;
    } finally {
        Error.stackTraceLimit = limit;
    }
}
