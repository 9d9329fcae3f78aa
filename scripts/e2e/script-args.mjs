// `--name=value` arguments of the e2e scripts; anything else is a usage error (exit 2).
export function scriptArgs(argv = process.argv.slice(2)) {
    return Object.fromEntries(argv.map((arg) => {
        const m = /^--([^=]+)=(.*)$/.exec(arg);
        if (!m) {
            console.error(`unknown argument ${arg}`);
            process.exit(2);
        }
        return [m[1], m[2]];
    }));
}
