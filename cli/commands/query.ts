import { queryTraffic, resolveQueryEndpoint, type QueryAnswer, type QueryEndpoint } from '../../language/analysis/traffic-query.js';
import { renderQueryAnswer } from '../../language/analysis/render-query.js';
import { planErrors } from '../../language/emit/generate.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

/**
 * `segplan query <plan> <from> <to> <tcp|udp> <port> [--json]`: may this traffic pass? The allow
 * rules that let it through, the denies that forbid it, the required flows that need it. Exit 0
 * when the plan allows all of it, 1 when it does not (denied, partly or not allowed), 2 when it
 * cannot tell (a deny it could not read may forbid it) and for usage or I/O errors.
 */
export async function queryCommand(targets: string[], json: boolean): Promise<number> {
    if (targets.length !== 5) throw new UsageError('segplan query needs a plan, two ends, a protocol and a port: segplan query <plan> <from> <to> tcp|udp <port>.');
    const [file, fromText, toText, protocol, portText] = targets;
    if (protocol !== 'tcp' && protocol !== 'udp') throw new UsageError(`The protocol must be tcp or udp, not '${protocol}'.`);
    const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`The port must be a number from 1 to 65535, not '${portText}'.`);
    const { services, documents } = await loadWorkspace([file]);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${file} is not a plan: a plan file starts with plan "<name>".`);
    const analysis = analyzer.analysis(document);
    const end = (text: string): QueryEndpoint => {
        const resolved = resolveQueryEndpoint(analysis.plan, text);
        if ('problem' in resolved) throw new UsageError(`${resolved.problem}.`);
        return resolved;
    };
    const from = end(fromText), to = end(toText);
    const errors = planErrors(services, document);
    if (errors.length > 0) process.stderr.write(`segplan: warning: ${displayPath(document)} has ${errors.length} error(s); the answer holds for the plan as far as it could be read.\n`);
    const answer: QueryAnswer = queryTraffic(analysis, analyzer.catalog(), { from, to, protocol, port, today: new Date().toISOString().slice(0, 10) });
    process.stdout.write(json ? JSON.stringify({ from: from.text, to: to.text, protocol, port, ...answer }, null, 2) + '\n' : renderQueryAnswer({ from, to, protocol, port }, answer));
    return answer.verdict === 'allowed' ? 0 : answer.verdict === 'cannot-tell' ? 2 : 1;
}
