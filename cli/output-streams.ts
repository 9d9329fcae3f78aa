/**
 * Runs `prepare` on process.stdout or process.stderr the first time anything reads it, rather than
 * at start: a run that writes its output through the file descriptor (`segplan generate`) and has
 * nothing to say on stderr never makes the stream — a pipe's stream sets up Node's network
 * module, which such a run does not otherwise load. Node makes the stream in a getter of `process`,
 * which this wraps; where that is not so, the stream is made and prepared now.
 */
export function prepareWhenFirstRead(name: 'stdout' | 'stderr', prepare: (stream: NodeJS.WriteStream) => void): void {
    const descriptor = Object.getOwnPropertyDescriptor(process, name);
    const get = descriptor?.get;
    if (!get || !descriptor.configurable) {
        prepare(process[name]);
        return;
    }
    let prepared = false;
    Object.defineProperty(process, name, {
        configurable: true,
        enumerable: descriptor.enumerable,
        get() {
            const stream = get.call(process) as NodeJS.WriteStream;
            if (!prepared) {
                prepared = true;
                prepare(stream);
            }
            return stream;
        }
    });
}
