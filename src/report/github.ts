import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../model/finding.js';
import { compactLine } from './compact.js';
import type { ReportContext } from './context.js';
import { sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { ruleById, titleOf } from './rule-meta.js';
import { GITHUB_LEVEL, SEVERITIES, countBySeverity, countLabel, plural } from './severity.js';
import { escapeControl, escapeControlKeepLineBreaks, messageWithFix } from './text.js';

/** GitHub keeps at most this many annotations of each level (error, warning, notice) per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Escaping of a workflow command's data, exactly as @actions/core does it. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values, exactly as @actions/core does it. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Properties = [name: string, value: string | number | undefined][];

export function workflowCommand(command: string, properties: Properties, message: string): string {
  const props = properties.flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${escapeProperty(String(value))}`]));
  return `::${command}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

function annotation(finding: Finding, title: string, cwd: string): string {
  const { line, column, endLine, endColumn } = finding.range;
  // GitHub takes columns only for a range within one line.
  const sameLine = endLine <= line;
  return workflowCommand(
    GITHUB_LEVEL[finding.severity],
    [
      ['file', escapeControl(displayPath(finding.file, cwd))],
      ['line', line],
      ['endLine', Math.max(line, endLine)],
      ['col', sameLine ? column : undefined],
      ['endColumn', sameLine ? Math.max(column, endColumn) : undefined],
      ['title', escapeControl(title)],
    ],
    // The log shows these lines too: text from scanned files must not drive its terminal emulation.
    escapeControlKeepLineBreaks(messageWithFix(finding, '\n\n')),
  );
}

/**
 * Prints the lines in between `::stop-commands::` and its resume token, so that text from scanned
 * files is never run as a workflow command (`::…` or the legacy `##[…]` anywhere on a line). The
 * token is derived from the text itself: it stays a pure function, and the text cannot contain it.
 */
function inertBlock(lines: readonly string[]): string[] {
  const token = `eks-lint-${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32)}`;
  return [`::stop-commands::${token}`, ...lines, `::${token}::`];
}

/**
 * GitHub Actions workflow commands: one annotation per finding, errors first, by file and line.
 * GitHub silently drops annotations beyond 10 per level and step, so at most that many are
 * printed per level; when any finding is left over, one `::notice::` (for which a notice slot is
 * kept free) tells how many and where to see them, and each left-over finding follows as a plain
 * compact line inside a `::stop-commands::` block.
 */
export function formatGithub(context: ReportContext): string {
  const rules = ruleById(context.rules);
  const groups = new Map<Severity, Finding[]>(SEVERITIES.map((s) => [s, []]));
  for (const finding of sortFindings(context.findings)) groups.get(finding.severity)?.push(finding);

  const overflowing = [...groups.values()].some((list) => list.length > ANNOTATIONS_PER_LEVEL);
  const limit = (severity: Severity) => ANNOTATIONS_PER_LEVEL - (overflowing && GITHUB_LEVEL[severity] === 'notice' ? 1 : 0);
  const annotated: string[] = [];
  const leftOver: Finding[] = [];
  for (const [severity, list] of groups) {
    for (const finding of list.slice(0, limit(severity))) {
      const title = titleOf(finding.ruleId, rules);
      annotated.push(annotation(finding, title ? `${finding.ruleId}: ${title}` : finding.ruleId, context.cwd));
    }
    leftOver.push(...list.slice(limit(severity)));
  }
  if (leftOver.length === 0) return annotated.map((line) => line + '\n').join('');

  const counts = countBySeverity(leftOver);
  const breakdown = SEVERITIES.filter((s) => counts[s] > 0).map((s) => countLabel(s, counts[s]));
  const summary = workflowCommand(
    'notice',
    [['title', 'eks-lint: some findings are not annotated']],
    `${plural(leftOver.length, 'finding')} of ${context.findings.length} (${breakdown.join(', ')}) ` +
      `${leftOver.length === 1 ? 'is' : 'are'} not annotated: GitHub shows at most ${ANNOTATIONS_PER_LEVEL} error, ` +
      `${ANNOTATIONS_PER_LEVEL} warning and ${ANNOTATIONS_PER_LEVEL} notice annotations per step. They are listed in this step's log. ` +
      'For the complete list, upload the SARIF output (--format sarif) to GitHub code scanning, ' +
      'or append the markdown output (--format markdown) to $GITHUB_STEP_SUMMARY.',
  );
  const listed = inertBlock(leftOver.map((finding) => compactLine(finding, context.cwd)));
  return [...annotated, summary, ...listed].map((line) => line + '\n').join('');
}
