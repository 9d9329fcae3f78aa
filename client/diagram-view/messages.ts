import type { PlanDiagram } from '../../language/diagram/plan-diagram.js';
import type { SourceLocation } from '../../language/diagram/plan-graph.js';

/** What the extension sends the view. */
export type ToView =
    | { readonly type: 'diagram'; readonly diagram: PlanDiagram; readonly zone?: string }
    | { readonly type: 'error'; readonly message: string }
    | { readonly type: 'cursor'; readonly uri: string; readonly line: number }
    /** Test hooks: report what is drawn; act on an element as a click would. */
    | { readonly type: 'snapshot'; readonly request: number }
    | { readonly type: 'click'; readonly id: string }
    | { readonly type: 'show'; readonly view: 'diagram' | 'matrix' };

/** What the view sends the extension. */
export type FromView =
    | { readonly type: 'ready' }
    | { readonly type: 'reveal'; readonly location: SourceLocation }
    | { readonly type: 'open-zone'; readonly zone?: string }
    | { readonly type: 'snapshot'; readonly request: number; readonly snapshot: DiagramSnapshot };

/** What is on screen, for tests and for screenshots' captions. */
export interface DiagramSnapshot {
    readonly view: 'diagram' | 'matrix';
    readonly level: 'component' | 'zone';
    readonly zones: readonly string[];
    readonly components: readonly string[];
    readonly edges: readonly { readonly id: string; readonly status: string; readonly stroke: string; readonly visible: boolean }[];
    readonly selected: readonly string[];
    readonly matrixCells: number;
    readonly theme: string;
}

/** What the language server answers `segplan.server.planDiagram` with. */
export type DiagramOutcome = ({ readonly kind: 'diagram'; readonly version?: number } & Record<string, unknown>) | { readonly kind: 'not-a-plan'; readonly message: string };

/** The message that shows an answer of the server in the view (the extension's panel and the playground's frame alike). */
export function viewMessageOf(outcome: DiagramOutcome, zone: string | undefined): ToView {
    if (outcome.kind !== 'diagram') return { type: 'error', message: outcome.message };
    const { kind: _kind, version: _version, ...diagram } = outcome;
    return { type: 'diagram', diagram: diagram as unknown as PlanDiagram, zone };
}
