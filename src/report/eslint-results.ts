import { type Finding, PARSE_ERROR, type Severity } from '../model/finding.js';
import type { Format } from '../model/resource.js';

/** One message in ESLint's result shape, plus eks-lint's own fields. */
export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  /** eks-lint's own severity, since ESLint's 1|2 cannot say `info`. */
  level: Severity;
  resource?: string;
  cis?: string[];
  format?: Format;
  fix?: string;
}

/** ESLint's `LintResult`, so that ESLint formatters and tooling read eks-lint's output unchanged. */
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
}

export function eslintSeverity(severity: Severity): 1 | 2 {
  return severity === 'error' ? 2 : 1;
}

function toMessage(finding: Finding): LintMessage {
  return {
    ruleId: finding.ruleId,
    severity: eslintSeverity(finding.severity),
    message: finding.message,
    line: finding.range.line,
    column: finding.range.column,
    endLine: finding.range.endLine,
    endColumn: finding.range.endColumn,
    ...(finding.ruleId === PARSE_ERROR ? { fatal: true as const } : {}),
    level: finding.severity,
    ...(finding.resource ? { resource: finding.resource } : {}),
    ...(finding.cis ? { cis: finding.cis } : {}),
    ...(finding.format ? { format: finding.format } : {}),
    ...(finding.fix ? { fix: finding.fix } : {}),
  };
}

/** One result per scanned file, in file order, as ESLint reports every file it linted. */
export function toLintResults(files: readonly string[], findings: readonly Finding[]): LintResult[] {
  const byFile = new Map<string, Finding[]>(files.map((f) => [f, []]));
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  return [...byFile].map(([filePath, list]) => {
    const messages = list.map(toMessage);
    return {
      filePath,
      messages,
      suppressedMessages: [],
      errorCount: messages.filter((m) => m.severity === 2).length,
      fatalErrorCount: messages.filter((m) => m.fatal).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
}
