/** Where each line of a file starts: the line of a character offset (for parsers that give offsets). */
export class LineIndex {
    private readonly starts: number[] = [0];

    constructor(text: string) {
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }

    /** 1-based line of a character offset. */
    lineOf(offset: number): number {
        let low = 0, high = this.starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (this.starts[mid] <= offset) low = mid; else high = mid - 1;
        }
        return low + 1;
    }
}
