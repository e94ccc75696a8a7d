import type { Severity } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { markdownCode, markdownLink, markdownText } from './markdown-text.js';
import { compareBySeverity, sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { ruleById } from './rule-meta.js';
import { SEVERITIES, countBySeverity, countLabel, plural } from './severity.js';

/** Rows in the findings table; the rest are counted in a note. */
export const MAX_ROWS = 200;
/** GitHub accepts at most 1 MiB of step summary per step. */
export const MAX_BYTES = 1024 * 1024;
/** Room kept for the closing note. */
const FOOTER_BYTES = 1024;
/** Longest message shown in a cell, in characters. */
const MAX_MESSAGE = 1000;

const ICONS: Record<Severity, string> = { error: '🔴', warning: '🟡', info: '🔵' };

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: a heading, counts by
 * severity and a table of findings (errors first), cut at 200 rows or 1 MiB with a note saying
 * how many were left out.
 */
export function formatMarkdown(context: ReportContext): string {
  const heading = '## eks-lint results\n\n';
  const scanned = plural(context.files.length, 'scanned file');
  if (context.findings.length === 0) return `${heading}✅ No findings in ${scanned}.\n`;

  const counts = countBySeverity(context.findings);
  const files = new Set(context.findings.map((f) => f.file)).size;
  const summary =
    `Found **${plural(context.findings.length, 'finding')}** in ${files} of ${scanned}: ` +
    SEVERITIES.map((s) => `${ICONS[s]} ${countLabel(s, counts[s])}`).join(' · ') +
    '\n\n';
  const rules = ruleById(context.rules);
  const table = '| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n';

  let text = heading + summary + table;
  let bytes = Buffer.byteLength(text);
  let shown = 0;
  for (const finding of sortFindings(context.findings, compareBySeverity)) {
    if (shown === MAX_ROWS) break;
    const url = rules.get(finding.ruleId)?.bestPractice;
    const rule = url ? markdownLink(markdownCode(finding.ruleId), url) : markdownCode(finding.ruleId);
    const where = markdownCode(`${displayPath(finding.file, context.cwd)}:${finding.range.line}`);
    const row = `| ${ICONS[finding.severity]} ${finding.severity} | ${rule} | ${where} | ${markdownText(truncate(finding.message, MAX_MESSAGE))} |\n`;
    const rowBytes = Buffer.byteLength(row);
    if (bytes + rowBytes > MAX_BYTES - FOOTER_BYTES) break;
    text += row;
    bytes += rowBytes;
    shown++;
  }
  const hidden = context.findings.length - shown;
  if (hidden > 0) {
    text +=
      `\n_Showing ${shown} of ${context.findings.length} findings; ${hidden} more are not listed here. ` +
      'See the SARIF (--format sarif) or JSON (--format json) output for all of them._\n';
  }
  return text;
}
