import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';

export function formatJson(context: ReportContext): string {
  return JSON.stringify(toLintResults(context.files, context.findings), null, 2) + '\n';
}
