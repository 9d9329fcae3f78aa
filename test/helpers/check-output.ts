/**
 * The lines of `segplan check` text output, split as a reader sees them: one finding per line,
 * then each plan's coverage headline (`plan "p" (file): required flows allowed: …` and its zone
 * pairs, indented), then the summary line.
 */
export function checkOutput(stdout: string): { findings: string[]; coverage: string[]; summary: string } {
    const lines = stdout.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const summary = lines.pop() ?? '';
    const isCoverage = (line: string) => /^plan ".*\): required flows allowed: /.test(line) || /^ {2}\S/.test(line);
    return { findings: lines.filter(l => !isCoverage(l)), coverage: lines.filter(isCoverage), summary };
}
