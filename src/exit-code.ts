import { type Finding, SKIPPED_FILE, type Severity } from './model/finding.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

export interface FailurePolicy {
  /** The lowest severity that fails the run (default `error`). */
  failOn: Severity;
  /** Fail when there are more warnings than this. */
  maxWarnings?: number;
}

/** Exit code for a completed scan. Notes about skipped files never fail a run. */
export function exitCodeFor(findings: readonly Finding[], policy: FailurePolicy): number {
  const judged = findings.filter((f) => f.ruleId !== SKIPPED_FILE);
  if (judged.some((f) => RANK[f.severity] >= RANK[policy.failOn])) return EXIT_FINDINGS;
  const warnings = judged.filter((f) => f.severity === 'warning').length;
  if (policy.maxWarnings !== undefined && warnings > policy.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
