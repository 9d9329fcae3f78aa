// The layers of docs/architecture.md, enforced: a folder may import from the folders listed before
// it and from itself, never from one listed after it. So no import cycle between folders can
// form, and a wrong-way import fails `npm run lint`. Type-only imports are not counted: they
// vanish from the compiled code and carry no behaviour (tsPreCompilationDeps: false).
const ORDER = [
    // 1. model: the syntax tree's types (which Langium generates from the grammar), helpers, the network's values
    'language/generated', 'language/utils', 'language/network',
    // 2. the language: parsing, the workspace of documents, segplan.json, scopes
    'language/parser', 'language/config', 'language/workspace', 'language/scoping',
    // 3. catalog and plan
    'language/catalog', 'language/plan',
    // 4. analysis
    'language/analysis',
    // 5. checks and validation
    'language/checks', 'language/validation',
    // 6. rule sets, audit, diagram, diff, the edits that answer findings
    'language/emit', 'language/audit', 'language/diagram', 'language/diff', 'language/fixes',
    // 6b. the proof that a rule set allows exactly the plan (uses emit and audit)
    'language/verify',
    // 7. editor features
    'language/lsp',
    // 8. the modules that wire everything (language/*.ts), then the programs
    'language/[^/]+[.]ts$', 'server', 'cli', 'client'
];

const pathOf = (entry) => (entry.endsWith('$') ? `^${entry}` : `^${entry}/`);

module.exports = {
    forbidden: [
        {
            // The CLI's lean parser is one folder behind one service (LeanPlanParser, which only the
            // CLI's services provide): the rest of the language asks parser/node-position.ts where
            // a node is. The linker links the lean parser's references, and the modules wire it.
            name: 'lean-parser-behind-its-service',
            comment: 'only language/parser/, the linker and the modules may import the lean parser (docs/architecture.md#parse-routes)',
            severity: 'error',
            from: { pathNot: ['^language/parser/', '^language/workspace/segplan-linker[.]ts$', '^language/segplan-core-module[.]ts$', '^test/'] },
            to: { path: '^language/parser/lean/' }
        },
        {
            // The MCP SDK and its schema library are a bundle of their own, loaded by `segplan mcp`
            // only (esbuild.mjs): imported anywhere else, they would be read at every start of
            // every command, or land in the language server, the extension or a browser bundle.
            name: 'mcp-sdk-apart',
            comment: 'only cli/mcp/mcp-sdk.ts imports the MCP SDK and zod; everything else imports them from it (docs/mcp.md)',
            severity: 'error',
            from: { pathNot: ['^cli/mcp/mcp-sdk[.]ts$'] },
            to: { path: 'node_modules/(@modelcontextprotocol|zod)/' }
        },
        ...ORDER.slice(0, -1).map((from, i) => ({
        name: `layer-${from.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`,
        comment: `${from} sits below ${ORDER.slice(i + 1).join(', ')}: it must not import from them (docs/architecture.md)`,
        severity: 'error',
        from: { path: pathOf(from) },
        to: { path: ORDER.slice(i + 1).map(pathOf) }
    }))
    ],
    options: {
        tsPreCompilationDeps: false,
        tsConfig: { fileName: 'tsconfig.json' },
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '^(out|node_modules)/' }
    }
};
