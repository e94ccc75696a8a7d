import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LintOptions, type LintReport, lint } from '../../src/lint.js';
import type { Finding } from '../../src/model/finding.js';
import { rulesOnly } from './rules.js';

export const SUPPRESSION_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'suppressions');
/** The rules the suppression fixtures were written for; the catalogue's others would add findings of their own. */
export const rules = rulesOnly(
  'eks-audit-logging-disabled',
  'eks-public-endpoint-unrestricted',
  'eks-secrets-not-encrypted',
  'image-registry-not-allowed',
  'namespace-without-network-policy',
  'privileged-container',
);

/** `rule-id@line`, the shape the suppression tests compare. */
export function key(f: Pick<Finding, 'ruleId' | 'range'>): string {
  return `${f.ruleId}@${f.range.line}`;
}

export function at(ruleId: string, line: number): string {
  return `${ruleId}@${line}`;
}

/**
 * The 1-based line of the `occurrence`-th line of a fixture that contains `needle`, plus `offset`:
 * expected lines are found by content, so fixtures can be edited without renumbering the tests.
 */
export function lineOf(fixture: string, needle: string, occurrence = 1, offset = 0): number {
  const lines = readFileSync(join(SUPPRESSION_FIXTURES, fixture), 'utf8').split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').includes(needle) && ++seen === occurrence) return i + 1 + offset;
  }
  throw new Error(`${fixture}: fewer than ${occurrence} lines contain ${JSON.stringify(needle)}`);
}

export interface Scan {
  report: LintReport;
  /** Reported findings, `rule@line`, sorted. */
  reported: string[];
  /** Suppressed findings, `rule@line`, sorted. */
  suppressed: string[];
}

export async function scan(fixture: string, options: LintOptions = {}): Promise<Scan> {
  const report = await lint([join(SUPPRESSION_FIXTURES, fixture)], { rules, cwd: SUPPRESSION_FIXTURES, ...options });
  return { report, reported: report.findings.map(key).sort(), suppressed: report.suppressed.map(key).sort() };
}

export function sorted(keys: string[]): string[] {
  return [...keys].sort();
}
