import { GrammarUtils, type ValidationAcceptor } from 'langium';
import { isAllowRule, isDenyRule, type PortItem, type PortOverride, type PortSetting } from '../generated/ast.js';
import { isPortNumber, MAX_PORT, parsePortText, portRangeError } from '../model/ports.js';

export const INVALID_PORT = 'invalid-port';

export function checkPortItem(item: PortItem, accept: ValidationAcceptor): void {
    if (item.value === undefined) return;
    const text = String(item.value);
    const parsed = parsePortText(text);
    if ('error' in parsed) {
        accept('error', parsed.error, { node: item, property: 'value', code: INVALID_PORT, data: { code: INVALID_PORT } });
    } else if (parsed.openEnded && (isAllowRule(item.$container) || isDenyRule(item.$container))) {
        const rule = isAllowRule(item.$container) ? 'an allow rule' : 'a deny';
        accept('error', `'${text}' is how vendors describe a port range that grows; ${rule} needs a real range such as ${parsed.range.from}-${Math.min(parsed.range.from + 9, MAX_PORT)}.`,
            { node: item, property: 'value', code: INVALID_PORT, data: { code: INVALID_PORT } });
    }
}

/** The number as the user wrote it: the parsed INT of `99999999999999999999` is 1e20. */
function writtenNumber(node: PortOverride | PortSetting, property: 'port' | 'default'): string | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, property)?.text;
}

/** `set veeam.CloudConnectPort = 70000`: every emitted rule would carry a port no firewall takes. */
export function checkPortOverride(override: PortOverride, accept: ValidationAcceptor): void {
    const written = writtenNumber(override, 'port');
    if (written !== undefined && !isPortNumber(written)) {
        accept('error', portRangeError(written), { node: override, property: 'port', code: INVALID_PORT, data: { code: INVALID_PORT } });
    }
}

/** A vendor's port setting: its default is what every flow that names it uses. */
export function checkPortSettingDefault(setting: PortSetting, accept: ValidationAcceptor): void {
    const written = writtenNumber(setting, 'default');
    if (written !== undefined && !isPortNumber(written)) {
        accept('error', portRangeError(written), { node: setting, property: 'default', code: INVALID_PORT, data: { code: INVALID_PORT } });
    }
}
