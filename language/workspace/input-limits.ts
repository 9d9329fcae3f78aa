/**
 * The sizes SegPlan reads. Below them nothing may crash; above them the file gets one clear
 * diagnostic (and the CLI a message) instead of being parsed.
 */
export const INPUT_LIMITS = {
    /** Characters in one file (about 32 MB of ASCII). */
    fileChars: 32 * 1024 * 1024,
    /** Characters in one line. */
    lineChars: 1024 * 1024
} as const;

/** A character takes at most four bytes in UTF-8: a file within the character limit is within this. */
export const MAX_PLAN_BYTES = 4 * INPUT_LIMITS.fileChars;

export const INPUT_TOO_LARGE = 'input-too-large';

/** Why a text is beyond the limits, or undefined when it is within them. */
export function inputTooLarge(text: string): string | undefined {
    if (text.length > INPUT_LIMITS.fileChars) {
        return `This file has ${(text.length / 1048576).toFixed(1)} million characters; SegPlan reads files up to ${INPUT_LIMITS.fileChars / 1048576} million. Split the plan into files (one per site) joined with \`import\`.`;
    }
    let start = 0;
    let line = 1;
    while (start < text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        if (end - start > INPUT_LIMITS.lineChars) return `Line ${line} has ${end - start} characters; SegPlan reads lines up to ${INPUT_LIMITS.lineChars}.`;
        start = end + 1;
        line++;
    }
    return undefined;
}
