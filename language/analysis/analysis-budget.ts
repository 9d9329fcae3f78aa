/**
 * How much work one plan's analysis may do before it stops with a clear message instead of
 * exhausting memory: the count of required flows between pairs of components. A flat plan without
 * sites makes every site-scoped flow an all-pairs flow (1,000 components ≈ 600,000 flows); 4,000
 * components used to end in an out-of-memory crash.
 */
export const MAX_REQUIRED_FLOWS = 750_000;

export class PlanTooLargeError extends Error {
    constructor(readonly flows: number, readonly instances: number, readonly hasSites: boolean) {
        super(`this plan needs more than ${MAX_REQUIRED_FLOWS.toLocaleString('en-US')} required flows between pairs of its ${instances.toLocaleString('en-US')} components, `
            + 'more than SegPlan analyses at once'
            + (hasSites ? '. Split it into several plans' : `: without \`site\` declarations every site-scoped flow runs between every pair of components. Declare sites (site <name> zones <zone>, …) so that these flows stay inside each site`));
    }
}
