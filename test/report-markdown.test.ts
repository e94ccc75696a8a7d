import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding, Severity } from '../src/model/finding.js';
import type { ReportContext } from '../src/report/context.js';
import { loadFormatter } from '../src/report/formatters.js';
import { MAX_BYTES, MAX_ROWS, formatMarkdown } from '../src/report/markdown.js';
import { escapeMarkdown } from '../src/report/markdown-text.js';

const rules = loadRules();
const CWD = resolve('/tmp/eks-lint-report/repo');

function finding(severity: Severity, file: string, line: number, message: string, ruleId = 'privileged-container'): Finding {
  return { ruleId, severity, message, file: join(CWD, file), range: { line, column: 1, endLine: line, endColumn: 2 } };
}

function markdown(findings: Finding[], files = 3): string {
  const context: ReportContext = { findings, files: Array.from({ length: files }, (_, i) => join(CWD, `f${i}`)), rules, cwd: CWD, version: '1.2.3' };
  return formatMarkdown(context);
}

/** The cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

const rows = (text: string) => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));

describe('markdown format', () => {
  it('is registered and says "No findings" on a clean run', async () => {
    expect(await loadFormatter('markdown')).toBe(formatMarkdown);
    expect(markdown([], 12)).toBe('## eks-lint results\n\n✅ No findings in 12 scanned files.\n');
  });

  it('has a heading, counts by severity and a table, errors first', () => {
    const text = markdown([
      finding('warning', 'k8s/ns.yaml', 4, 'Namespace shop has no NetworkPolicy', 'namespace-without-network-policy'),
      finding('error', 'k8s/pod.yaml', 9, "Container 'web' of Pod default/web runs privileged"),
      finding('error', 'bad.yaml', 2, 'Unexpected token', 'parse-error'),
    ]);
    expect(text).toContain('## eks-lint results\n\n');
    expect(text).toContain('Found **3 findings** in 3 of 3 scanned files: 🔴 2 errors · 🟡 1 warning · 🔵 0 info');
    expect(text).toContain('| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n');
    expect(rows(text).map(cells)).toEqual([
      ['🔴 error', '`parse-error`', '`bad.yaml:2`', 'Unexpected token'],
      ['🔴 error', '[`privileged-container`](<https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html>)', '`k8s/pod.yaml:9`', "Container 'web' of Pod default/web runs privileged"],
      ['🟡 warning', '[`namespace-without-network-policy`](<https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html>)', '`k8s/ns.yaml:4`', 'Namespace shop has no NetworkPolicy'],
    ]);
  });

  it('escapes pipes, markdown, HTML, mentions and newlines in cells', () => {
    const text = markdown([finding('error', 'k8s/a|b `x`.yaml', 1, 'a | b\n<script>alert(1)</script> *bold* [link](http://x) @octocat #12 arn:aws:iam::1:role/us &amp;')]);
    const [row] = rows(text);
    const [, , location, message] = cells(row!);
    expect(cells(row!)).toHaveLength(4);
    expect(location).toBe('k8s/a\\|b \\`x\\`.yaml\\:1');
    expect(message).toBe(
      'a \\| b \\<script\\>alert(1)\\</script\\> \\*bold\\* \\[link\\](http\\://x) @\u200boctocat \\#\u200b12 arn\\:aws\\:iam\\:\\:1\\:role/us &amp;amp;',
    );
    expect(text).not.toContain('<script>');
  });

  it('keeps pipes inside code spans escaped', () => {
    const [row] = rows(markdown([finding('error', 'k8s/a|b.yaml', 1, 'x')]));
    expect(cells(row!)[2]).toBe('`k8s/a\\|b.yaml:1`');
  });

  it(`shows at most ${MAX_ROWS} rows and says how many are left out`, () => {
    const findings = Array.from({ length: MAX_ROWS + 25 }, (_, i) => finding(i % 2 ? 'warning' : 'error', `f${i}.yaml`, i + 1, `finding ${i}`));
    const text = markdown(findings);
    expect(rows(text)).toHaveLength(MAX_ROWS);
    expect(text).toContain(`Found **${MAX_ROWS + 25} findings**`);
    expect(text).toContain(`_Showing ${MAX_ROWS} of ${MAX_ROWS + 25} findings; 25 more are not listed here.`);
    // Errors come first, so the cut drops warnings.
    expect(rows(text).filter((r) => r.includes('🔴 error'))).toHaveLength(Math.ceil((MAX_ROWS + 25) / 2));
  });

  it('stays under 1 MiB however long paths and messages are', () => {
    const long = 'x'.repeat(20_000);
    const text = markdown(Array.from({ length: 150 }, (_, i) => finding('error', `${long}/${i}.yaml`, 1, `${long} ${i}`)));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_BYTES);
    const shown = rows(text).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(150);
    expect(text).toContain(`_Showing ${shown} of 150 findings; ${150 - shown} more are not listed here.`);
    expect(rows(text)[0]).toContain('…');
  });
});

describe('escapeMarkdown', () => {
  it('leaves plain words alone', () => {
    expect(escapeMarkdown('Namespace shop has no NetworkPolicy')).toBe('Namespace shop has no NetworkPolicy');
  });
});
