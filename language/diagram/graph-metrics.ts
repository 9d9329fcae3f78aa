import type { GraphComponent, GraphZone } from './plan-graph.js';

/**
 * Sizes the layout reserves and the renderers draw into: shared, so boxes fit what they hold
 * without a browser to measure text (the CLI has none). No layout engine here: the webview imports it.
 */

/** Widths per character err on the wide side (DejaVu Sans, measured in Chromium: bold 12 px ≈ 7.4, 11 px ≈ 6.1). */
export const TEXT = {
    font: '12px "Segoe UI", "DejaVu Sans", Arial, sans-serif',
    charWidth: 8.0,
    smallCharWidth: 6.8,
    lineHeight: 16
} as const;

export const COMPONENT_HEIGHT = 46;
/** Room for a container's title above its content. */
export const CONTAINER_TITLE = 28;
const MAX_LABEL_CHARS = 38;

export function textWidth(text: string, small = false): number {
    return Math.ceil(text.length * (small ? TEXT.smallCharWidth : TEXT.charWidth));
}

/** Edge labels are cut to a readable length; the full text is in the tooltip. */
export function shortLabel(label: string): string {
    return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

export function componentWidth(c: GraphComponent): number {
    // 28 px for the vendor mark on the left, padding on the right.
    return Math.max(120, 28 + 12 + Math.max(textWidth(c.name), textWidth(c.typeName, true)));
}

export function zoneSummary(z: GraphZone): string {
    return `${z.components} component${z.components === 1 ? '' : 's'}`;
}
