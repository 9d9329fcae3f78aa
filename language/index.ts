// The language package: grammar services, catalogs, the analysis core. No `vscode` import here.
export * from './segplan-module.js';
export * from './generated/ast.js';
export * from './network/ports.js';
export * from './network/addresses.js';
export * from './catalog/catalog-model.js';
export * from './plan/plan-model.js';
export * from './analysis/required-flows.js';
export * from './analysis/coverage.js';
export * from './analysis/finding.js';
export * from './analysis/flow-findings.js';
export * from './analysis/rule-findings.js';
export * from './analysis/analyze-plan.js';
export * from './analysis/plan-analyzer.js';
export * from './workspace/builtin-catalogs.js';
export * from './workspace/plan-imports.js';
