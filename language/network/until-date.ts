/**
 * The dates a temporary allow rule (`until YYYY-MM-DD`) may end on. Every target must express the
 * end of that day exactly or earlier: PAN-OS and FortiGate schedules are written to start on
 * 2000-01-01, so an earlier end would be a schedule that ends before it starts; nftables keeps
 * time in 64-bit nanoseconds (it wraps in 2262); a rule meant to stay needs no `until` at all.
 */
export const FIRST_UNTIL_DATE = '2000-01-01';
export const LAST_UNTIL_DATE = '2099-12-31';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysIn(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Why an `until` date is not one a rule can end on, in words for the plan's author, or undefined
 * when it is. Read from the digits, never through `Date` (which rolls 2026-02-30 over into March
 * and reads years below 100 as 19xx).
 */
export function untilDateProblem(text: string): string | undefined {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return `${text} is not a calendar date: write it as YYYY-MM-DD.`;
    const year = Number(match[1]), month = Number(match[2]), day = Number(match[3]);
    if (month < 1 || month > 12) return `${text} is not a calendar date: there is no month ${match[2]} (write YYYY-MM-DD).`;
    const days = daysIn(year, month);
    if (day < 1 || day > days) return `${text} is not a calendar date: ${MONTHS[month - 1]} ${match[1]} has days 01 to ${days}.`;
    if (text < FIRST_UNTIL_DATE || text > LAST_UNTIL_DATE) {
        return `${text} is outside the dates a temporary rule can end on (${FIRST_UNTIL_DATE} to ${LAST_UNTIL_DATE}): not every firewall can express it. A rule meant to stay needs no \`until\`.`;
    }
    return undefined;
}
