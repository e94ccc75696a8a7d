import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';

/**
 * Human output through eslint-formatter-pretty. It is imported on first use because chalk decides
 * on colour when it loads, after the CLI has applied --no-color / NO_COLOR.
 */
export async function formatStylish(context: ReportContext): Promise<string> {
  const { default: pretty } = await import('eslint-formatter-pretty');
  const results = toLintResults(context.files, context.findings).filter((r) => r.messages.length > 0);
  const rulesMeta = Object.fromEntries(context.rules.map((rule) => [rule.id, { docs: { url: rule.bestPractice } }]));
  // The formatter's types want ESLint's own classes; our results have the same shape.
  return pretty(results as unknown as Parameters<typeof pretty>[0], { rulesMeta, cwd: context.cwd });
}
