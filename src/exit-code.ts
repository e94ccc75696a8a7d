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

/**
 * Exit code for a completed scan. Every finding counts by its severity, a skipped file's included:
 * a file left unchecked (a Helm template, a file over the size limit) is a warning, so that
 * `--max-warnings 0` or `failOn: warning` fails a run that did not check everything.
 */
export function exitCodeFor(findings: readonly Finding[], policy: FailurePolicy): number {
  if (findings.some((f) => RANK[f.severity] >= RANK[policy.failOn])) return EXIT_FINDINGS;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (policy.maxWarnings !== undefined && warnings > policy.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
