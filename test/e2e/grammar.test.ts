// The TextMate grammar, tokenized by the vscode-textmate and oniguruma that VS Code 1.100 itself
// ships (inside code-server): ports, addresses, qualified types and strings get their own scopes.
import * as assert from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Token { readonly text: string; readonly scopes: string[] }
type Tokenize = (text: string) => Token[][];

describe('syntaxes/segplan.tmLanguage.json in VS Code\'s TextMate engine', function () {
    this.timeout(300000);
    let tokenize: Tokenize;

    before(async () => {
        const module = await import(pathToFileURL(resolve('scripts/e2e/tokenize.mjs')).href);
        tokenize = await module.loadSegplanTokenizer();
    });

    /** The innermost scope of each non-blank token of one line, as `text=scope`. */
    function scopesOf(line: string): string[] {
        return tokenize(line)[0].filter((t) => t.text.trim()).map((t) => `${t.text.trim()}=${t.scopes[t.scopes.length - 1] ?? ''}`);
    }

    it('colours ports, port ranges and open ranges after the protocol of an allow rule', () => {
        const scopes = scopesOf('allow vbr, mgmt -> vcenter tcp/udp 443, 2500-3300, 1024+ "why" until 2026-12-31');
        assert.deepStrictEqual(scopes.filter((s) => /constant|support|keyword|range/.test(s)), [
            'allow=keyword.control.allow.segplan', '->=keyword.operator.arrow.segplan',
            'tcp/udp=support.type.protocol.segplan', '443=constant.numeric.port.segplan',
            '2500=constant.numeric.port.segplan', '-=punctuation.separator.range.segplan', '3300=constant.numeric.port.segplan',
            '1024=constant.numeric.port.segplan', '+=keyword.operator.open-range.segplan',
            'until=keyword.other.until.segplan', '2026-12-31=constant.numeric.date.segplan'
        ]);
    });

    it('colours a plan\'s own requirement like an allow rule, and a catalog\'s source document', () => {
        const scopes = scopesOf('require admin -> vcenter tcp 443, 8000-8010 "vCenter UI" install-only');
        assert.deepStrictEqual(scopes.filter((s) => /constant|support|keyword|attribute/.test(s)), [
            'require=keyword.control.allow.segplan', '->=keyword.operator.arrow.segplan',
            'tcp=support.type.protocol.segplan', '443=constant.numeric.port.segplan',
            '8000=constant.numeric.port.segplan', '8010=constant.numeric.port.segplan',
            'install-only=entity.other.attribute-name.condition.segplan'
        ]);
        const document = scopesOf('    document Ports "ACME Port Reference" publisher "ACME" edition "v9" url "https://docs.example.com"');
        assert.deepStrictEqual(document.filter((s) => /keyword/.test(s)), [
            'document=keyword.other.segplan', 'publisher=keyword.other.segplan', 'edition=keyword.other.segplan', 'url=keyword.other.segplan'
        ]);
    });

    it('colours a deny statement like an allow rule, and a guardrail switched on', () => {
        assert.deepStrictEqual(scopesOf('deny prod -> repo tcp 22, 2500-3300 "never"').filter((s) => /constant|support|keyword/.test(s)), [
            'deny=keyword.control.deny.segplan', '->=keyword.operator.arrow.segplan', 'tcp=support.type.protocol.segplan',
            '22=constant.numeric.port.segplan', '2500=constant.numeric.port.segplan', '3300=constant.numeric.port.segplan'
        ]);
        assert.deepStrictEqual(scopesOf('use guardrail veeam.HardenedRepositorySsh'), [
            'use=keyword.other.segplan', 'guardrail=keyword.other.segplan', 'veeam=entity.name.namespace.segplan',
            '.=punctuation.accessor.segplan', 'HardenedRepositorySsh=entity.name.type.segplan'
        ]);
    });

    it('colours a port setting named instead of a number', () => {
        assert.deepStrictEqual(scopesOf('allow any -> gw tcp veeam.CloudConnectPort').slice(-4), [
            'tcp=support.type.protocol.segplan', 'veeam=entity.name.namespace.segplan',
            '.=punctuation.accessor.segplan', 'CloudConnectPort=variable.other.constant.port-setting.segplan'
        ]);
    });

    it('colours IPv4 and IPv6 addresses, CIDR prefixes and address ranges', () => {
        assert.deepStrictEqual(scopesOf('zone mgmt 10.0.0.0/24, 10.0.5.10-10.0.5.20, fd00::/64'), [
            'zone=storage.type.zone.segplan', 'mgmt=variable.other.constant.zone.segplan',
            '10.0.0.0=constant.numeric.ip-address.ipv4.segplan', '/=punctuation.separator.prefix.segplan',
            '24=constant.numeric.prefix-length.segplan', ',=punctuation.separator.comma.segplan',
            '10.0.5.10=constant.numeric.ip-address.ipv4.segplan', '-=punctuation.separator.range.segplan',
            '10.0.5.20=constant.numeric.ip-address.ipv4.segplan', ',=punctuation.separator.comma.segplan',
            'fd00::=constant.numeric.ip-address.ipv6.segplan', '/=punctuation.separator.prefix.segplan',
            '64=constant.numeric.prefix-length.segplan'
        ]);
    });

    it('colours the qualified component type of a placed component, and host names after `at`', () => {
        assert.deepStrictEqual(scopesOf('repo   : veeam.HardenedRepository in backup at backup01.corp.local os linux'), [
            'repo=variable.other.instance.segplan', ':=punctuation.separator.type.segplan',
            'veeam=entity.name.namespace.segplan', '.=punctuation.accessor.segplan',
            'HardenedRepository=entity.name.type.segplan', 'in=keyword.other.segplan', 'backup=',
            'at=keyword.other.at.segplan', 'backup01.corp.local=string.unquoted.hostname.segplan',
            'os=keyword.other.os.segplan', 'linux=constant.language.os.segplan'
        ]);
    });

    it('colours a host name after `at` as a host name whatever words its labels spell or however they start', () => {
        const line = 'p : veeam.Proxy in backup at host.example.com, zone.corp.example, any.example.net, tcp.lab, host.1.example.com, 10-0-0-1.example.net, 10.20.example.com, 10.20.0.5, fd00::/64 os linux managed by vbr';
        const scopes = scopesOf(line);
        for (const host of ['host.example.com', 'zone.corp.example', 'any.example.net', 'tcp.lab', 'host.1.example.com', '10-0-0-1.example.net', '10.20.example.com']) {
            assert.ok(scopes.includes(`${host}=string.unquoted.hostname.segplan`), `${host}: ${JSON.stringify(scopes)}`);
        }
        for (const expected of ['10.20.0.5=constant.numeric.ip-address.ipv4.segplan', 'fd00::=constant.numeric.ip-address.ipv6.segplan', 'os=keyword.other.os.segplan', 'linux=constant.language.os.segplan']) {
            assert.ok(scopes.includes(expected), `${expected}: ${JSON.stringify(scopes)}`);
        }
    });

    it('colours strings with escapes, and both kinds of comment', () => {
        const [line] = tokenize('plan "Site \\"A\\"" // note /* not a block */');
        const kinds = line.filter((t) => t.text.trim()).map((t) => t.scopes[0]);
        assert.deepStrictEqual([...new Set(kinds)], ['storage.type.plan.segplan', 'string.quoted.double.segplan', 'comment.line.double-slash.segplan']);
        assert.ok(line.some((t) => t.text === '\\"' && t.scopes.includes('constant.character.escape.segplan')));
        const block = tokenize('allow a -> b tcp 22 /* SSH\n only during setup */ "x"');
        assert.ok(block[1].some((t) => t.text.includes('only during setup') && t.scopes[0] === 'comment.block.segplan'));
        assert.ok(block[1].some((t) => t.text === 'x' && t.scopes[0] === 'string.quoted.double.segplan'));
    });

    it('colours catalog declarations: vendors, component types, features, port settings, conditions', () => {
        const lines = tokenize([
            'vendor acme "ACME" scope site {',
            '    abstract component Server "S" is infra.AdminWorkstation',
            '    port AgentPort 10000 "Agent port"',
            '    flow Server -> Agent tcp AgentPort, 80 "purpose" install-only',
            '        source "doc.txt" "Section 1" row 3',
            '}'
        ].join('\n'));
        const flat = lines.flat().filter((t) => t.text.trim()).map((t) => `${t.text.trim()}=${t.scopes[t.scopes.length - 1]}`);
        for (const expected of [
            'acme=entity.name.namespace.segplan', 'site=constant.language.scope.segplan',
            'Server=entity.name.type.component.segplan', 'AdminWorkstation=entity.name.type.segplan',
            'AgentPort=variable.other.constant.port-setting.segplan', '10000=constant.numeric.port.segplan',
            'Agent=entity.name.type.segplan', '80=constant.numeric.port.segplan',
            'install-only=entity.other.attribute-name.condition.segplan', '3=constant.numeric.integer.row.segplan'
        ]) assert.ok(flat.includes(expected), `${expected} not among ${JSON.stringify(flat)}`);
    });

    it('colours a name spelt like a word of the language (`deny`, `require`, `database`) as a name, and the word where it is the word', () => {
        const keywordOrHost = /keyword|hostname|entity\.name\.type/;
        const notWords = (line: string, names: string[]) => {
            const scopes = scopesOf(line);
            // The tokens with the word among theirs (text without a scope of its own comes as one token).
            for (const name of names) {
                const tokens = scopes.filter((s) => s.slice(0, s.lastIndexOf('=')).split(/\s+/).includes(name));
                assert.ok(tokens.length > 0 && tokens.every((s) => !keywordOrHost.test(s)), `${name} in ${JSON.stringify(line)}: ${JSON.stringify(scopes)}`);
            }
            return scopes;
        };
        notWords('allow deny, guardrail -> quote, require, document tcp 22', ['deny', 'guardrail', 'quote', 'require', 'document']);
        const deny = notWords('deny require -> deny, publisher tcp 3389 "never"', ['require', 'publisher']);
        assert.equal(deny[0], 'deny=keyword.control.deny.segplan');
        const require = notWords('require require -> seed, url tcp 22 "admins"', ['seed', 'url']);
        assert.equal(require[0], 'require=keyword.control.allow.segplan');
        assert.ok(!require[1].includes('keyword'), require[1]);
        const component = notWords('deny : veeam.Proxy in guardrail at database.corp.local managed by quote, edition', ['guardrail', 'managed', 'by', 'quote', 'edition']);
        assert.ok(component.includes('deny=variable.other.instance.segplan'), JSON.stringify(component));
        assert.ok(component.includes('database.corp.local=string.unquoted.hostname.segplan'), JSON.stringify(component));
        notWords('repo : veeam.Repository in backup at 10.0.0.1 os linux database monitors writes to per', ['database', 'monitors', 'writes', 'per']);
        assert.deepStrictEqual(scopesOf('zone guardrail 10.0.0.0/24').slice(0, 2), ['zone=storage.type.zone.segplan', 'guardrail=variable.other.constant.zone.segplan']);
        // The words where they are the words: a catalog's guardrail, its deny and quote, a document's parts.
        const catalog = tokenize([
            '    guardrail LabIsolated "Lab isolated"',
            '        deny SureBackupLab <-> vmware.VCenter any',
            '        source Doc "Section" quote "isolated"',
            '    document Doc "Title" publisher "P" edition "1" url "u" seed "s.md"'
        ].join('\n')).flat().filter((t) => t.text.trim()).map((t) => `${t.text.trim()}=${t.scopes[t.scopes.length - 1]}`);
        for (const expected of ['guardrail=keyword.other.segplan', 'LabIsolated=entity.name.type.segplan', 'deny=keyword.control.deny.segplan', 'quote=keyword.other.segplan',
            'document=keyword.other.segplan', 'publisher=keyword.other.segplan', 'edition=keyword.other.segplan', 'url=keyword.other.segplan', 'seed=keyword.other.segplan']) {
            assert.ok(catalog.includes(expected), `${expected} not among ${JSON.stringify(catalog)}`);
        }
    });

    it('every port number of every shipped catalog flow is coloured as a port', () => {
        const dir = resolve('language/vendor-catalogs');
        let checked = 0;
        for (const name of readdirSync(dir).filter((f) => f.endsWith('.segplan'))) {
            const lines = readFileSync(resolve(dir, name), 'utf8').split('\n');
            const tokens = tokenize(lines.join('\n'));
            lines.forEach((line, i) => {
                // `flow A -> B tcp 135, 137-139 "purpose"`: the numbers between protocol and purpose.
                const m = /^\s*flow\b.*?\b(?:tcp\/udp|tcp|udp)\s+([\d\s,+-]+?)\s*(?:"|[A-Za-z])/.exec(line);
                if (!m) return;
                for (const number of m[1].match(/\d+/g) ?? []) {
                    const token = tokens[i].find((t) => t.text === number);
                    assert.ok(token?.scopes.includes('constant.numeric.port.segplan'), `${name}:${i + 1}: ${number} is ${token?.scopes.join(' ') ?? 'not a token'}`);
                    checked++;
                }
            });
        }
        assert.ok(checked > 100, `only ${checked} ports checked`);
    });
});
