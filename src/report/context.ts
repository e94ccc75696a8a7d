import type { Rule } from '../engine/rule.js';
import type { Finding } from '../model/finding.js';

/** What every formatter receives. Formatters are pure functions of it. */
export interface ReportContext {
  findings: readonly Finding[];
  /**
   * Findings a suppression in the source covers (`LintReport.suppressed`). Only the formats that
   * can mark a result as suppressed show them (SARIF, JSON); the others leave them out.
   */
  suppressed?: readonly Finding[];
  /** Every scanned file, absolute. */
  files: readonly string[];
  rules: readonly Rule[];
  /** Base for relative paths in the output. */
  cwd: string;
  version: string;
  /** Human formats only: write terminal colour codes (report/color.ts decides). Plain by default. */
  color?: boolean;
}

export type Formatter = (context: ReportContext) => string | Promise<string>;
