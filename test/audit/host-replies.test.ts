import * as assert from 'node:assert/strict';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * A host firewall (`--host`): a connection to the host comes in through INPUT, and the host's
 * replies leave through OUTPUT (nftables: the output hook), never through INPUT. An INPUT chain
 * with no rule for established traffic lets a service work when OUTPUT lets the replies out; an
 * OUTPUT chain that drops them breaks it. (Confirmed in a kernel: test/kernel/host-replies.test.ts.)
 */

const NOW = new Date('2026-11-23T12:00:00Z');
const options: ImportOptions = { file: 'host.rules', interfaces: new Map([['eth0', addresses('0.0.0.0/0')]]), hook: 'input', now: NOW, formatGiven: true };
const HOST = addresses('10.0.0.1'), CLIENT = addresses('192.0.2.5');

const iptables = (output: string, outputRules: string[] = []) => iptablesSaveImporter.import([
    '*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', `:OUTPUT ${output} [0:0]`,
    '-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT', ...outputRules, 'COMMIT', ''].join('\n'), options) as FirewallPolicy;

const nftables = (output: string, outputRules: string[] = []) => nftablesImporter.import(`table inet host {
\tchain input {
\t\ttype filter hook input priority 0; policy drop;
\t\tiifname "eth0" tcp dport 22 accept
\t}
\tchain output {
\t\ttype filter hook output priority 0; policy ${output};
${outputRules.map(r => `\t\t${r}\n`).join('')}\t}
}
`, options) as FirewallPolicy;

describe('audit --host: the replies leave through OUTPUT', () => {
    it('iptables: INPUT accepts tcp 22 without an ESTABLISHED rule; OUTPUT ACCEPT lets the replies out', () => {
        assert.equal(decideConnection([iptables('ACCEPT')], 'tcp', CLIENT, HOST, 22), 'accept');
        assert.equal(decideConnection([iptables('ACCEPT')], 'tcp', CLIENT, HOST, 23), 'drop');
    });

    it('iptables: OUTPUT DROP without an ESTABLISHED rule drops the replies; with one they pass', () => {
        assert.equal(decideConnection([iptables('DROP')], 'tcp', CLIENT, HOST, 22), 'drop');
        assert.equal(decideConnection([iptables('DROP', ['-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT'])], 'tcp', CLIENT, HOST, 22), 'accept');
        assert.equal(decideConnection([iptables('DROP', ['-A OUTPUT -p tcp -m tcp --sport 22 -j ACCEPT'])], 'tcp', CLIENT, HOST, 22), 'accept');
    });

    it('nftables: input accepts tcp 22 without ct state established; output policy accept lets the replies out', () => {
        assert.equal(decideConnection([nftables('accept')], 'tcp', CLIENT, HOST, 22), 'accept');
        assert.equal(decideConnection([nftables('drop')], 'tcp', CLIENT, HOST, 22), 'drop');
        assert.equal(decideConnection([nftables('drop', ['ct state established accept'])], 'tcp', CLIENT, HOST, 22), 'accept');
    });

    it('nftables: a host without an output chain lets the replies out', () => {
        const policy = nftablesImporter.import('table inet host {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n\t\ttcp dport 22 accept\n\t}\n}\n', options) as FirewallPolicy;
        assert.equal(decideConnection([policy], 'tcp', CLIENT, HOST, 22), 'accept');
    });
});
