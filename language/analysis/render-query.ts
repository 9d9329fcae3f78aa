import type { PlanLine } from './plan-line.js';
import type { QueryAnswer, QueryEndpoint, QueryVerdict } from './traffic-query.js';

/** A query's answer as lines for a terminal or the editor's output: verdict first, then why. */

const VERDICTS: Record<QueryVerdict, string> = {
    allowed: 'ALLOWED: the allow rules let all of it through and no deny forbids it',
    'partly-allowed': 'PARTLY ALLOWED: the allow rules let only part of the addresses through',
    'not-allowed': 'NOT ALLOWED: no allow rule lets it through',
    denied: 'DENIED: a deny forbids it, whatever the allow rules say',
    'cannot-tell': 'CANNOT TELL: the allow rules let it through, but a deny SegPlan could not read may forbid it (fix the deny, then ask again)'
};

const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
const at = (where: PlanLine) => `${where.file}:${where.line}: ${where.text}`;

export function renderQueryAnswer(q: { from: QueryEndpoint; to: QueryEndpoint; protocol: string; port: number }, answer: QueryAnswer): string {
    const out = [`${q.from.text} -> ${q.to.text} ${q.protocol} ${q.port}: ${VERDICTS[answer.verdict]}`];
    out.push(answer.allows.length ? 'Allow rules:' : 'Allow rules: none');
    for (const a of answer.allows) out.push(`  ${a.expired ? `expired ${a.expired}` : a.whole ? 'all of it' : 'part of it'}  ${at(a.where)}`);
    out.push(answer.denies.length ? 'Denied by:' : 'Denied by: none');
    for (const d of answer.denies) out.push(`  ${d.whole ? 'all of it' : 'part of it'}${d.guardrail ? ` (guardrail ${d.guardrail})` : ''}  ${at(d.where)}`);
    if (answer.unread.length) out.push('Denies not read, which may forbid it:');
    for (const u of answer.unread) out.push(`  ${at(u.where)}  (this deny ${u.why})`);
    out.push(answer.flows.length ? 'Required flows that need it:' : 'Required flows that need it: none');
    for (const f of answer.flows) {
        out.push(`  ${f.status.padEnd(9)} ${f.from} -> ${f.to} ${f.protocol} ${f.ports}  ${f.purpose}${f.vendors.length ? ` [${f.vendors.join(', ')}]` : ''}`);
        for (const c of f.citations) out.push(`            ${c}`);
    }
    return out.map(oneLine).join('\n') + '\n';
}
