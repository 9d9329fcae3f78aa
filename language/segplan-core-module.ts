import {
    createDefaultCoreModule, createDefaultSharedCoreModule, createParser, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module,
    type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices
} from 'langium';
import { SegplanGeneratedModule, SegplanGeneratedSharedModule } from './generated/module.js';
import { PlanAnalyzer } from './analysis/plan-analyzer.js';
import type { VendorCheck } from './analysis/vendor-check.js';
import { VENDOR_CHECKS } from './checks/all-vendor-checks.js';
import { ProjectConfigs } from './config/project-configs.js';
import { EMITTERS } from './emit/registry.js';
import { FindingSeverities } from './validation/finding-severity-settings.js';
import { SegplanParserErrorMessages } from './parser/segplan-parser-messages.js';
import { SegplanScopeComputation } from './scoping/segplan-scope-computation.js';
import { SegplanScopeProvider } from './scoping/segplan-scope-provider.js';
import { SegplanDocumentValidator } from './validation/segplan-document-validator.js';
import { registerValidationChecks } from './validation/segplan-validator.js';
import { SegplanValidationRegistry } from './validation/segplan-validation-registry.js';
import { SegplanDocumentBuilder } from './workspace/segplan-document-builder.js';
import { SegplanDocuments } from './workspace/segplan-documents.js';
import { SegplanDocumentFactory } from './workspace/segplan-document-factory.js';
import { SegplanServiceRegistry } from './workspace/segplan-service-registry.js';
import { SegplanCstNodeBuilder } from './parser/segplan-cst-node-builder.js';
import { SegplanTokenBuilder } from './parser/segplan-token-builder.js';
import { SegplanLexer } from './parser/segplan-lexer.js';
import { SegplanCompletionParser, SegplanLangiumParser } from './parser/segplan-parser.js';
import { softKeywords } from './parser/soft-keywords.js';
import { LeanPlanParser } from './parser/lean/lean-plan-parser.js';
import { SegplanConfigurationProvider } from './workspace/segplan-configuration-provider.js';
import { SegplanLinker } from './workspace/segplan-linker.js';
import { SegplanReferenceDescriptionProvider } from './workspace/segplan-reference-descriptions.js';
import { SegplanIndexManager } from './workspace/segplan-index-manager.js';
import { SegplanNodeDescriptionProvider } from './workspace/segplan-node-descriptions.js';
import { UnreadableFiles } from './workspace/unreadable-files.js';
import { SegplanWorkspaceManager, type PrecompiledCatalogSource } from './workspace/segplan-workspace-manager.js';

/**
 * The language without the editor: parsing, linking, validation and the analysis, as the CLI runs
 * them. segplan-module.ts adds the editor features (the language server) to the same modules; the
 * CLI builds these alone, so a `segplan check` neither loads nor sets up the language server's
 * providers, the LSP library and what they import (the audit's parsers, the diagram).
 */

/** Services SegPlan adds to Langium's. */
export interface SegplanAddedServices {
    analysis: {
        PlanAnalyzer: PlanAnalyzer;
        /** Every vendor's hardening checks (language/checks/), which the analysis runs. */
        VendorChecks: readonly VendorCheck[];
    };
    settings: {
        FindingSeverities: FindingSeverities;
    };
    parser: {
        /** Parses well-formed plans without Langium's syntax tree; only where documents are built once (the CLI). */
        LeanPlanParser: LeanPlanParser | undefined;
    };
}

export type SegplanCoreServices = LangiumCoreServices & SegplanAddedServices;

/** Shared services SegPlan adds: what every language service and the workspace read. */
export interface SegplanAddedSharedServices {
    config: {
        /** The `segplan.json` files (severities, excluded folders, default target, zone names). */
        ProjectConfigs: ProjectConfigs;
    };
    workspace: {
        /** Why reads of files failed, which the file system provider records and the import check repeats. */
        UnreadableFiles: UnreadableFiles;
    };
}

export type SegplanSharedCoreServices = LangiumSharedCoreServices & SegplanAddedSharedServices;

