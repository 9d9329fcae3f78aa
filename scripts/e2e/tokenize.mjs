// Tokenizes SegPlan text with syntaxes/segplan.tmLanguage.json through the same vscode-textmate and
// oniguruma builds that code-server's VS Code 1.100 uses, so a grammar test sees what the editor sees.
// usage (CLI): node scripts/e2e/tokenize.mjs file.segplan   → one line per token: `text  scope scope…`
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerVscodeDir } from './code-server-paths.mjs';

/** Returns `tokenize(text)` → per line, the tokens `{ text, scopes }`. */
export async function loadSegplanTokenizer(grammarPath = resolve('syntaxes/segplan.tmLanguage.json')) {
    const vscodeDir = codeServerVscodeDir();
    const require = createRequire(`${vscodeDir}/package.json`);
    const textmate = require('vscode-textmate');
    const oniguruma = require('vscode-oniguruma');
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
            createOnigString: (text) => new oniguruma.OnigString(text)
        }),
        loadGrammar: async (scopeName) => scopeName === 'source.segplan'
            ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
            : null
    });
    const grammar = await registry.loadGrammar('source.segplan');
    if (!grammar) throw new Error(`cannot load ${grammarPath}`);
    return (text) => {
        let stack = textmate.INITIAL;
        return text.split(/\r?\n/).map((line) => {
            const result = grammar.tokenizeLine(line, stack);
            stack = result.ruleStack;
            return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
        });
    };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    const tokenize = await loadSegplanTokenizer();
    for (const [i, tokens] of tokenize(readFileSync(process.argv[2], 'utf8')).entries()) {
        for (const t of tokens) if (t.text.trim()) console.log(`${i + 1}\t${JSON.stringify(t.text)}\t${t.scopes.join(' ')}`);
    }
}
