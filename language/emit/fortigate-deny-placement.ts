import { cleanText, type CleanOptions } from './escape.js';

/**
 * Where the plan's deny policies stand in a FortiGate's policy list. FortiOS checks policies in
 * list order, not by id, puts a policy a paste creates last, and moves one only relative to
 * another by id (`move <id> before|after <id>`): SegPlan cannot write "first" without knowing the
 * id of the policy that is first.
 *
 * So SegPlan keeps a policy of its own at a fixed id, disabled (it matches nothing), and moves
 * every deny policy right after it, each paste. Wherever that policy stands, the denies stand: once
 * it is first in the list, they are above every policy, and a later paste keeps them there, also
 * when a deny changes (and gets another id). Putting it first takes the id of the first policy:
 * the user moves it once by hand, or gives the device's configuration (`generate
 * --device-config`) and the file moves it above the first policy that configuration lists.
 */

/** The id of SegPlan's disabled policy the denies follow: the base of SegPlan's block of ids. */
export const DENY_ANCHOR_ID = 1_000_000_000;
export const DENY_ANCHOR_NAME = 'SP_denies_below';

/** The device's policies, as its configuration lists them (see EmitOptions.devicePolicies). */
export interface DevicePolicies {
    readonly file: string;
    /** Policy ids in list order. */
    readonly ids: readonly string[];
}

/** The anchor policy: the same settings every time, so pasting it again changes nothing. */
export function anchorPolicyLines(): string[] {
    return [
        '    # SegPlan\'s deny policies follow this one. It is disabled and matches nothing; keep it first in the list.',
        `    edit ${DENY_ANCHOR_ID}`,
        `        set name "${DENY_ANCHOR_NAME}"`,
        '        set srcintf "any"',
        '        set dstintf "any"',
        '        set srcaddr "all"',
        '        set dstaddr "all"',
        '        set action deny',
        '        set status disable',
        '        set schedule "always"',
        '        set service "ALL"',
        '        set comments "SegPlan: the deny policies of the plan follow this disabled policy. Keep it first in the list."',
        '    next'
    ];
}

/**
 * The policy the anchor is moved above: the first policy the device's configuration lists that
 * this paste does not delete, unless that is the anchor itself (already first).
 */
export function firstDevicePolicy(device: DevicePolicies | undefined, deleted: readonly number[]): string | undefined {
    const first = device?.ids.find(id => !deleted.includes(Number(id)));
    return first === String(DENY_ANCHOR_ID) ? undefined : first;
}

/**
 * The moves after the policies: the anchor above the device's first policy (when known), each
 * deny after the one before it (the first after the anchor), then the accepts that overlap a deny
 * (only a plan generated with --force has them) after the last deny. Other accepts stay where they
 * are: in a plan without such an overlap, no accept of SegPlan's meets a deny.
 */
export function placementMoves(first: string | undefined, denies: readonly number[], reopening: readonly number[]): string[] {
    const moves = first === undefined ? [] : [`    move ${DENY_ANCHOR_ID} before ${first}`];
    let last = DENY_ANCHOR_ID;
    for (const id of [...denies, ...reopening]) {
        moves.push(`    move ${id} after ${last}`);
        last = id;
    }
    return moves;
}

/** What the file's header says of where the denies stand: only what the file itself makes true. */
export function placementHeader(device: DevicePolicies | undefined, first: string | undefined, clean: CleanOptions): string[] {
    const lines = [
        `# The plan's denies are deny policies right after SegPlan's policy ${DENY_ANCHOR_ID} (${DENY_ANCHOR_NAME}, disabled: it matches`,
        '# nothing). No policy below it, and no accept policy of SegPlan\'s, reopens them. FortiOS checks policies in list order:'
    ];
    if (!device) {
        return [...lines,
            '# a policy above that one can still let denied traffic through. Keep it first in the list: once, run',
            `# move ${DENY_ANCHOR_ID} before <the id of the first policy> (show firewall policy lists them in order), or generate`,
            '# with --device-config <the FortiGate\'s configuration> and this file moves it. Later pastes keep the denies after it.'];
    }
    const file = cleanText(device.file, { ...clean, max: 200 });
    if (first === undefined) {
        return [...lines, `# ${file} lists no policy above it, so the denies stand above every policy that configuration holds.`];
    }
    return [...lines,
        `# this file moves it above policy ${first}, the first that ${file} lists, so the denies stand above every`,
        '# policy that configuration holds. A policy made after it was exported and moved above them is not covered.'];
}
