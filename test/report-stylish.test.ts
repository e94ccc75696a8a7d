import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/exit-code.js';
import { type Finding, PARSE_ERROR, type Severity } from '../src/model/finding.js';
import type { ReportContext } from '../src/report/context.js';
import { type LintResult, toLintResults } from '../src/report/eslint-results.js';
import { formatJson } from '../src/report/json.js';
import { formatStylish } from '../src/report/stylish.js';
import { runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

const finding = (ruleId: string, severity: Severity, line: number, file = '/repo/a.yaml'): Finding => ({
  ruleId,
  severity,
  message: `${ruleId} at ${line}`,
  file,
  range: { line, column: 3, endLine: line, endColumn: 9 },
});

const context = (findings: Finding[]): ReportContext => ({ findings, files: ['/repo/a.yaml', '/repo/b.tf'], rules: [], cwd: '/repo', version: '0' });

describe('stylish output: symbols, counts and thresholds agree', () => {
  const findings = [
    finding('privileged-container', 'info', 4),
    finding('namespace-without-network-policy', 'warning', 8),
    finding(PARSE_ERROR, 'warning', 2, '/repo/b.tf'),
    finding('eks-secrets-not-encrypted', 'error', 12),
  ];

  it('draws each finding with the symbol of its own severity', () => {
    process.env.FORCE_COLOR = '0';
    const lines = formatStylish(context(findings)).split('\n');
    expect(lines.find((l) => l.includes('privileged-container at 4'))).toMatch(/^ {2}ℹ {2}/);
    expect(lines.find((l) => l.includes('namespace-without-network-policy at 8'))).toMatch(/^ {2}⚠ {2}/);
    // A parse problem rated a warning is drawn as one, not as an error.
    expect(lines.find((l) => l.includes('parse-error at 2'))).toMatch(/^ {2}⚠ {2}/);
    expect(lines.find((l) => l.includes('eks-secrets-not-encrypted at 12'))).toMatch(/^ {2}✖ {2}/);
    expect(lines).toContain('  b.tf:2:3');
  });

  it('counts what the thresholds count: info is neither a warning nor an error', () => {
    process.env.FORCE_COLOR = '0';
    expect(formatStylish(context(findings)).trimEnd().split('\n').slice(-3)).toEqual(['  1 error', '  2 warnings', '  1 info']);
    const noErrors = findings.filter((f) => f.severity !== 'error');
    expect(exitCodeFor(noErrors, { failOn: 'error', maxWarnings: 2 })).toBe(0);
    expect(exitCodeFor(noErrors, { failOn: 'error', maxWarnings: 1 })).toBe(1);
    expect(exitCodeFor(noErrors, { failOn: 'info' })).toBe(1);
  });

  it('marks only error-level parse problems fatal in ESLint results', () => {
    const [, b] = toLintResults(['/repo/a.yaml', '/repo/b.tf'], findings);
    expect(b?.messages[0]).not.toHaveProperty('fatal');
    expect(b?.fatalErrorCount).toBe(0);
    expect(toLintResults(['/repo/b.tf'], [finding(PARSE_ERROR, 'error', 1, '/repo/b.tf')])[0]?.fatalErrorCount).toBe(1);
  });

  it('prints nothing without findings', () => {
    expect(formatStylish(context([]))).toBe('');
  });

  it('shows a rule configured to info as info, and --max-warnings does not count it', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: kube-system\nspec:\n  containers:\n    - name: c\n      image: busybox\n      securityContext: {privileged: true}\n';
    const dir = writeTree({ 'pod.yaml': pod, '.eks-lint.yaml': 'rules:\n  privileged-container: info\n' }, 'eks-lint-stylish-');
    const run = runCli(['.', '--max-warnings', '0', '--rule', 'privileged-container'], { cwd: dir });
    expect(run.stdout).toMatch(/ℹ\s+10:/);
    expect(run.stdout).toMatch(/1 info/);
    expect(run.stdout).not.toMatch(/warning/);
    expect(run.status).toBe(0);
  });
});

describe('stylish output: messages keep their quotes', () => {
  it('shows messages as JSON does', () => {
    const messages = ["Container 'web' of Pod default/web runs privileged", 'Init container `setup` runs privileged'];
    const quoted = messages.map((message, i) => ({ ...finding('privileged-container', 'error', i + 1), message }));
    process.env.FORCE_COLOR = '0';
    const json = (JSON.parse(formatJson(context(quoted))) as LintResult[])[0]!.messages.map((m) => m.message);
    expect(json).toEqual(messages);
    const stylish = formatStylish(context(quoted));
    for (const message of messages) expect(stylish).toContain(message);
  });
});
