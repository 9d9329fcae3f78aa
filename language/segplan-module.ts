import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, DefaultTextDocumentContentProvider,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { SegplanGeneratedModule, SegplanGeneratedSharedModule } from './generated/module.js';
import { GenerateRulesCommandHandler } from './lsp/generate-rules-command.js';
import { SegplanLspModule, SegplanSharedLspServices, type SegplanAddedLspServices } from './lsp/segplan-lsp-module.js';
import { WorkspaceStatusLock } from './lsp/workspace-status-lock.js';
import { BUILTIN_SCHEME } from './workspace/builtin-catalogs.js';
import {
    contextModules, SegplanCoreModule, SegplanSharedCoreModule, startSegplanServices,
    type SegplanAddedServices, type SegplanAddedSharedServices, type SegplanCoreModuleContext
} from './segplan-core-module.js';

export type { SegplanAddedServices, SegplanAddedSharedServices, SegplanCoreServices, SegplanSharedCoreServices } from './segplan-core-module.js';

/** The language with the editor features: what the language server runs. */
export type SegplanServices = LangiumServices & SegplanAddedServices & SegplanAddedLspServices;

export type SegplanSharedServices = LangiumSharedServices & SegplanAddedSharedServices;

/** The editor features over the language's services (segplan-core-module.ts). */
export const SegplanEditorModule: Module<SegplanServices, PartialLangiumServices & SegplanAddedLspServices> = {
    lsp: SegplanLspModule as Module<SegplanServices, PartialLangiumServices['lsp'] & SegplanAddedLspServices['lsp']>
};

export const SegplanSharedEditorModule: Module<SegplanSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        // Go to definition into a built-in catalog opens it read-only (LSP textDocumentContent).
        TextDocumentContentProvider: (shared) => new DefaultTextDocumentContentProvider(shared, BUILTIN_SCHEME),
        ExecuteCommandHandler: (shared) => new GenerateRulesCommandHandler(shared),
        ...SegplanSharedLspServices
    },
    workspace: {
        // The editor is told when the workspace is being checked and when it is checked.
        WorkspaceLock: (shared) => new WorkspaceStatusLock(shared)
    }
};

export interface SegplanModuleContext extends DefaultSharedModuleContext, SegplanCoreModuleContext {}

/**
 * The single wiring point of the language server and of everything that wants the editor's
 * features: SegPlan's modules (segplan-core-module.ts) and the editor's over Langium's defaults.
 * The CLI builds the same language without the editor (createSegplanCoreServices).
 */
export function createSegplanServices(context: SegplanModuleContext): {
    shared: SegplanSharedServices;
    Segplan: SegplanServices;
} {
    const { precompiled, builtOnce } = contextModules(context);
    const shared = inject(createDefaultSharedModule(context), SegplanGeneratedSharedModule, SegplanSharedCoreModule, SegplanSharedEditorModule,
        precompiled as Module<SegplanSharedServices, PartialLangiumSharedServices>);
    const Segplan = inject(createDefaultModule({ shared }), SegplanGeneratedModule, SegplanCoreModule, SegplanEditorModule,
        builtOnce as Module<SegplanServices, PartialLangiumServices>);
    startSegplanServices(shared, Segplan, context.connection !== undefined);
    return { shared, Segplan };
}
