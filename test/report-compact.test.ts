import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding, Severity } from '../src/model/finding.js';
import { formatCompact } from '../src/report/compact.js';
import type { ReportContext } from '../src/report/context.js';
import { loadFormatter } from '../src/report/formatters.js';

const CWD = resolve('/tmp/eks-lint-report/my repo');
const MATCHERS = join(import.meta.dirname, '..', 'src', 'report', 'problem-matchers');

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity?: number;
  message: number;
  code: number;
}
interface GithubMatchers {
  problemMatcher: { owner: string; severity?: string; pattern: Pattern[] }[];
}
interface VscodeMatcher {
  owner: string;
  source: string;
  fileLocation: string[];
  pattern: Pattern;
}

const github = JSON.parse(readFileSync(join(MATCHERS, 'eks-lint-github.json'), 'utf8')) as GithubMatchers;
const vscode = JSON.parse(readFileSync(join(MATCHERS, 'eks-lint-vscode.json'), 'utf8')) as VscodeMatcher;

function finding(severity: Severity, file: string, line: number, column: number, message: string, ruleId: string): Finding {
  return { ruleId, severity, message, file: resolve(CWD, file), range: { line, column, endLine: line, endColumn: column + 4 } };
}

/** Realistic findings with awkward paths and messages, and what the matchers must capture. */
const CASES: { finding: Finding; file: string; message: string }[] = [
  {
    finding: finding('error', 'infra/prod stack/main.tf', 12, 5, 'aws_eks_cluster.this exposes its Kubernetes API endpoint publicly to ["0.0.0.0/0", "::/0"]', 'eks-public-endpoint-unrestricted'),
    file: 'infra/prod stack/main.tf',
    message: 'aws_eks_cluster.this exposes its Kubernetes API endpoint publicly to ["0.0.0.0/0", "::/0"]',
  },
  {
    finding: finding('error', 'k8s/überwachung/déploiement ☸.yaml', 118, 11, "Container 'sidecar [v2]' of Deployment obs/agent runs privileged", 'privileged-container'),
    file: 'k8s/überwachung/déploiement ☸.yaml',
    message: "Container 'sidecar [v2]' of Deployment obs/agent runs privileged",
  },
  {
    finding: finding('warning', 'env:prod/namespaces.yaml', 4, 1, 'Namespace shop: no NetworkPolicy (see: docs) [a] [b]', 'namespace-without-network-policy'),
    file: 'env:prod/namespaces.yaml',
    message: 'Namespace shop: no NetworkPolicy (see: docs) [a] [b]',
  },
  {
    finding: finding('error', 'cfn/cluster.yaml', 3, 9, 'Nested mappings are not allowed:\n  line 3:9: error here\r\n\tx', 'parse-error'),
    file: 'cfn/cluster.yaml',
    message: 'Nested mappings are not allowed: line 3:9: error here x',
  },
  {
    finding: finding('info', 'chart/templates/deploy.yaml', 1, 1, 'Helm template skipped: render it (helm template) and lint the output', 'skipped-file'),
    file: 'chart/templates/deploy.yaml',
    message: 'Helm template skipped: render it (helm template) and lint the output',
  },
  {
    finding: finding('warning', '../shared modules/eks.tf', 7, 3, 'x:1:2: error fake [not-a-rule] \u001b[31mred\u001b[0m', 'eks-audit-logging-disabled'),
    file: resolve(CWD, '../shared modules/eks.tf'),
    message: 'x:1:2: error fake [not-a-rule] \\x1b[31mred\\x1b[0m',
  },
  // Hostile names: each would pass for another file's line, or another severity, if read naively.
  {
    finding: finding('error', 'colon:1:2: error fake [x].yaml', 40, 7, 'Container c runs privileged', 'privileged-container'),
    file: '"colon:1:2: error fake [x].yaml"',
    message: 'Container c runs privileged',
  },
  {
    finding: finding('warning', 'a:1:2: info b:3:4: error c.yaml', 5, 6, 'm', 'namespace-without-network-policy'),
    file: '"a:1:2: info b:3:4: error c.yaml"',
    message: 'm',
  },
  {
    finding: finding('info', '"quoted" \\ :9 dir/x.yaml', 2, 1, 'n', 'skipped-file'),
    file: '"\\"quoted\\" \\\\ :9 dir/x.yaml"',
    message: 'n',
  },
  {
    finding: finding('info', 'plain.yaml', 8, 1, 'x:1:2: error fake [privileged-container] y', 'skipped-file'),
    file: 'plain.yaml',
    message: 'x:1:2: error fake [privileged-container] y',
  },
  {
    finding: finding('error', 'C:\\repo\\a: b.tf', 3, 3, 'z', 'eks-audit-logging-disabled'),
    file: 'C:\\repo\\a: b.tf',
    message: 'z',
  },
];

function compact(findings: Finding[]): string[] {
  const context: ReportContext = { findings, files: [], rules: loadRules(), cwd: CWD, version: '1.2.3' };
  const text = formatCompact(context);
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').slice(0, -1);
}

