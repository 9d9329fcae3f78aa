import * as monaco from 'monaco-editor/editor/editor.api.js';
import configuration from '../language-configuration.json';

/** The extension's language configuration (comments, brackets, indentation, words), as Monaco takes it: patterns as regular expressions. */
export function languageConfiguration(): monaco.languages.LanguageConfiguration {
    const regex = (pattern: string) => new RegExp(pattern);
    const indent: Record<string, monaco.languages.IndentAction> = { none: monaco.languages.IndentAction.None, indentOutdent: monaco.languages.IndentAction.IndentOutdent };
    return {
        comments: { lineComment: configuration.comments.lineComment, blockComment: configuration.comments.blockComment as [string, string] },
        brackets: configuration.brackets as [string, string][],
        autoClosingPairs: configuration.autoClosingPairs,
        autoCloseBefore: configuration.autoCloseBefore,
        surroundingPairs: configuration.surroundingPairs.map(([open, close]) => ({ open, close })),
        folding: { markers: { start: regex(configuration.folding.markers.start), end: regex(configuration.folding.markers.end) } },
        indentationRules: { increaseIndentPattern: regex(configuration.indentationRules.increaseIndentPattern), decreaseIndentPattern: regex(configuration.indentationRules.decreaseIndentPattern) },
        onEnterRules: configuration.onEnterRules.map(rule => ({
            beforeText: regex(rule.beforeText),
            afterText: 'afterText' in rule && rule.afterText ? regex(rule.afterText) : undefined,
            action: { indentAction: indent[rule.action.indent], appendText: rule.action.appendText }
        })),
        wordPattern: regex(configuration.wordPattern)
    };
}
