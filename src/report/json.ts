import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';

export function formatJson(context: ReportContext): string {
  return JSON.stringify(toLintResults(context.files, context.findings, context.suppressed), null, 2) + '\n';
}
