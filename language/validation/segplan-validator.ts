import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { SegplanAstType, SegplanDocument } from '../generated/ast.js';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import { projectConfigsOf } from '../config/project-configs.js';
import { checkAddress, checkInstanceInsideZone } from './address-validation.js';
import { checkInstanceType, checkSitePair, checkSiteZones, checkTypeCycle } from './catalog-validation.js';
import { checkGuardrail } from './guardrail-validation.js';
import { checkImports } from './import-validation.js';
import { unreadableFilesOf } from '../workspace/unreadable-files.js';
import { checkDuplicatePlanNames, checkDuplicateVendorMembers, checkDuplicateVendors } from './name-validation.js';
import { checkPlanFindings } from './plan-validation.js';
import { checkProjectConfig } from './project-config-validation.js';
import { checkPortItem, checkPortOverride, checkPortSettingDefault } from './port-validation.js';
import { checkDocumentUrl } from './source-document-validation.js';
import { checkRequirement } from './requirement-validation.js';
import { checkSaidOnce } from './said-once-validation.js';
import { checkRepeatedRules, checkRuleToItself, checkRuleUntil } from './rule-validation.js';
import { checkOverlappingZones, checkZoneNetworks } from './zone-validation.js';

/** Wires the checks — plain functions, one file per concept — into Langium's validation registry. */
export function registerValidationChecks(services: SegplanCoreServices): void {
    const documents = services.shared.workspace.LangiumDocuments;
    const unreadable = unreadableFilesOf(services.shared);
    const analyzer = services.analysis.PlanAnalyzer;
    // Created now, not on first use, so that it hears the client's settings from the start.
    const severities = services.settings.FindingSeverities;
    const configs = projectConfigsOf(services.shared);
    // A check that only ever warns, run where warnings are read: `segplan generate` reads the
    // errors alone. What a run reads is set before its first build and never changes (reportOnly),
    // so a statement's kept reports stay true.
    const whenWarningsRead = <N>(check: (node: N, accept: ValidationAcceptor) => void) => (node: N, accept: ValidationAcceptor): void => {
        if (severities.reports('warning')) check(node, accept);
    };
    // A check of a zone, component, allow rule, requirement, port override, `use` or site pair may read
    // only its statement, what the statement's references resolve to, the catalog and today's date:
    // after an edit elsewhere its reports are replayed (statement-validation-cache.ts). A check that
    // reads other statements belongs to SegplanDocument below.
    const checks: ValidationChecks<SegplanAstType> = {
        Address: checkAddress,
        RuleAddress: checkAddress,
        PortItem: checkPortItem,
        PortOverride: checkPortOverride,
        PortSetting: checkPortSettingDefault,
        AllowRule: [checkRuleUntil, whenWarningsRead(checkRuleToItself)],
        Zone: checkZoneNetworks,
        Instance: [checkInstanceInsideZone, checkInstanceType, checkSaidOnce],
        ComponentType: [checkTypeCycle, checkSaidOnce],
        FlowEndpoint: checkSaidOnce,
        Flow: checkSaidOnce,
        Vendor: checkDuplicateVendorMembers,
        Site: checkSiteZones,
        SitePair: checkSitePair,
        SourceDocument: checkDocumentUrl,
        Requirement: checkRequirement,
        Guardrail: checkGuardrail,
        SegplanDocument: (root: SegplanDocument, accept: ValidationAcceptor) => {
            const document = AstUtils.getDocument(root);
            checkDuplicateVendors(root, accept);
            whenWarningsRead(checkRepeatedRules)(root, accept);
            checkImports(document, documents, unreadable, accept);
            checkDuplicatePlanNames(document, documents, accept);
            checkOverlappingZones(document, documents, accept);
            checkProjectConfig(document, configs, accept);
            checkPlanFindings(document, analyzer, severities.severitiesIn(document.uri), accept);
        }
    };
    services.validation.ValidationRegistry.register(checks);
}
