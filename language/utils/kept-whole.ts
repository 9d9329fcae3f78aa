/**
 * A text that is kept for long (a finding's message, held for as long as its file is open) in one
 * piece. V8 holds a text built from parts (`+`, a template) as a tree of them, a node for each
 * joining, until something reads it whole; a finding's message is such a tree of a dozen parts or
 * more, and a large plan keeps tens of thousands of messages. `trim` reads the text whole and, when
 * there is nothing to trim, gives back the one string V8 made of it: the tree is left for the
 * collector. The text itself is the same either way; one with white space at an end is kept as it is.
 */
export function keptWhole(text: string): string {
    const whole = text.trim();
    return whole.length === text.length ? whole : text;
}
