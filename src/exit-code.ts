import type { Finding, Severity } from './model/finding.js';

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

export interface Verdict {
  code: number;
  /** Warnings over `maxWarnings`, said on standard error whatever the output shows (`--quiet` hides them). */
  tooManyWarnings?: { count: number; max: number };
}

/**
 * The outcome of a completed scan. Every finding counts by its severity, a skipped file's included:
 * a file left unchecked (a Helm template, a file over the size limit) is a warning, so that
 * `--max-warnings 0` or `failOn: warning` fails a run that did not check everything. `info`
 * findings are neither errors nor warnings: only `failOn: info` makes them fail a run.
 */
export function verdictFor(findings: readonly Finding[], policy: FailurePolicy): Verdict {
  const judged = findings;
  const warnings = judged.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = policy.maxWarnings !== undefined && warnings > policy.maxWarnings ? { count: warnings, max: policy.maxWarnings } : undefined;
  const failed = judged.some((f) => RANK[f.severity] >= RANK[policy.failOn]) || tooManyWarnings !== undefined;
  return { code: failed ? EXIT_FINDINGS : EXIT_OK, ...(tooManyWarnings ? { tooManyWarnings } : {}) };
}

/** Exit code for a completed scan. */
export function exitCodeFor(findings: readonly Finding[], policy: FailurePolicy): number {
  return verdictFor(findings, policy).code;
}
