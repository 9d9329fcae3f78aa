/**
 * Dates in a firewall configuration: rules that hold from a start or until an end. A device often
 * writes them in its own clock's time zone without saying which, or a summer-time hour makes a
 * time ambiguous; each bound is then known only as a span, and the audit judges a rule active or
 * inactive only when the audit's instant lies outside every such span.
 */

/**
 * How far a firewall's local clock can be from UTC (UTC−12 to UTC+14). A configuration that gives a
 * date in the device's own time zone, without the zone, is judged only when the audit's instant is
 * further than this from the date; closer, the device's clock decides and the audit says unknown.
 */
export const LOCAL_TIME_SLACK_MS = 14 * 3_600_000;

/** A bound as the device means it: some instant from `earliest` to `latest` (milliseconds since 1970, UTC). */
export interface TimeBound {
    readonly earliest: number;
    readonly latest: number;
}

/** A bound at `at`, give or take `slack` (0: exact). */
export function boundAround(at: number, slack: number): TimeBound {
    return { earliest: at - slack, latest: at + slack };
}

/** A real date and time read as if UTC (milliseconds); undefined for one that does not exist (31 February, 25:00). */
export function wallClockTime(year: number, month: number, day: number, hour: number, minute: number): number | undefined {
    if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && month >= 1 && month <= 12 && day >= 1)) return undefined;
    const t = Date.UTC(year, month - 1, day, hour, minute);
    return new Date(t).getUTCDate() === day ? t : undefined;
}

/** Whether a rule with dates holds at an instant: 'uncertain' where the device's own clock decides. */
export type WindowState = 'active' | 'inactive' | 'uncertain';

/**
 * Whether a rule holding from `start` (inclusive) until `end` (exclusive) holds at `now`:
 * 'active', 'inactive', or 'uncertain' when `now` falls within a bound's span.
 */
export function windowAt(now: number, start: TimeBound | undefined, end: TimeBound | undefined): WindowState {
    if ((start && now < start.earliest) || (end && now >= end.latest)) return 'inactive';
    if ((start && now < start.latest) || (end && now >= end.earliest)) return 'uncertain';
    return 'active';
}
