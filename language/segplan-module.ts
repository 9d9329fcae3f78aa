import {
    inject, prepareLangiumParser, type Module
} from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, DefaultTextDocumentContentProvider,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { SegplanGeneratedModule, SegplanGeneratedSharedModule } from './generated/module.js';
import { PlanAnalyzer } from './analysis/plan-analyzer.js';
import { ProjectConfigs } from './config/project-configs.js';
import { FindingSeverities } from './workspace/finding-severity-settings.js';
import { SegplanParserErrorMessages } from './parser/segplan-parser-messages.js';
import { GenerateRulesCommandHandler } from './lsp/generate-rules-command.js';
import { SegplanLspModule, SegplanSharedLspServices } from './lsp/segplan-lsp-module.js';
import { SegplanScopeComputation } from './scoping/segplan-scope-computation.js';
import { SegplanScopeProvider } from './scoping/segplan-scope-provider.js';
import { SegplanDocumentValidator } from './validation/segplan-document-validator.js';
import { registerValidationChecks } from './validation/segplan-validator.js';
import { SegplanValidationRegistry } from './validation/segplan-validation-registry.js';
import { BUILTIN_SCHEME } from './workspace/builtin-catalogs.js';
import { SegplanDocumentBuilder } from './workspace/segplan-document-builder.js';
import { SegplanDocuments } from './workspace/segplan-documents.js';
import { SegplanDocumentFactory } from './workspace/segplan-document-factory.js';
import { SegplanServiceRegistry } from './workspace/segplan-service-registry.js';
import { SegplanCstNodeBuilder } from './parser/segplan-cst-node-builder.js';
import { SegplanTokenBuilder } from './parser/segplan-token-builder.js';
import { LeanPlanParser } from './parser/lean-plan-parser.js';
import { SegplanLinker } from './workspace/segplan-linker.js';
import { SegplanReferenceDescriptionProvider } from './workspace/segplan-reference-descriptions.js';
import { SegplanNodeDescriptionProvider } from './workspace/segplan-node-descriptions.js';
import { SegplanWorkspaceManager, type PrecompiledCatalogSource } from './workspace/segplan-workspace-manager.js';

/** Services SegPlan adds to Langium's. */
export interface SegplanAddedServices {
    analysis: {
        PlanAnalyzer: PlanAnalyzer;
    };
    settings: {
        FindingSeverities: FindingSeverities;
    };
    parser: {
        /** Parses well-formed plans without Langium's syntax tree; only where documents are built once (the CLI). */
        LeanPlanParser: LeanPlanParser | undefined;
    };
}

export type SegplanServices = LangiumServices & SegplanAddedServices;

/** Shared services SegPlan adds: what every language service and the workspace read. */
export interface SegplanAddedSharedServices {
    config: {
        /** The `segplan.json` files (severities, excluded folders, default target, zone names). */
        ProjectConfigs: ProjectConfigs;
    };
}

export type SegplanSharedServices = LangiumSharedServices & SegplanAddedSharedServices;

export const SegplanModule: Module<SegplanServices, PartialLangiumServices & SegplanAddedServices> = {
    analysis: {
        PlanAnalyzer: (services) => new PlanAnalyzer(services.shared)
    },
    settings: {
        FindingSeverities: (services) => new FindingSeverities(services.shared)
    },
    parser: {
        ParserErrorMessageProvider: () => new SegplanParserErrorMessages(),
        LeanPlanParser: () => undefined,
        TokenBuilder: () => new SegplanTokenBuilder(),
        LangiumParser: (services) => {
            // Langium's parser with a CST builder that survives files of 100,000 comment lines.
            const parser = prepareLangiumParser(services);
            (parser as unknown as { nodeBuilder: SegplanCstNodeBuilder }).nodeBuilder = new SegplanCstNodeBuilder();
            parser.finalize();
            return parser;
        }
    },
    references: {
        Linker: (services) => new SegplanLinker(services),
        ScopeComputation: (services) => new SegplanScopeComputation(services),
        ScopeProvider: (services) => new SegplanScopeProvider(services as SegplanServices)
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new SegplanReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new SegplanNodeDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: (services) => new SegplanDocumentValidator(services as SegplanServices),
        ValidationRegistry: (services) => new SegplanValidationRegistry(services)
    },
    lsp: SegplanLspModule as Module<SegplanServices, PartialLangiumServices['lsp']>
};

