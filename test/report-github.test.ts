import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding, Severity } from '../src/model/finding.js';
import type { ReportContext } from '../src/report/context.js';
import { loadFormatter } from '../src/report/formatters.js';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';

const rules = loadRules();
const CWD = resolve('/tmp/eks-lint-report/repo');

function finding(severity: Severity, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'privileged-container',
    severity,
    message: `${severity} at ${file}:${line}`,
    file: join(CWD, file),
    range: { line, column: 7, endLine: line, endColumn: 19 },
    ...extra,
  };
}

function github(findings: Finding[]): string[] {
  const context: ReportContext = { findings, files: [], rules, cwd: CWD, version: '1.2.3' };
  const text = formatGithub(context);
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').slice(0, -1);
}

/** How the Actions runner reads a `::command k=v,…::data` line back (ActionCommand.TryParseV2). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const match = /^::([^ :]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (value: string) => value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]),
  );
  return { command: match[1]!, properties, data: unescape(match[3] ?? '') };
}

describe('github format', () => {
  it('is registered and prints nothing on a clean run', async () => {
    expect(await loadFormatter('github')).toBe(formatGithub);
    expect(github([])).toEqual([]);
  });

  it('prints one annotation per finding with file, lines, columns and title', () => {
    const lines = github([
      finding('error', 'k8s/pod.yaml', 9, { fix: 'Remove securityContext.privileged.' }),
      finding('warning', 'k8s/ns.yaml', 4, { ruleId: 'namespace-without-network-policy', range: { line: 4, column: 1, endLine: 6, endColumn: 3 } }),
      finding('info', 'chart/templates/x.yaml', 1, { ruleId: 'skipped-file' }),
    ]);
    expect(lines).toEqual([
      '::error file=k8s/pod.yaml,line=9,endLine=9,col=7,endColumn=19,title=privileged-container%3A Container runs in privileged mode::error at k8s/pod.yaml:9%0A%0AFix: Remove securityContext.privileged.',
      // A range over several lines carries no columns: GitHub takes columns for single-line ranges only.
      '::warning file=k8s/ns.yaml,line=4,endLine=6,title=namespace-without-network-policy%3A Namespace has no NetworkPolicy::warning at k8s/ns.yaml:4',
      '::notice file=chart/templates/x.yaml,line=1,endLine=1,col=7,endColumn=19,title=skipped-file%3A File skipped::info at chart/templates/x.yaml:1',
    ]);
  });

  it('escapes %, CR and LF in the message, and additionally : and , in properties', () => {
    const hostile = finding('error', 'dir:a,b/100% sure.yaml', 3, {
      ruleId: 'custom,rule:x',
      message: '50% of\r\nlines: a, b\n::warning::injected',
    });
    const [line] = github([hostile]);
    expect(line).toBe(
      '::error file=dir%3Aa%2Cb/100%25 sure.yaml,line=3,endLine=3,col=7,endColumn=19,title=custom%2Crule%3Ax::50%25 of%0D%0Alines: a, b%0A::warning::injected',
    );
    const parsed = parseCommand(line!);
    expect(parsed.command).toBe('error');
    expect(parsed.properties).toEqual({ file: 'dir:a,b/100% sure.yaml', line: '3', endLine: '3', col: '7', endColumn: '19', title: 'custom,rule:x' });
    expect(parsed.data).toBe(hostile.message);
  });

  it('escapes exactly like @actions/core', () => {
    expect(escapeData('%\r\n:,')).toBe('%25%0D%0A:,');
    expect(escapeProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('prints at most 10 annotations per level and a notice about the rest, listed inertly', () => {
    const findings = [
      ...Array.from({ length: 12 }, (_, i) => finding('error', `e${String(i).padStart(2, '0')}.yaml`, 1)),
      ...Array.from({ length: 3 }, (_, i) => finding('warning', `w${i}.yaml`, 1)),
      ...Array.from({ length: 11 }, (_, i) => finding('info', `i${String(i).padStart(2, '0')}.yaml`, 1, { message: `info ##[add-mask]x ${i}` })),
    ].reverse();
    const lines = github(findings);
    const commands = lines.filter((l) => /^::(error|warning|notice) /.test(l)).map(parseCommand);
    expect(commands.filter((c) => c.command === 'error')).toHaveLength(10);
    expect(commands.filter((c) => c.command === 'warning')).toHaveLength(3);
    // Nine notices for findings: the tenth notice slot is kept for the summary.
    expect(commands.filter((c) => c.command === 'notice')).toHaveLength(10);
    // Errors first, in file order.
    expect(commands.slice(0, 10).map((c) => c.properties.file)).toEqual(Array.from({ length: 10 }, (_, i) => `e${String(i).padStart(2, '0')}.yaml`));

    const summary = commands.at(-1)!;
    expect(summary.command).toBe('notice');
    expect(summary.properties.file).toBeUndefined();
    expect(summary.data).toMatch(/^4 findings of 26 \(2 errors, 2 info\) are not annotated: GitHub shows at most 10 error, 10 warning and 10 notice annotations per step\./);
    expect(summary.data).toContain('--format sarif');
    expect(summary.data).toContain('$GITHUB_STEP_SUMMARY');

    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[start]!.slice('::stop-commands::'.length);
    expect(token).toMatch(/^eks-lint-[0-9a-f]{32}$/);
    expect(lines.slice(start + 1)).toEqual([
      'e10.yaml:1:7: error error at e10.yaml:1 [privileged-container]',
      'e11.yaml:1:7: error error at e11.yaml:1 [privileged-container]',
      'i09.yaml:1:7: info info ##[add-mask]x 9 [privileged-container]',
      'i10.yaml:1:7: info info ##[add-mask]x 10 [privileged-container]',
      `::${token}::`,
    ]);
    expect(start).toBe(commands.length);
  });

  it('uses all ten notice slots when nothing is left over', () => {
    const lines = github(Array.from({ length: 10 }, (_, i) => finding('info', `i${i}.yaml`, 1)));
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.startsWith('::notice file='))).toBe(true);
  });

  it('reports a single left-over finding in the singular', () => {
    const lines = github(Array.from({ length: 11 }, (_, i) => finding('warning', `w${String(i).padStart(2, '0')}.yaml`, 1)));
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(10);
    expect(parseCommand(lines[10]!).data).toMatch(/^1 finding of 11 \(1 warning\) is not annotated/);
  });
});
