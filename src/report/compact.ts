import type { Finding } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { escapeControl, oneLine } from './text.js';

/**
 * `path:line:col: severity message [rule-id]`: the path relative to cwd (absolute outside it),
 * severity `error`, `warning` or `info`, the message on one line with control characters shown
 * as escapes. The problem matchers in `problem-matchers/` parse exactly this.
 */
export function compactLine(finding: Finding, cwd: string): string {
  const { line, column } = finding.range;
  const message = oneLine(finding.message) || '(no message)';
  return `${escapeControl(displayPath(finding.file, cwd))}:${line}:${column}: ${finding.severity} ${message} [${oneLine(finding.ruleId)}]`;
}

/** One line per finding, in file/line order, no colour and no summary line. */
export function formatCompact(context: ReportContext): string {
  return sortFindings(context.findings)
    .map((finding) => compactLine(finding, context.cwd) + '\n')
    .join('');
}
