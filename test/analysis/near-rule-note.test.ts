import * as assert from 'node:assert/strict';
import { buildPlan, createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// A flow the rule between its two components only partly lets through: the message says what that
// rule lacks — ports or a protocol — rather than blaming addresses.

const PLAN = (rule: string) => `plan "Near"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
vbr   : veeam.BackupServer in mgmt   at 10.10.0.10
proxy : veeam.Proxy        in backup at 10.30.0.21, 10.30.0.22 os windows on vsphere
${rule}
`;

describe('the note on the allow rule between two components', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function noteOn(rule: string): Promise<string> {
        const document = await buildPlan(services, PLAN(rule));
        const line = 5;
        const messages = (document.diagnostics ?? []).filter(d => d.range.start.line === line && /flow/.test(String(d.code))).map(d => String(d.message));
        assert.equal(messages.length, 1, JSON.stringify(document.diagnostics?.map(d => [d.range.start.line, d.code, d.message])));
        return / This allow rule runs between .*$/.exec(messages[0])?.[0] ?? messages[0];
    }

    it('names the protocol a rule of every TCP port lacks, not the addresses', async () => {
        const note = await noteOn('allow vbr -> proxy tcp');
        assert.match(note, /it allows tcp only, and udp is needed too/);
        assert.doesNotMatch(note, /address/);
    });

    it('names the ports a rule lacks', async () => {
        const note = await noteOn('allow vbr -> proxy tcp/udp 135, 137-139, 445, 2500-3300, 6160');
        assert.match(note, /: add 6162 to it\.$/);
    });
});
