import type { Finding, Severity } from '../model/finding.js';

/** Severities from the most to the least severe: the order of every per-severity listing. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** SARIF `level`. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** GitHub code scanning's `security-severity` score (high, medium, low). */
export const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };

/** GitHub workflow command, and problem-matcher severity. */
export const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

const NOUNS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] };

/** `1 error`, `2 warnings`, `3 info`. */
export function countLabel(severity: Severity, count: number): string {
  return `${count} ${NOUNS[severity][count === 1 ? 0 : 1]}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