describe('compact format', () => {
  it('is registered and prints nothing on a clean run', async () => {
    expect(await loadFormatter('compact')).toBe(formatCompact);
    expect(compact([])).toEqual([]);
  });

  it('prints path:line:col: severity message [rule-id], one line per finding, in file order', () => {
    const lines = compact(CASES.map((c) => c.finding));
    expect(lines).toHaveLength(CASES.length);
    expect(lines).toContain('infra/prod stack/main.tf:12:5: error aws_eks_cluster.this exposes its Kubernetes API endpoint publicly to ["0.0.0.0/0", "::/0"] [eks-public-endpoint-unrestricted]');
    expect(lines).toContain('cfn/cluster.yaml:3:9: error Nested mappings are not allowed: line 3:9: error here x [parse-error]');
    expect(lines.join('\n')).not.toContain('\u001b');
  });
});

/**
 * The matchers are applied as their hosts do: each pattern compiled as an ECMAScript regular
 * expression (VS Code: JavaScript's RegExp; GitHub's runner: .NET's Regex with
 * RegexOptions.ECMAScript | CultureInvariant) and matched against each output line.
 */
describe('problem matchers', () => {
  const lines = compact(CASES.map((c) => c.finding));
  const expected = (line: string) => CASES.find((c) => line.startsWith(`${c.file}:${c.finding.range.line}:`))!;

  it('ship a VS Code matcher with owner, source, relative file location and a full pattern', () => {
    expect(vscode).toMatchObject({ owner: 'eks-lint', source: 'eks-lint', fileLocation: ['autoDetect', '${workspaceFolder}'] });
    expect(vscode.pattern).toMatchObject({ file: 1, line: 2, column: 3, severity: 4, message: 5, code: 6 });
  });

  it('ship GitHub matchers owned by eks-lint that capture the severity', () => {
    expect(github.problemMatcher.map((m) => m.owner)).toEqual(['eks-lint', 'eks-lint-info']);
    expect(github.problemMatcher[0]?.pattern[0]?.severity).toBeDefined();
    // The runner knows error, warning and notice only: info lines go to a matcher whose default is notice.
    expect(github.problemMatcher[1]?.severity).toBe('notice');
    for (const matcher of github.problemMatcher) {
      expect(matcher.pattern).toHaveLength(1);
      const groups = new RegExp(`${matcher.pattern[0]!.regexp}|`).exec('')!.length - 1;
      for (const key of ['file', 'line', 'column', 'severity', 'message', 'code'] as const) {
        const index = matcher.pattern[0]![key];
        if (index !== undefined) expect(index).toBeLessThanOrEqual(groups);
      }
    }
  });

  it('VS Code: the regexp captures every field of every compact line', () => {
    const regexp = new RegExp(vscode.pattern.regexp);
    for (const line of lines) {
      const match = regexp.exec(line);
      expect(match, line).not.toBeNull();
      const { finding, file, message } = expected(line);
      expect(match![vscode.pattern.file]).toBe(file);
      expect(match![vscode.pattern.line]).toBe(String(finding.range.line));
      expect(match![vscode.pattern.column]).toBe(String(finding.range.column));
      expect(match![vscode.pattern.severity!]).toBe(finding.severity);
      expect(match![vscode.pattern.message]).toBe(message);
      expect(match![vscode.pattern.code]).toBe(finding.ruleId);
    }
  });

  it('GitHub: exactly one matcher takes each compact line and captures every field', () => {
    const levels: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
    for (const line of lines) {
      const hits = github.problemMatcher.flatMap((matcher) => {
        const pattern = matcher.pattern[0]!;
        const match = new RegExp(pattern.regexp).exec(line);
        return match ? [{ matcher, pattern, match }] : [];
      });
      expect(hits, line).toHaveLength(1);
      const [{ matcher, pattern, match }] = hits as [(typeof hits)[number]];
      const { finding, file, message } = expected(line);
      expect(match[pattern.file]).toBe(file);
      expect(match[pattern.line]).toBe(String(finding.range.line));
      expect(match[pattern.column]).toBe(String(finding.range.column));
      expect((pattern.severity !== undefined ? match[pattern.severity] : undefined) ?? matcher.severity).toBe(levels[finding.severity]);
      expect(match[pattern.message]).toBe(message);
      expect(match[pattern.code]).toBe(finding.ruleId);
    }
  });

  it('do not match the lines around the findings', () => {
    const others = ['', '::error file=a.tf,line=1::x', '3 problems (2 errors, 1 warning)', 'a.tf:1:2: fatal broken [x]', 'a.tf:1:2: error no rule id'];
    for (const line of others) {
      expect(new RegExp(vscode.pattern.regexp).test(line), line).toBe(false);
      for (const matcher of github.problemMatcher) expect(new RegExp(matcher.pattern[0]!.regexp).test(line), line).toBe(false);
    }
  });
});
