import type { ValidationAcceptor } from 'langium';
import type { ComponentType, Flow, FlowEndpoint, Instance } from '../generated/ast.js';

export const SAID_TWICE = 'said-twice';

/** The settings that may appear in any order after a component, a type, a flow or a flow endpoint, and the words that introduce them. */
const ONCE: Record<string, Record<string, string>> = {
    Instance: { os: 'os', platform: 'on', nat: 'behind nat', localDatabase: 'local database' },
    ComponentType: { os: 'os', description: 'about' },
    FlowEndpoint: { os: 'os' },
    Flow: { scope: 'scope' }
};

/**
 * `os windows … os linux`: the grammar keeps every occurrence so that a second one is reported
 * here instead of silently replacing the first.
 */
/** ONCE as lists, made once: this check runs for every component of a plan. */
const ONCE_LISTS: Record<string, ReadonlyArray<readonly [property: string, word: string]>>
    = Object.fromEntries(Object.entries(ONCE).map(([type, words]) => [type, Object.entries(words)]));

export function checkSaidOnce(node: Instance | ComponentType | FlowEndpoint | Flow, accept: ValidationAcceptor): void {
    const settings = ONCE_LISTS[node.$type] ?? [];
    for (let i = 0; i < settings.length; i++) {
        // Read by index: destructuring a list steps an iterator, once per component in code run for the first time.
        const property = settings[i][0], word = settings[i][1];
        const values = (node as unknown as Record<string, unknown>)[property];
        if (!Array.isArray(values) || values.length < 2) continue;
        accept('error', `\`${word}\` is given ${values.length} times here; say it once (SegPlan would not know which one counts).`,
            { node, property, index: 1, code: SAID_TWICE, data: { code: SAID_TWICE } });
    }
}