export const SegplanCoreModule: Module<SegplanCoreServices, PartialLangiumCoreServices & SegplanAddedServices> = {
    analysis: {
        VendorChecks: () => VENDOR_CHECKS,
        PlanAnalyzer: (services) => new PlanAnalyzer(services.shared, services.analysis.VendorChecks)
    },
    settings: {
        FindingSeverities: (services) => new FindingSeverities(services.shared)
    },
    parser: {
        ParserErrorMessageProvider: (services) => new SegplanParserErrorMessages(softKeywords(services.Grammar)),
        LeanPlanParser: () => undefined,
        TokenBuilder: () => new SegplanTokenBuilder(),
        Lexer: (services) => new SegplanLexer(services),
        LangiumParser: (services) => {
            // SegPlan's parser (every reserved name reported) with a CST builder that survives files of 100,000 comment lines.
            const parser = createParser(services.Grammar, new SegplanLangiumParser(services), services.parser.Lexer.definition);
            (parser as unknown as { nodeBuilder: SegplanCstNodeBuilder }).nodeBuilder = new SegplanCstNodeBuilder();
            parser.finalize();
            return parser;
        },
        CompletionParser: (services) => {
            const parser = new SegplanCompletionParser(services);
            createParser(services.Grammar, parser, services.parser.Lexer.definition);
            parser.finalize();
            return parser;
        }
    },
    references: {
        Linker: (services) => new SegplanLinker(services),
        ScopeComputation: (services) => new SegplanScopeComputation(services),
        ScopeProvider: (services) => new SegplanScopeProvider(services)
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new SegplanReferenceDescriptionProvider(services),
        AstNodeDescriptionProvider: (services) => new SegplanNodeDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: (services) => new SegplanDocumentValidator(services),
        ValidationRegistry: (services) => new SegplanValidationRegistry(services)
    }
};

export const SegplanSharedCoreModule: Module<SegplanSharedCoreServices, PartialLangiumSharedCoreServices & SegplanAddedSharedServices> = {
    ServiceRegistry: (shared) => new SegplanServiceRegistry(shared),
    config: {
        ProjectConfigs: (shared) => new ProjectConfigs(shared, () => EMITTERS.map(e => e.id))
    },
    workspace: {
        WorkspaceManager: (shared) => new SegplanWorkspaceManager(shared),
        ConfigurationProvider: (shared) => new SegplanConfigurationProvider(shared),
        LangiumDocumentFactory: (shared) => new SegplanDocumentFactory(shared),
        LangiumDocuments: (shared) => new SegplanDocuments(shared),
        DocumentBuilder: (shared) => new SegplanDocumentBuilder(shared),
        IndexManager: (shared) => new SegplanIndexManager(shared),
        UnreadableFiles: () => new UnreadableFiles()
    }
};

export interface SegplanCoreModuleContext extends DefaultSharedCoreModuleContext {
    /** The built-in catalogs as trees made by the build (the CLI): no catalog is parsed at start. */
    readonly precompiledCatalogs?: PrecompiledCatalogSource | Promise<PrecompiledCatalogSource | undefined>;
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

/**
 * The modules a context adds over SegPlan's own: the precompiled catalogs, and what a run that
 * builds its plans once (the CLI) does differently. Injected after the others.
 */
export function contextModules(context: SegplanCoreModuleContext): {
    precompiled: Module<SegplanSharedCoreServices, PartialLangiumSharedCoreServices>;
    builtOnce: Module<SegplanCoreServices, PartialLangiumCoreServices & { parser?: Partial<SegplanAddedServices['parser']>; analysis?: Partial<SegplanAddedServices['analysis']> }>;
} {
    return {
        precompiled: context.precompiledCatalogs
            ? { workspace: { WorkspaceManager: (shared) => new SegplanWorkspaceManager(shared, context.precompiledCatalogs, { syntaxOnDemand: !context.builtOnce }) } }
            : {},
        builtOnce: context.builtOnce
            ? {
                workspace: { ReferenceDescriptionProvider: (services) => new SegplanReferenceDescriptionProvider(services, { indexed: false }) },
                analysis: { PlanAnalyzer: (services) => new PlanAnalyzer(services.shared, services.analysis.VendorChecks, { builtOnce: true }) },
                parser: { LeanPlanParser: (services) => context.leanParser === false ? undefined : new LeanPlanParser(services) },
                validation: { DocumentValidator: (services) => new SegplanDocumentValidator(services, { keepReports: false }) }
            }
            : {}
    };
}

/** What every set of SegPlan services does once made: register the language and its checks. */
export function startSegplanServices(shared: SegplanSharedCoreServices, Segplan: SegplanCoreServices, withClient: boolean): void {
    shared.ServiceRegistry.register(Segplan);
    registerValidationChecks(Segplan);
    if (!withClient) {
        // Without a language client (CLI, tests) nobody sends the configuration; do not wait for it.
        shared.workspace.ConfigurationProvider.initialized({});
    }
}

/** The language without the editor features, for runs that build their plans once (the CLI). */
export function createSegplanCoreServices(context: SegplanCoreModuleContext): {
    shared: SegplanSharedCoreServices;
    Segplan: SegplanCoreServices;
} {
    const { precompiled, builtOnce } = contextModules(context);
    const shared = inject(createDefaultSharedCoreModule(context), SegplanGeneratedSharedModule, SegplanSharedCoreModule, precompiled);
    const Segplan = inject(createDefaultCoreModule({ shared }), SegplanGeneratedModule, SegplanCoreModule, builtOnce);
    startSegplanServices(shared, Segplan, false);
    return { shared, Segplan };
}
