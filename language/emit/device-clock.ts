/**
 * The clock a firewall's expiry is read by. ASA time ranges, PAN-OS schedules and FortiOS one-time
 * schedules take a local date and time, and the device reads them in the time zone it is set to
 * (ASA `clock timezone`, PAN-OS's management time zone, FortiOS `config system global` `timezone`).
 * SegPlan writes the end of the `until` day as the plan means it, in UTC, so the end is right only
 * on a device set to UTC: the output says so wherever it writes an expiry.
 */

/** How a rule's expiry note names its clock on these devices (ruleNotes' `clock`). */
export const DEVICE_CLOCK = 'by the device\'s clock, which must be set to UTC';

/**
 * Header lines for a file with temporary rules: which clock the device reads them by, how to see
 * it (`check`: the command that shows the device's time zone), and what another zone does.
 */
export function deviceClockLines(mark: string, check: string, temporary: boolean): string[] {
    if (!temporary) return [];
    return [
        `${mark} Temporary rules end at 23:59 of their date (the device counts that minute in) by the device's own clock, in the`,
        `${mark} time zone the device is set to: the end of the day in UTC, as the plan means it, only if the device is set to UTC`,
        `${mark} (${check}). On a device set to another zone they end as many hours earlier or later`,
        `${mark} as the device's zone is ahead of or behind UTC.`
    ];
}
