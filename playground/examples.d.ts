/** The example plans of examples/, put in the bundle by esbuild.mjs. */
declare module 'segplan:examples' {
    const examples: readonly { readonly name: string; readonly text: string }[];
    export default examples;
}
