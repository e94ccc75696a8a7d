import type { Finding } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { escapeControl, oneLine } from './text.js';

/**
 * The path as the compact line shows it. A path holding `:` followed by a digit could pass for
 * `path:line:col` (`colon:1:2: error fake [x].yaml` would be read as file `colon`, line 1), so such
 * a path — and one starting with a quote — is written as a JSON string, which the matchers take
 * whole: the path part of a line is then either quoted, or free of `:` followed by a digit.
 */
export function compactPath(path: string): string {
  return /:\d/.test(path) || path.startsWith('"') ? JSON.stringify(path) : path;
}

/**
 * `path:line:col: severity message [rule-id]`: the path relative to cwd (absolute outside it),
 * quoted when it could be misread (compactPath), severity `error`, `warning` or `info`, the
 * message on one line with control characters shown as escapes. The problem matchers in
 * `problem-matchers/` parse exactly this.
 */
export function compactLine(finding: Finding, cwd: string): string {
  const { line, column } = finding.range;
  const message = oneLine(finding.message) || '(no message)';
  return `${compactPath(escapeControl(displayPath(finding.file, cwd)))}:${line}:${column}: ${finding.severity} ${message} [${oneLine(finding.ruleId)}]`;
}

/** One line per finding, in file/line order, no colour and no summary line. */
export function formatCompact(context: ReportContext): string {
  return sortFindings(context.findings)
    .map((finding) => compactLine(finding, context.cwd) + '\n')
    .join('');
}
