import type { ValidationAcceptor } from 'langium';
import type { Guardrail } from '../generated/ast.js';
import { isGuardrailPort } from '../catalog/catalog-model.js';

/** A guardrail's port that is not a number or a range (a setting, `N+`, `per`): what it denies would be a guess. */
export const GUARDRAIL_PORT = 'guardrail-port';
/** A guardrail citation without the seed's own words: a guardrail says only what its document says. */
export const GUARDRAIL_WITHOUT_QUOTE = 'guardrail-without-quote';

export function checkGuardrail(guardrail: Guardrail, accept: ValidationAcceptor): void {
    for (const deny of guardrail.denies) {
        for (const item of deny.ports) {
            if (isGuardrailPort(item)) continue;
            accept('error', 'A guardrail denies port numbers and ranges as its document writes them: not a port setting, an open range (`N+`) or a count per component.',
                { node: item, code: GUARDRAIL_PORT, data: { code: GUARDRAIL_PORT } });
        }
    }
    guardrail.sources.forEach((citation, index) => {
        if (citation.quote !== undefined && citation.quote.trim() !== '') return;
        accept('error', 'A guardrail quotes the words of its document it rests on: add `quote "…"` to this source.',
            { node: guardrail, property: 'sources', index, code: GUARDRAIL_WITHOUT_QUOTE, data: { code: GUARDRAIL_WITHOUT_QUOTE } });
    });
}
