import type { LangiumDocument } from 'langium';
import { queryTraffic, resolveQueryEndpoint, type QueryAnswer, type QueryEndpoint } from '../../language/analysis/traffic-query.js';
import { renderQueryAnswer } from '../../language/analysis/render-query.js';
import { planErrors } from '../../language/emit/generate.js';
import type { SegplanCoreServices } from '../../language/segplan-core-module.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

/** The protocol and port of a question as written, or a usage error saying what is wrong with them. */
export function protocolAndPort(protocol: string, portText: string): { protocol: 'tcp' | 'udp'; port: number } {
    if (protocol !== 'tcp' && protocol !== 'udp') throw new UsageError(`The protocol must be tcp or udp, not '${protocol}'.`);
    const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`The port must be a number from 1 to 65535, not '${portText}'.`);
    return { protocol, port };
}

/** A question: two ends as written (zones, components or addresses), a protocol and a port. */
export interface TrafficQuestionText {
    readonly from: string;
    readonly to: string;
    readonly protocol: string;
    readonly port: string;
}

/**
 * The answer to a question about a plan: the question read against the plan (a usage error when it
 * cannot be), the answer, its JSON and text as `segplan query` prints them, and the plan's errors
 * (the answer holds for the plan as far as it could be read).
 */
export function answerTrafficQuestion(services: SegplanCoreServices, document: LangiumDocument, question: TrafficQuestionText) {
    const { protocol, port } = protocolAndPort(question.protocol, question.port);
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    const end = (text: string): QueryEndpoint => {
        const resolved = resolveQueryEndpoint(analysis.plan, text);
        if ('problem' in resolved) throw new UsageError(`${resolved.problem}.`);
        return resolved;
    };
    const from = end(question.from), to = end(question.to);
    const errors = planErrors(services, document);
    const answer: QueryAnswer = queryTraffic(analysis, analyzer.catalog(), { from, to, protocol, port, today: new Date().toISOString().slice(0, 10) });
    return {
        answer, errors,
        json: { from: from.text, to: to.text, protocol, port, ...answer },
        text: renderQueryAnswer({ from, to, protocol, port }, answer)
    };
}

/**
 * `segplan query <plan> <from> <to> <tcp|udp> <port> [--json]`: may this traffic pass? The allow
 * rules that let it through, the denies that forbid it, the required flows that need it. Exit 0
 * when the plan allows all of it, 1 when it does not (denied, partly or not allowed), 2 when it
 * cannot tell (a deny it could not read may forbid it) and for usage or I/O errors.
 */
export async function queryCommand(targets: string[], json: boolean): Promise<number> {
    if (targets.length !== 5) throw new UsageError('segplan query needs a plan, two ends, a protocol and a port: segplan query <plan> <from> <to> tcp|udp <port>.');
    const [file, from, to, protocol, port] = targets;
    // The question's own words are checked before the plan is read.
    protocolAndPort(protocol, port);
    const { services, documents } = await loadWorkspace([file]);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${file} is not a plan: a plan file starts with plan "<name>".`);
    const result = answerTrafficQuestion(services, document, { from, to, protocol, port });
    if (result.errors.length > 0) process.stderr.write(`segplan: warning: ${displayPath(document)} has ${result.errors.length} error(s); the answer holds for the plan as far as it could be read.\n`);
    process.stdout.write(json ? JSON.stringify(result.json, null, 2) + '\n' : result.text);
    return result.answer.verdict === 'allowed' ? 0 : result.answer.verdict === 'cannot-tell' ? 2 : 1;
}
