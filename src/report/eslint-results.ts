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

/** ESLint's `SuppressedLintMessage`: a message with the suppressions that cover it. */
export interface SuppressedLintMessage extends LintMessage {
  /** ESLint's kinds: `directive` for a suppression written in the source. */
  suppressions: { kind: 'directive'; justification: string }[];
}

/** ESLint's `LintResult`, so that ESLint formatters and tooling read eks-lint's output unchanged. */
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: SuppressedLintMessage[];
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
    // ESLint's fatal messages are errors; a parse problem eks-lint rates a warning is not fatal.
    ...(finding.ruleId === PARSE_ERROR && finding.severity === 'error' ? { fatal: true as const } : {}),
    level: finding.severity,
    ...(finding.resource ? { resource: finding.resource } : {}),
    ...(finding.cis ? { cis: finding.cis } : {}),
    ...(finding.format ? { format: finding.format } : {}),
    ...(finding.fix ? { fix: finding.fix } : {}),
  };
}

function toSuppressedMessage(finding: Finding): SuppressedLintMessage {
  return {
    ...toMessage(finding),
    suppressions: (finding.suppressions ?? []).map((s) => ({ kind: 'directive' as const, justification: s.justification ?? '' })),
  };
}

/**
 * One result per scanned file, in file order, as ESLint reports every file it linted. Suppressed
 * findings (those with a `suppressions` marker, in either list) go to `suppressedMessages`.
 */
export function toLintResults(files: readonly string[], findings: readonly Finding[], suppressed: readonly Finding[] = []): LintResult[] {
  const byFile = new Map<string, { active: Finding[]; suppressed: Finding[] }>(files.map((f) => [f, { active: [], suppressed: [] }]));
  for (const finding of [...findings, ...suppressed]) {
    const entry = byFile.get(finding.file) ?? { active: [], suppressed: [] };
    (finding.suppressions?.length ? entry.suppressed : entry.active).push(finding);
    byFile.set(finding.file, entry);
  }
  return [...byFile].map(([filePath, lists]) => {
    const messages = lists.active.map(toMessage);
    return {
      filePath,
      messages,
      suppressedMessages: lists.suppressed.map(toSuppressedMessage),
      errorCount: messages.filter((m) => m.severity === 2).length,
      fatalErrorCount: messages.filter((m) => m.fatal).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
}
