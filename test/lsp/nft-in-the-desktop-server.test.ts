// The desktop's server process runs the language server bundle built for the browser and hands it
// nft (server/main.ts): an audit of nftables ruleset text in the editor is read by nft, as the
// CLI reads it, and nft's refusal keeps its line — it is the configuration's fault, not SegPlan's.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { startStdioSession, type StdioSession } from './stdio-session.js';

describe('nftables ruleset text in the desktop language server', function () {
    this.timeout(300000);
    let session: StdioSession;
    const audit = async (text: string) => (await session.connection.sendRequest('workspace/executeCommand', {
        command: 'segplan.server.auditConfig',
        arguments: [{ uri: session.fileUri('plan.segplan'), config: { uri: session.fileUri('fw.nft'), name: 'fw.nft', text }, maps: [] }]
    })) as { kind: string; message?: string; summary?: string };
    const ruleset = 'flush ruleset\n\ntable ip fw {\n    chain routed {\n        type filter hook forward priority 0; policy drop;\n        ip daddr 10.0.2.0/24 drop\n    }\n}\n';

    before(async () => {
        session = await startStdioSession({ files: { 'plan.segplan': readFileSync('examples/veeam-reference.segplan', 'utf8') } });
    });
    after(async () => {
        await session?.stop();
    });

    it('is read by nft', async () => {
        const result = await audit(ruleset);
        assert.equal(result.kind, 'audited', JSON.stringify(result).slice(0, 500));
    });

    it('a refusal of nft is an error of the file, at its line', async () => {
        const result = await audit(ruleset.replace('drop\n    }', 'frobnicate\n    }'));
        assert.equal(result.kind, 'error', JSON.stringify(result).slice(0, 500));
        assert.match(result.message ?? '', /^nft cannot read fw\.nft \(line 6\)/);
    });
});
