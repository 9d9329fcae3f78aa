import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { detectImporter, findImporter } from '../../language/audit/importers/registry.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * Configurations nobody on the team wrote — Batfish's test configurations and networks (ASA,
 * PAN-OS, FortiOS, iptables, AWS, Azure) and Aerleon's generated reference outputs — each with the
 * repository, commit, path and licence it comes from (corpus/provenance.json). Whatever a file
 * holds, the importer of its format reads it or refuses it with a ConfigError: a refusal about a
 * line names that line, a refusal of the whole file says what the file lacks. Never another
 * exception, and never taken for another platform's format.
 */
const CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'corpus');
const PROVENANCE: { file: string; repository: string; commit: string; path: string; licence: string }[] = JSON.parse(readFileSync(path.join(CORPUS, 'provenance.json'), 'utf8'));
const FORMATS = readdirSync(CORPUS).filter(name => statSync(path.join(CORPUS, name)).isDirectory());
const INTERFACES = new Map([
    ['inside', addresses('10.0.0.0/8')], ['outside', EVERY_ADDRESS], ['trust', addresses('10.0.0.0/8')], ['untrust', EVERY_ADDRESS],
    ['port1', EVERY_ADDRESS], ['port2', addresses('10.0.0.0/8')], ['eth0', EVERY_ADDRESS], ['eth1', addresses('10.0.0.0/8')]
]);
const NOW = new Date('2026-11-23T12:00:00Z');

/** A cloud export says not which hosts a group guards: each group of the file stands for a network of its own here. */
function interfacesFor(format: string, text: string): Map<string, ReturnType<typeof addresses>> {
    const groups = format === 'aws-security-groups' ? [...text.matchAll(/"GroupId"\s*:\s*"([^"]+)"/g)].map(m => m[1])
        : format === 'azure-nsg' ? [JSON.parse(text)].flat().map((g: { name?: string }) => g.name ?? '') : [];
    return new Map([...INTERFACES, ...[...new Set(groups)].map((g, i) => [g, addresses(`10.${i % 250}.${Math.floor(i / 250)}.0/24`)] as const)]);
}
/** Refusals of a whole file: it holds nothing the audit evaluates, or the map does not say which hosts it guards. */
const WHOLE_FILE = /has no security rules and no zones|has no `config firewall policy` block|binds no access list to an interface|has no \*filter table|no (network )?security group is mapped to a zone of the plan|cannot tell whether this is iptables-save/;

describe('audit: a corpus of public configurations', function () {
    this.timeout(600_000);

    it('every file has its provenance (repository, commit, path, licence), and every entry its file', () => {
        const files = FORMATS.flatMap(format => readdirSync(path.join(CORPUS, format)).map(name => `${format}/${name}`)).sort();
        assert.deepEqual(PROVENANCE.map(p => p.file).sort(), files);
        for (const p of PROVENANCE) {
            assert.match(p.repository, /^[\w.-]+\/[\w.-]+$/, p.file);
            assert.match(p.commit, /^[0-9a-f]{40}$/, p.file);
            assert.ok(p.path && p.licence, p.file);
        }
    });

    for (const format of FORMATS) {
        it(`${format}: every file is read or refused with its line, never another exception, never taken for another format`, async () => {
            const importer = findImporter(format);
            assert.ok(importer, format);
            const names = readdirSync(path.join(CORPUS, format));
            assert.ok(names.length > 0);
            let read = 0;
            for (const name of names) {
                const text = readFileSync(path.join(CORPUS, format, name), 'utf8');
                const detected = detectImporter(text)?.id;
                // ip6tables is the same reader: the format names the family when the file does not.
                assert.ok(detected === undefined || detected === format || (format === 'iptables' && detected === 'ip6tables'), `${name} detected as ${detected}`);
                let policy: FirewallPolicy;
                try {
                    policy = await importer.import(text, { file: name, interfaces: interfacesFor(format, text), hook: 'forward', now: NOW });
                } catch (error) {
                    assert.ok(error instanceof ConfigError, `${name}: ${(error as Error).stack}`);
                    if (error.line === undefined) assert.match(error.message, WHOLE_FILE, `${name}: a refusal without a line`);
                    else assert.match(error.message, new RegExp(`line ${error.line}\\b`), `${name}: the message names the line`);
                    continue;
                }
                read++;
                // What is read can be evaluated, both ways and in both families.
                for (const [from, to] of [['10.0.0.5', '192.0.2.5'], ['192.0.2.5', '10.0.0.5'], ['fd00::5', '2001:db8::5']]) {
                    for (const protocol of ['tcp', 'udp'] as const) assert.ok(['accept', 'drop', 'unknown'].includes(decideConnection([policy], protocol, addresses(from), addresses(to), 443)), name);
                }
                for (const u of policy.unevaluated) assert.ok(u.line > 0 && u.why.length > 0, `${name}: ${JSON.stringify(u)}`);
            }
            // A corpus no file of which is read proves nothing about the reader.
            assert.ok(read > 0, `${format}: no file was read`);
        });
    }
});
