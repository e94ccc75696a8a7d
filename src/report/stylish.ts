/**
 * Human output, laid out as ESLint's pretty formatter does (a header per file, one aligned line per
 * finding, counts at the end) but with eks-lint's three severities: each finding is drawn with the
 * symbol of its own severity, and the counts at the end are the ones --fail-on and --max-warnings
 * judge (`info` is neither an error nor a warning; a `parse-error` is whatever severity it has).
 */
import type { Finding, Severity } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { displayPath } from './paths.js';
import { SEVERITIES, countBySeverity, countLabel } from './severity.js';
import { escapeControl, oneLine } from './text.js';

const SYMBOL: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

/** SGR colour codes: red, yellow and blue by severity; dim, underline for the rest. */
const STYLE = { error: 31, warning: 33, info: 34, dim: 2, underline: 4 } as const;

interface Row {
  finding: Finding;
  position: string;
  message: string;
  ruleId: string;
}

function groupByFile(rows: readonly Row[]): Map<string, Row[]> {
  const byFile = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byFile.get(row.finding.file);
    if (list) list.push(row);
    else byFile.set(row.finding.file, [row]);
  }
  return byFile;
}

export function formatStylish(context: ReportContext): string {
  if (context.findings.length === 0) return '';
  // The CLI decides on colour per output (src/report/color.ts): a terminal, a pipe or a file.
  const color = context.color === true;
  const paint = (style: keyof typeof STYLE, text: string) => (color ? `\x1b[${STYLE[style]}m${text}\x1b[${style === 'dim' ? 22 : style === 'underline' ? 24 : 39}m` : text);
  // Paths and messages carry text from scanned files (names, values, parser snippets): it must not
  // drive the terminal, so control characters, ANSI escapes and bidi overrides are shown as escapes.
  const rows = context.findings.map((f): Row => ({
    finding: f,
    position: `${f.range.line}:${f.range.column}`,
    message: oneLine(f.message) || '(no message)',
    ruleId: oneLine(f.ruleId),
  }));
  // A loop, not Math.max(...rows): a spread of 100,000 findings would overflow the stack.
  const positionWidth = rows.reduce((width, r) => Math.max(width, r.position.length), 0);
  const messageWidth = rows.reduce((width, r) => Math.max(width, r.message.length), 0);
  const blocks = [...groupByFile(rows)].map(([file, fileRows]) => {
    const lines = fileRows.map((r) => {
      const severity = r.finding.severity;
      const position = paint('dim', r.position.padStart(positionWidth));
      return `  ${paint(severity, SYMBOL[severity])}  ${position}  ${r.message.padEnd(messageWidth)}  ${paint('dim', r.ruleId)}`;
    });
    // The header carries the first finding's position, as ESLint's pretty formatter writes it, so
    // terminals and editors that open `path:line:col` land on it.
    const first = fileRows[0]!.finding.range;
    return [`  ${paint('underline', `${escapeControl(displayPath(file, context.cwd))}:${first.line}:${first.column}`)}`, ...lines].join('\n');
  });
  const counts = countBySeverity(context.findings);
  const summary = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `  ${paint(s, countLabel(s, counts[s]))}`);
  return `\n${blocks.join('\n\n')}\n\n${summary.join('\n')}\n`;
}
