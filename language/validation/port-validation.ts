import type { ValidationAcceptor } from 'langium';
import { isAllowRule, type PortItem } from '../generated/ast.js';
import { parsePortText } from '../model/ports.js';

export const INVALID_PORT = 'invalid-port';

export function checkPortItem(item: PortItem, accept: ValidationAcceptor): void {
    if (item.value === undefined) return;
    const text = String(item.value);
    const parsed = parsePortText(text);
    if ('error' in parsed) {
        accept('error', parsed.error, { node: item, property: 'value', code: INVALID_PORT, data: { code: INVALID_PORT } });
    } else if (parsed.openEnded && isAllowRule(item.$container)) {
        accept('error', `'${text}' is how vendors describe a port range that grows; an allow rule needs a real range such as ${parsed.range.from}-${parsed.range.from + 9}.`,
            { node: item, property: 'value', code: INVALID_PORT, data: { code: INVALID_PORT } });
    }
}
