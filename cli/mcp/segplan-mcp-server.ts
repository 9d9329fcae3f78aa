import { registerCatalogTools } from './catalog-tools.js';
import { registerFixTools } from './fix-tools.js';
import { McpServer } from './mcp-sdk.js';
import { registerPlanTools } from './plan-tools.js';
import { BuiltinCatalog, registerResources, type ResourceSources } from './resources.js';
import { registerRuleTools } from './rule-tools.js';
import { answering } from './tool-result.js';
import type { ToolContext } from './tool-context.js';

export interface SegplanMcpOptions extends ResourceSources {
    readonly version: string;
    /** `--allow-writes`: generate_rules may write its rules beside the plan it was given. Off: no tool writes. */
    readonly allowWrites: boolean;
    /** Where the server says what went wrong inside it (standard error: standard output is the protocol's). */
    readonly log: (text: string) => void;
    /** The built-in catalogs, read once for every server of the process. */
    readonly catalog?: BuiltinCatalog;
}

const INSTRUCTIONS = `SegPlan checks network segmentation plans (.segplan files) for backup and disaster-recovery products (Veeam, Zerto, Acronis, Zero Networks): `
    + `which flows each component needs (from the vendors' own documents, each cited), which of them the plan's allow rules let through, and the firewall `
    + `rules that follow. Answer port and firewall questions from these tools, not from memory, and cite the documents they name. `
    + `Every tool that takes a plan takes it as \`path\` (a file) or \`text\` (its content). component_flows answers "which ports does a <component> need" `
    + `without a plan. Nothing here changes a plan: propose_fixes returns edits for you or the engineer to apply.`;

/**
 * SegPlan's MCP server: tools that answer from a plan checked as the CLI checks it (the same code
 * paths, so the answers are the CLI's), and resources for the catalogs and the findings reference.
 */
export function segplanMcpServer(options: SegplanMcpOptions): McpServer {
    const server = new McpServer({ name: 'segplan', title: 'SegPlan', version: options.version }, { instructions: INSTRUCTIONS });
    const context: ToolContext = {
        allowWrites: options.allowWrites,
        readOnly: { readOnlyHint: true, openWorldHint: false },
        answer: run => answering(run, options.log)
    };
    registerPlanTools(server, context);
    registerCatalogTools(server, context);
    registerFixTools(server, context);
    registerRuleTools(server, context);
    registerResources(server, options.catalog ?? new BuiltinCatalog(), options);
    return server;
}
