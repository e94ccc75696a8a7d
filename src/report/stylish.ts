import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';
import { ruleDocsUrl } from './rule-docs.js';
import { escapeControl, oneLine, visibleEscape } from './text.js';

/**
 * eslint-formatter-pretty turns `'text'` and `` `text` `` in a message into bold text and drops the
 * quotes — with colour off, they simply vanish, and `Container 'web'` reads `Container web`, unlike
 * every other format. Quotes are therefore handed over as private-use characters of the same width,
 * which its pattern does not match, and put back in its output. Private-use characters that come
 * from scanned text are shown as escapes first, so they cannot turn into quotes.
 */
const STAND_INS: Record<string, string> = { "'": '\uE000', '`': '\uE001' };
const STAND_IN_CHARS = /[\uE000\uE001]/g;
const QUOTES = /['`]/g;

function withoutStandIns(text: string): string {
  return text.replace(STAND_IN_CHARS, visibleEscape);
}

function protectQuotes(message: string): string {
  return withoutStandIns(message).replace(QUOTES, (quote) => STAND_INS[quote]!);
}

function restoreQuotes(output: string): string {
  return output.replace(STAND_IN_CHARS, (standIn) => (standIn === STAND_INS["'"] ? "'" : '`'));
}

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
      filePath: withoutStandIns(escapeControl(r.filePath)),
      messages: r.messages.map((m) => ({
        ...m,
        message: protectQuotes(oneLine(m.message) || '(no message)'),
        ruleId: m.ruleId === null ? null : withoutStandIns(oneLine(m.ruleId)),
      })),
    }));
  const rulesMeta = Object.fromEntries(context.rules.map((rule) => [rule.id, { docs: { url: ruleDocsUrl(rule) ?? rule.bestPractice } }]));
  // The formatter's types want ESLint's own classes; our results have the same shape.
  return restoreQuotes(pretty(results as unknown as Parameters<typeof pretty>[0], { rulesMeta, cwd: context.cwd }));
}
