/** The programmatic API: `lint(paths)` gives the same findings the CLI prints. */
export { lint, type LintOptions, type LintReport } from './lint.js';
export { loadRules, RuleLoadError } from './engine/load-rules.js';
export type { Rule, RuleDefinition } from './engine/rule.js';
export type { Finding, Severity } from './model/finding.js';
export type { Range } from './model/range.js';
export type { Format, Resource, ResourceKind } from './model/resource.js';
export {
  applyBaseline,
  type Baseline,
  type BaselineEntry,
  BaselineError,
  type BaselineResult,
  createBaseline,
  filterByBaseline,
  readBaseline,
  writeBaseline,
} from './engine/baseline.js';
export type { FindingSuppression, SuppressionSource } from './model/suppression.js';
