import { PlanTooLargeError } from '../../language/analysis/analysis-budget.js';
import { describeIoError, IoError } from '../io-error.js';
import { UsageError } from '../usage-error.js';
import type { CallToolResult } from './mcp-sdk.js';

/** An input a tool cannot answer for (no plan, two plans, a folder, a name the plan lacks): a tool error with this message. */
export class ToolInputError extends Error { }

/** An answer: the text a reader (or a model) reads, and the same facts as structured content. */
export function toolAnswer(text: string, structured: Record<string, unknown>): CallToolResult {
    return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A tool error (`isError`): what was wrong, in the words the CLI uses for the same mistake. */
export function toolError(message: string): CallToolResult {
    return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool, and answers with a tool error for anything it could not do: a bad input, a file that
 * cannot be read, a plan too large to analyse — and an internal failure, which says so (it is never
 * an empty answer). The server keeps serving in every case.
 */
export async function answering(run: () => CallToolResult | Promise<CallToolResult>, log: (text: string) => void): Promise<CallToolResult> {
    try {
        return await run();
    } catch (error) {
        if (error instanceof ToolInputError || error instanceof UsageError || error instanceof IoError) return toolError(error.message);
        if (error instanceof PlanTooLargeError) return toolError(`SegPlan stopped: ${error.message}.`);
        const io = describeIoError(error);
        if (io) return toolError(io);
        const message = error instanceof Error ? error.message : String(error);
        log(`segplan mcp: internal error: ${error instanceof Error && error.stack ? error.stack : message}\n`);
        return toolError(`SegPlan failed inside (internal error: ${message}). Nothing was answered; please report this.`);
    }
}
