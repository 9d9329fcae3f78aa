import type { Module } from 'langium';
import type { LangiumLSPServices, LangiumSharedLSPServices, LangiumSharedServices } from 'langium/lsp';
import type { SegplanServices } from '../segplan-module.js';
import { AnalysisViews } from './analysis-views.js';
import { SegplanCodeActionProvider } from './segplan-code-action-provider.js';
import { SegplanCodeLensProvider } from './segplan-code-lens-provider.js';
import { SegplanCompletionProvider } from './segplan-completion-provider.js';
import { SegplanDocumentLinkProvider } from './segplan-document-link-provider.js';
import { SegplanDocumentSymbolProvider } from './segplan-document-symbol-provider.js';
import { SegplanFormatter } from './segplan-formatter.js';
import { SegplanFuzzyMatcher } from './segplan-fuzzy-matcher.js';
import { SegplanHoverProvider } from './segplan-hover-provider.js';
import { SegplanInlayHintProvider } from './segplan-inlay-hint-provider.js';
import { SegplanLanguageServer } from './segplan-language-server.js';
import { SegplanDocumentUpdateHandler } from './segplan-document-update-handler.js';
import { SegplanRenameProvider } from './segplan-rename-provider.js';
import { SegplanSemanticTokenProvider } from './segplan-semantic-tokens.js';

/** Editor services SegPlan adds to Langium's. */
export interface SegplanAddedLspServices {
    lsp: {
        /** Which analysis each file's hints and lenses were drawn from, to have them drawn again when it changes. */
        AnalysisViews: AnalysisViews;
    };
}

/** The editor features: one service per file in this folder, wired in from segplan-module.ts. */
export const SegplanLspModule: Module<SegplanServices, Partial<LangiumLSPServices['lsp']> & SegplanAddedLspServices['lsp']> = {
    AnalysisViews: (services) => new AnalysisViews(services.shared, services.analysis.PlanAnalyzer),
    CompletionProvider: (services) => new SegplanCompletionProvider(services),
    HoverProvider: (services) => new SegplanHoverProvider(services),
    CodeActionProvider: (services) => new SegplanCodeActionProvider(services),
    DocumentSymbolProvider: (services) => new SegplanDocumentSymbolProvider(services),
    Formatter: () => new SegplanFormatter(),
    SemanticTokenProvider: (services) => new SegplanSemanticTokenProvider(services),
    RenameProvider: (services) => new SegplanRenameProvider(services),
    InlayHintProvider: (services) => new SegplanInlayHintProvider(services),
    CodeLensProvider: (services) => new SegplanCodeLensProvider(services),
    DocumentLinkProvider: () => new SegplanDocumentLinkProvider()
};

/** Shared editor services, spread into the shared module's `lsp` group. */
export const SegplanSharedLspServices: Module<LangiumSharedServices, Partial<LangiumSharedLSPServices['lsp']>> = {
    LanguageServer: (shared) => new SegplanLanguageServer(shared),
    DocumentUpdateHandler: (shared) => new SegplanDocumentUpdateHandler(shared),
    FuzzyMatcher: () => new SegplanFuzzyMatcher()
};
