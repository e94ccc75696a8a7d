import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/engine/load-rules.js';
import { type LintOptions, type LintReport, lint } from '../../src/lint.js';
import type { Finding } from '../../src/model/finding.js';

export const SUPPRESSION_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'suppressions');
/**
 * The rules the suppression fixtures were written for; other rules' findings on them (a container
 * without resource limits, say) are beside the point of these tests.
 */
const SUPPRESSION_RULES = new Set([
  'eks-audit-logging-disabled',
  'eks-public-endpoint-unrestricted',
  'eks-secrets-not-encrypted',
  'image-registry-not-allowed',
  'namespace-without-network-policy',
  'privileged-container',
]);
export const rules = loadRules().filter((r) => SUPPRESSION_RULES.has(r.id));

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
