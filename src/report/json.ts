import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';
import { inertJson } from './text.js';

export function formatJson(context: ReportContext): string {
  return inertJson(JSON.stringify(toLintResults(context.files, context.findings, context.suppressed), null, 2)) + '\n';
}