export const SegplanSharedModule: Module<SegplanSharedServices, PartialLangiumSharedServices & SegplanAddedSharedServices> = {
    ServiceRegistry: (shared) => new SegplanServiceRegistry(shared),
    config: {
        ProjectConfigs: (shared) => new ProjectConfigs(shared)
    },
    workspace: {
        WorkspaceManager: (shared) => new SegplanWorkspaceManager(shared),
        LangiumDocumentFactory: (shared) => new SegplanDocumentFactory(shared),
        LangiumDocuments: (shared) => new SegplanDocuments(shared),
        DocumentBuilder: (shared) => new SegplanDocumentBuilder(shared)
    },
    lsp: {
        // Go to definition into a built-in catalog opens it read-only (LSP textDocumentContent).
        TextDocumentContentProvider: (shared) => new DefaultTextDocumentContentProvider(shared, BUILTIN_SCHEME),
        ExecuteCommandHandler: (shared) => new GenerateRulesCommandHandler(shared),
        ...SegplanSharedLspServices
    }
};

export interface SegplanModuleContext extends DefaultSharedModuleContext {
    /** The built-in catalogs as trees made by the build (the CLI): no catalog is parsed at start. */
    readonly precompiledCatalogs?: PrecompiledCatalogSource;
    /**
     * The documents are built once and never edited (the CLI): nobody asks which files reference
     * which or where a name is used, so references are not indexed (a tenth of a 5,000-rule check),
     * and what each statement's checks reported is not kept for the next edit.
     */
    readonly builtOnce?: boolean;
    /**
     * Whether plans built once are parsed with the lean parser (default: yes). The language server
     * never does: it needs Langium's syntax tree to re-parse edits, format and complete.
     */
    readonly leanParser?: boolean;
}

/** The single wiring point: everything SegPlan runs on is created here. */
export function createSegplanServices(context: SegplanModuleContext): {
    shared: SegplanSharedServices;
    Segplan: SegplanServices;
} {
    const precompiled: Module<SegplanSharedServices, PartialLangiumSharedServices> = context.precompiledCatalogs
        ? { workspace: { WorkspaceManager: (shared) => new SegplanWorkspaceManager(shared, context.precompiledCatalogs) } }
        : {};
    const shared = inject(createDefaultSharedModule(context), SegplanGeneratedSharedModule, SegplanSharedModule, precompiled);
    const builtOnce: Module<SegplanServices, PartialLangiumServices & { parser?: Partial<SegplanAddedServices['parser']>; analysis?: Partial<SegplanAddedServices['analysis']> }> = context.builtOnce
        ? {
            workspace: { ReferenceDescriptionProvider: (services) => new SegplanReferenceDescriptionProvider(services, { indexed: false }) },
            analysis: { PlanAnalyzer: (services) => new PlanAnalyzer(services.shared, { builtOnce: true }) },
            parser: { LeanPlanParser: (services) => context.leanParser === false ? undefined : new LeanPlanParser(services) },
            validation: { DocumentValidator: (services) => new SegplanDocumentValidator(services as SegplanServices, { keepReports: false }) }
        }
        : {};
    const Segplan = inject(createDefaultModule({ shared }), SegplanGeneratedModule, SegplanModule, builtOnce);
    shared.ServiceRegistry.register(Segplan);
    registerValidationChecks(Segplan);
    if (!context.connection) {
        // Without a language client (CLI, tests) nobody sends the configuration; do not wait for it.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Segplan };
}
