import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';
import { ruleDocsUrl } from './rule-docs.js';
import { escapeControl, oneLine } from './text.js';

/**
 * Human output through eslint-formatter-pretty. It is imported on first use because chalk decides
 * on colour when it loads, after the CLI has applied --no-color / NO_COLOR.
 */
export async function formatStylish(context: ReportContext): Promise<string> {
  const { default: pretty } = await import('eslint-formatter-pretty');
  // Paths and messages carry text from scanned files (names, values, parser snippets): it must not
  // drive the terminal, so control characters, ANSI escapes and bidi overrides are shown as escapes.
  const results = toLintResults(context.files, context.findings)
    .filter((r) => r.messages.length > 0)
    .map((r) => ({
      ...r,
      filePath: escapeControl(r.filePath),
      messages: r.messages.map((m) => ({ ...m, message: oneLine(m.message) || '(no message)', ruleId: m.ruleId === null ? null : oneLine(m.ruleId) })),
    }));
  const rulesMeta = Object.fromEntries(context.rules.map((rule) => [rule.id, { docs: { url: ruleDocsUrl(rule) ?? rule.bestPractice } }]));
  // The formatter's types want ESLint's own classes; our results have the same shape.
  return pretty(results as unknown as Parameters<typeof pretty>[0], { rulesMeta, cwd: context.cwd });
}
