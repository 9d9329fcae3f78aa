import { expiryInstant, hasExpired, protocolPorts, skipNote, type EmitOptions } from './emitter.js';
import type { RuleSetRule } from './rule-set.js';

/**
 * Temporary rules in Terraform (AWS and Azure). Neither security groups nor network security
 * groups can expire a rule, so the file does: a temporary rule's resources are counted once while
 * Terraform plans before the rule's end and not at all after it,
 * `count = timecmp(plantimestamp(), "<end>") < 0 ? 1 : 0`, so the first `terraform apply` after
 * the end removes them (plantimestamp needs Terraform 1.5 or later). Its end is the end of the
 * `until` day in UTC, as on every target; the importers read the same expression back.
 */

/** The count line of a temporary rule's resources (two spaces in, as the resources' attributes are). */
export function expiryCountLine(until: string): string {
    return `  count = timecmp(plantimestamp(), "${new Date(expiryInstant(until) * 1000).toISOString().replace('.000Z', 'Z')}") < 0 ? 1 : 0`;
}

/**
 * Whether a rule is left out because its end has passed when generating (warned); a temporary rule
 * still ahead is written with expiryCountLine, and the warning says when to apply again.
 */
export function leaveOutExpiredTerraform(rule: RuleSetRule, platform: string, warnings: string[], options: EmitOptions = {}): boolean {
    if (!rule.until) return false;
    if (hasExpired(rule.until, options.now)) {
        warnings.push(skipNote(rule, `it was temporary until ${rule.until} (end of that day, UTC), which has passed`));
        return true;
    }
    warnings.push(`r-${rule.id} (zone ${rule.sourceZone} to ${rule.destinationZone}, ${protocolPorts(rule)}) is temporary until ${rule.until} (end of that day, UTC). ${platform} cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)`);
    return false;
}
