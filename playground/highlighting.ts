import * as monaco from 'monaco-editor/editor/editor.api.js';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, Registry, type IGrammar, type StateStack } from 'vscode-textmate';
import grammarJson from '../syntaxes/segplan.tmLanguage.json';

/**
 * SegPlan's colours in the playground: the extension's own TextMate grammar
 * (syntaxes/segplan.tmLanguage.json), run by the same tokenizer VS Code runs it with (vscode-textmate
 * over the Oniguruma regular expressions, as WebAssembly served beside the page), so a plan looks
 * as it does in the editor.
 */

class LineState implements monaco.languages.IState {
    constructor(readonly stack: StateStack) { }

    clone(): LineState {
        return new LineState(this.stack.clone());
    }

    equals(other: monaco.languages.IState): boolean {
        return other instanceof LineState && other.stack.equals(this.stack);
    }
}

/** Colours of the grammar's scopes, as VS Code's Light+ theme gives them. */
const THEME_RULES: monaco.editor.ITokenThemeRule[] = [
    { token: 'comment', foreground: '008000' },
    { token: 'string', foreground: 'a31515' },
    { token: 'constant.character.escape', foreground: 'ee0000' },
    { token: 'constant.numeric', foreground: '098658' },
    { token: 'constant.language', foreground: '0000ff' },
    { token: 'keyword', foreground: '0000ff' },
    { token: 'keyword.control', foreground: 'af00db' },
    { token: 'keyword.operator', foreground: '000000' },
    { token: 'storage', foreground: '0000ff' },
    { token: 'entity.name.type', foreground: '267f99' },
    { token: 'entity.name.namespace', foreground: '267f99' },
    { token: 'entity.name.function', foreground: '795e26' },
    { token: 'entity.name.section', foreground: '795e26' },
    { token: 'entity.other.attribute-name', foreground: 'e50000' },
    { token: 'support.type', foreground: '267f99' },
    { token: 'variable', foreground: '001080' },
    { token: 'string.unquoted.hostname', foreground: '001080' }
];

export async function registerHighlighting(languageId: string, onigWasmUrl: string): Promise<void> {
    const wasm = await fetch(onigWasmUrl);
    if (!wasm.ok) throw new Error(`The highlighter could not load ${onigWasmUrl} (HTTP ${wasm.status})`);
    await loadWASM(await wasm.arrayBuffer());
    const registry = new Registry({
        onigLib: Promise.resolve({ createOnigScanner: sources => new OnigScanner(sources), createOnigString: text => new OnigString(text) }),
        loadGrammar: async scopeName => scopeName === grammarJson.scopeName ? grammarJson as never : null
    });
    const grammar: IGrammar | null = await registry.loadGrammar(grammarJson.scopeName);
    if (!grammar) throw new Error('The SegPlan grammar could not be loaded');
    monaco.editor.defineTheme('segplan-light', { base: 'vs', inherit: true, rules: THEME_RULES, colors: {} });
    monaco.editor.setTheme('segplan-light');
    monaco.languages.setTokensProvider(languageId, {
        getInitialState: () => new LineState(INITIAL),
        tokenize(line, state) {
            const result = grammar.tokenizeLine(line, (state as LineState).stack);
            // The most specific scope of each token: Monaco's theme matches its rules by prefix.
            return { tokens: result.tokens.map(t => ({ startIndex: t.startIndex, scopes: t.scopes[t.scopes.length - 1] })), endState: new LineState(result.ruleStack) };
        }
    });
}
