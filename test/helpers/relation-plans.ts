/**
 * A plan with a head office and a branch, each a site of one zone (mgmt 10.10.0.0/24 and br
 * 10.20.0.0/24), and the components given, one line each: the setting of the relation tests, where
 * who manages whom is decided across sites.
 */
export function headOfficeAndBranchPlan(name: string, ...components: string[]): string {
    return [
        `plan "${name}"`,
        'zone mgmt 10.10.0.0/24',
        'zone br   10.20.0.0/24',
        'site hq zones mgmt',
        'site branch zones br',
        ...components
    ].join('\n') + '\n';
}
