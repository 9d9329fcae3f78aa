import type { CallToolResult, ToolAnnotations } from './mcp-sdk.js';

/** What the tools of one server share: whether it may write, how it answers and where it logs. */
export interface ToolContext {
    /** `segplan mcp --allow-writes`: generate_rules may write its output beside the plan it was given. */
    readonly allowWrites: boolean;
    /** The annotations of a tool that reads only. */
    readonly readOnly: ToolAnnotations;
    /** Runs a tool; what it could not do becomes a tool error (see answering). */
    answer(run: () => CallToolResult | Promise<CallToolResult>): Promise<CallToolResult>;
}
