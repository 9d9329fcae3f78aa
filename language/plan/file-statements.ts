import {
    AllowRule, DenyRule, Instance, isAllowRule, isDenyRule, isUseGuardrail, UseGuardrail, isInstance, isPortOverride, isRequirement, isSite, isSitePair, isUseFeature, isZone, PortOverride,
    Requirement, Site, SitePair, UseFeature, Zone, type SegplanDocument
} from '../generated/ast.js';
import { ObjectSlot } from '../utils/object-slot.js';

/**
 * The statements of one parsed file by kind, in file order: worked out once per syntax tree
 * (nodes never change once parsed), so that a build after an edit in one file of a plan does
 * not go through every statement of the others.
 */
export interface FileStatements {
    readonly zones: readonly Zone[];
    readonly instances: readonly Instance[];
    readonly sites: readonly Site[];
    readonly sitePairs: readonly SitePair[];
    readonly features: readonly UseFeature[];
    readonly portOverrides: readonly PortOverride[];
    readonly rules: readonly AllowRule[];
    readonly requirements: readonly Requirement[];
    readonly denies: readonly DenyRule[];
    readonly guardrails: readonly UseGuardrail[];
}

const statementsOfTree = new ObjectSlot<SegplanDocument, FileStatements>('statements by kind');

export function statementsOf(root: SegplanDocument): FileStatements {
    let statements = statementsOfTree.get(root);
    if (statements) return statements;
    const zones: Zone[] = [], instances: Instance[] = [], sites: Site[] = [], sitePairs: SitePair[] = [], features: UseFeature[] = [];
    const portOverrides: PortOverride[] = [], rules: AllowRule[] = [], requirements: Requirement[] = [];
    const denies: DenyRule[] = [], guardrails: UseGuardrail[] = [];
    const elements = root.elements ?? [];
    for (let i = 0; i < elements.length; i++) {
        const element = elements[i];
        // By the node's own type first: each type guard asks the grammar's type hierarchy, seven
        // times for an allow rule, for every statement of a plan. No
        // statement type is a subtype of another (a test holds this), so both ways sort alike.
        switch (element.$type) {
            case Zone.$type: zones.push(element as Zone); continue;
            case Instance.$type: instances.push(element as Instance); continue;
            case AllowRule.$type: rules.push(element as AllowRule); continue;
        }
        if (isZone(element)) zones.push(element);
        else if (isInstance(element)) instances.push(element);
        else if (isSite(element)) sites.push(element);
        else if (isSitePair(element)) sitePairs.push(element);
        else if (isUseFeature(element)) features.push(element);
        else if (isPortOverride(element)) portOverrides.push(element);
        else if (isAllowRule(element)) rules.push(element);
        else if (isRequirement(element)) requirements.push(element);
        else if (isDenyRule(element)) denies.push(element);
        else if (isUseGuardrail(element)) guardrails.push(element);
    }
    statementsOfTree.set(root, statements = { zones, instances, sites, sitePairs, features, portOverrides, rules, requirements, denies, guardrails });
    return statements;
}
