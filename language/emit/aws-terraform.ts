import { cleanName, cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, leaveOutExpired, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import type { RuleSet, RuleSetEndpoint } from './rule-set.js';

/**
 * AWS security groups as Terraform: one security group per destination zone or component (to be
 * attached to its network interfaces) and one `aws_vpc_security_group_ingress_rule` per source
 * prefix and port range. Security groups are stateful, so replies need no rule; egress stays at
 * AWS's default because this file manages no egress rules. A destination of `any` has no group to
 * live in and is left out.
 */

// AWS accepts only a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* in rule descriptions; `$`, `{`,
// `}` and `;` are kept out too, so nothing can start a Terraform interpolation.
const DESCRIPTION: CleanOptions = { max: 255 };
// Tag values: letters, digits, spaces and _.:/=+-@ only.
const TAG: CleanOptions = { max: 255 };
// `#` comment lines.
const NOTE: CleanOptions = { max: COMMENT_TEXT_MAX };

/**
 * Terraform reads lines of any length; the file keeps them short for the people who review it.
 * Every line holds one value (a rule per prefix and port range), so only comments could be long.
 */
const MAX_LINE_LENGTH = 4096;

function tagValue(text: string): string {
    return cleanText(text, TAG).replace(/[^A-Za-z0-9 _.:/=+\-@]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The default quota of inbound rules per address family in one security group. */
export const AWS_RULES_PER_FAMILY = 60;
/** The default number of security groups one network interface may have. */
const AWS_GROUPS_PER_INTERFACE = 5;

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const groupNames = new NameAllocator(200);
    // A security group holds at most AWS_RULES_PER_FAMILY inbound rules per address family (the
    // default quota; `terraform apply` fails beyond it): a destination with more gets more groups,
    // all to be attached to the same network interfaces.
    const groups = new Map<string, { endpoint: RuleSetEndpoint; parts: { resource: string; v4: number; v6: number }[] }>();
    const rules: string[] = [];
    for (const rule of ruleSet.rules) {
        const where = `r${rule.number}`;
        const sources = concreteSide(rule.sources, false, warnings, where);
        const destinations = concreteSide(rule.destinations, false, warnings, where).filter(d => {
            if (!d.any) return true;
            warnings.push(skipNote(rule, 'a destination of any has no security group to hold the rule'));
            return false;
        });
        rules.push('', `# ${cleanText(ruleSummary(rule), NOTE)}`, ...ruleNotes(rule, NOTE).map(l => `#   ${l}`));
        if (leaveOutExpired(rule, 'AWS', warnings, options)) {
            rules.push('# NOT EMITTED: its until date has passed (security groups cannot expire a rule)');
            continue;
        }
        if (sources.length === 0 || destinations.length === 0) {
            warnings.push(skipNote(rule, 'no source or destination with an IP address left'));
            rules.push('# NOT EMITTED: no source or destination with an IP address left');
            continue;
        }
        const prefixes = sources.some(s => s.any) ? [{ key: 'cidr_ipv4', value: '0.0.0.0/0' }, { key: 'cidr_ipv6', value: '::/0' }]
            : [...new Set(sources.flatMap(s => s.v4))].map(value => ({ key: 'cidr_ipv4', value }))
                .concat([...new Set(sources.flatMap(s => s.v6))].map(value => ({ key: 'cidr_ipv6', value })));
        const ports = rule.protocol === 'any' ? [undefined] : rule.ports;
        let n = 0;
        for (const d of destinations) {
            let group = groups.get(d.endpoint.key);
            if (!group) {
                group = { endpoint: d.endpoint, parts: [] };
                groups.set(d.endpoint.key, group);
            }
            for (const prefix of prefixes) {
                for (const port of ports) {
                    const family = prefix.key === 'cidr_ipv4' ? 'v4' : 'v6';
                    let part = group.parts.find(p => p[family] < AWS_RULES_PER_FAMILY);
                    if (!part) {
                        const k = group.parts.length + 1;
                        part = { resource: groupNames.name(`${d.endpoint.key}#${k}`, `segplan_${d.endpoint.name}${k > 1 ? `_part${k}` : ''}`), v4: 0, v6: 0 };
                        group.parts.push(part);
                    }
                    part[family]++;
                    rules.push(
                        `resource "aws_vpc_security_group_ingress_rule" "r${rule.number}_${++n}" {`,
                        `  security_group_id = aws_security_group.${part.resource}.id`,
                        `  description       = "${cleanText(shortPurpose(rule), DESCRIPTION)}"`,
                        `  ip_protocol       = "${rule.protocol === 'any' ? '-1' : rule.protocol}"`,
                        ...(port ? [`  from_port         = ${port.from}`, `  to_port           = ${port.to}`] : []),
                        `  ${prefix.key.padEnd(17)} = "${prefix.value}"`,
                        '  tags = {',
                        `    SegPlanRule = "r${rule.number}"`,
                        ...(rule.until ? [`    ExpiresOn   = "${rule.until}"`] : []),
                        '  }',
                        '}'
                    );
                }
            }
        }
    }
    for (const { endpoint, parts } of groups.values()) {
        if (parts.length === 1) continue;
        warnings.push(`The inbound rules for ${endpoint.kind} ${endpoint.name} are split into ${parts.length} security groups (AWS allows ${AWS_RULES_PER_FAMILY} inbound rules per address family in one group): attach all of them to its network interfaces`
            + (parts.length > AWS_GROUPS_PER_INTERFACE ? `. That is more than the ${AWS_GROUPS_PER_INTERFACE} groups AWS attaches to one interface by default: raise that quota or merge rules in the plan` : ''));
    }
    const groupLines = [...groups.values()].flatMap(({ endpoint, parts }) => parts.flatMap(({ resource }, i) => [
        '',
        `resource "aws_security_group" "${resource}" {`,
        `  name        = "${cleanName(`segplan-${endpoint.name}${i > 0 ? `-part${i + 1}` : ''}`, 200).replace(/_/g, '-')}"`,
        `  description = "${cleanText(`SegPlan inbound rules for ${endpoint.kind} ${endpoint.name}${parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : ''}`, DESCRIPTION)}"`,
        '  vpc_id      = var.vpc_id',
        '  tags = {',
        `    SegPlanEndpoint  = "${tagValue(`${endpoint.kind} ${endpoint.name}`)}"`,
        `    SegPlanAddresses = "${tagValue([...endpoint.v4, ...endpoint.v6].join(' '))}"`,
        '  }',
        '}'
    ]));
    const text = [
        ...titleLines(ruleSet, this, NOTE, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, NOTE).map(l => `# ${l}`),
        '# Attach each security group to the network interfaces of the zone or component it is named after.',
        // Without a word here the rules look complete, and every connection out of such a host is blocked.
        '# These groups hold inbound rules only, and Terraform removes AWS\'s default allow-all outbound rule',
        '# from a group it creates: give each instance a group of its own that allows its outbound traffic.',
        '',
        'variable "vpc_id" {',
        '  type        = string',
        '  description = "The VPC the security groups belong to"',
        '}',
        ...groupLines,
        ...rules,
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const awsTerraformEmitter: Emitter = {
    id: 'aws-terraform',
    label: 'AWS security groups (Terraform)',
    detail: 'aws_security_group per destination zone or component, aws_vpc_security_group_ingress_rule per prefix and port range',
    languageId: 'terraform',
    fileSuffix: 'aws.tf',
    maxLineLength: MAX_LINE_LENGTH,
    emit
};
