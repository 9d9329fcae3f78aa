import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { verdictOf } from '../helpers/audit-verdicts.js';

/** `-m time` dates are UTC unless `--kerneltz` says they are in the kernel's time zone, which the file does not give. */
describe('audit: iptables time conditions', () => {
    const NOW = new Date('2026-11-23T12:00:00Z');
    const rules = (time: string) => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -p tcp -m tcp --dport 22 -m time ${time} -j ACCEPT\nCOMMIT\n`;
    const ssh = (time: string) => verdictOf(iptablesSaveImporter.import(rules(time), { file: 'v4.rules', interfaces: new Map(), hook: 'forward', now: NOW }) as FirewallPolicy, 'tcp', '10.0.0.1', '10.0.1.1', 22);

    it('UTC dates are judged at the audit\'s instant', () => {
        assert.equal(ssh('--datestop 2026-11-23T10:00:00').verdict, 'drop', 'ended two hours ago');
        assert.equal(ssh('--datestop 2026-11-23T14:00:00').verdict, 'accept');
        assert.equal(ssh('--datestart 2026-11-23T14:00:00').verdict, 'drop', 'not yet started');
    });

    it('kernel-time dates within hours of the audit are unknown; far ones are judged', () => {
        const near = ssh('--datestop 2026-11-23T10:00:00 --kerneltz');
        assert.equal(near.verdict, 'unknown');
        assert.match(near.why ?? '', /kernel's time zone/);
        assert.equal(ssh('--kerneltz --datestart 2026-11-23T20:00:00').verdict, 'unknown');
        assert.equal(ssh('--datestop 2026-11-20T10:00:00 --kerneltz').verdict, 'drop');
        assert.equal(ssh('--datestop 2026-12-20T10:00:00 --kerneltz').verdict, 'accept');
    });
});
