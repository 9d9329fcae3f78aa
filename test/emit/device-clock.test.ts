import * as assert from 'node:assert/strict';
import { loadPlanText } from './plan-fixture.js';

/**
 * ASA time ranges, PAN-OS schedules and FortiOS one-time schedules are read by the device's clock
 * in the time zone it is set to, not in UTC: the output must say which clock its expiry assumes,
 * and write the end of the `until` day as the device reads it.
 */

const PLAN = `plan "Clock"
zone mgmt 10.0.0.0/24
zone backup 10.0.1.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in backup at 10.0.1.20
allow vbr -> repo tcp 22 "repository setup" until 2099-12-31
allow vbr -> repo tcp 6162
`;

/** How each device writes the end of 2099-12-31 (23:59, which ASA, PAN-OS and FortiOS count in). */
const END: Record<string, RegExp> = {
    'cisco-asa': /^ absolute end 23:59 31 December 2099$/m,
    panos: /^set schedule \S+ schedule-type non-recurring 2000\/01\/01@00:00-2099\/12\/31@23:59$/m,
    fortigate: /^ +set end "23:59 2099\/12\/31"$/m
};

describe('temporary rules on firewalls that read their own clock', function () {
    this.timeout(300000);

    for (const target of Object.keys(END)) {
        it(`${target}: the end of the day as the device reads it, and the clock it must be set to`, async () => {
            const plan = await loadPlanText('clock.segplan', PLAN);
            const text = plan.emit(target, true);
            assert.match(text, END[target]);
            assert.match(text, /only if the device is set\n?.{0,4}to UTC/);
            // Never "UTC" alone: every line that names UTC says it is the device's clock.
            for (const line of text.split('\n').filter(l => /\bUTC\b/.test(l))) assert.match(line, /device/, `claims UTC without naming the device's clock: ${line}`);
            // A plan without temporary rules has no clock to speak of.
            const permanent = await loadPlanText('clock.segplan', PLAN.replace(/ until \S+/, ''));
            assert.doesNotMatch(permanent.emit(target, true), /\bUTC\b/);
        });
    }
});
