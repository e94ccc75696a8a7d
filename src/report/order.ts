import type { Finding } from '../model/finding.js';
import { SEVERITIES } from './severity.js';

/** Code-unit order, the same on every machine (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File, line, column, rule, message: a total, locale-independent order. */
export function compareByLocation(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.range.line - b.range.line ||
    a.range.column - b.range.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

/** Errors first, then warnings, then info; by location within a severity. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareByLocation(a, b);
}

/** A sorted copy: formatters never reorder the caller's array. */
export function sortFindings(findings: readonly Finding[], compare: (a: Finding, b: Finding) => number = compareByLocation): Finding[] {
  return [...findings].sort(compare);
}

/** Groups items by key, keeping the order in which keys and items first appear. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
