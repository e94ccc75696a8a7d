import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_FILE, COVERAGE_FILE, REGENERATE, generateCoverage, parseBenchmark, renderCoverage } from '../scripts/cis-coverage.js';

const benchmark = parseBenchmark(readFileSync(BENCHMARK_FILE, 'utf8'));
const itemIds = benchmark.sections.flatMap((section) => section.groups.flatMap((group) => group.items.map((item) => item.id)));

/** The table row of one item. */
function row(markdown: string, id: string): string {
  return markdown.split('\n').find((line) => line.startsWith(`| ${id} |`)) ?? '';
}

describe('CIS coverage table', () => {
  it('is up to date with the rules and docs/cis/eks-1.0.1.yaml', () => {
    const committed = readFileSync(COVERAGE_FILE, 'utf8');
    expect(committed, `docs/cis-coverage.md is out of date: run \`${REGENERATE}\` and commit the result`).toBe(generateCoverage());
  });

  it('lists the 52 items of CIS EKS v1.0.1, 2.1.1 to 5.6.1, each once', () => {
    expect(itemIds).toHaveLength(52);
    expect(new Set(itemIds).size).toBe(52);
    expect(itemIds[0]).toBe('2.1.1');
    expect(itemIds.at(-1)).toBe('5.6.1');
    expect(itemIds.filter((id) => id.startsWith('3.2.'))).toHaveLength(11);
  });

  it('maps each item to the rules naming it, and marks the others with their reason', () => {
    const markdown = renderCoverage(benchmark, [
      { id: 'a-rule', cis: ['2.1.1'] },
      { id: 'b-rule', cis: ['2.1.1', '3.2.1'] },
    ]);
    expect(row(markdown, '2.1.1')).toContain('[`a-rule`](rules/a-rule.md), [`b-rule`](rules/b-rule.md) |');
    expect(row(markdown, '3.2.1')).toContain('[`b-rule`](rules/b-rule.md) |');
    expect(row(markdown, '4.3.1')).toMatch(/\| not yet covered \|$/);
    expect(row(markdown, '3.1.1')).toMatch(/\| \*runtime only\*: .*kube-bench/);
    expect(row(markdown, '5.6.1')).toMatch(/\| \*manual\*: /);
    expect(markdown).toContain('52 items: 2 covered by rules, 45 not yet covered, 4 runtime only, 1 manual.');
  });

  it('refuses a rule naming an item the benchmark does not have', () => {
    expect(() => renderCoverage(benchmark, [{ id: 'typo', cis: ['4.2.10'] }])).toThrow(/rule typo names CIS item 4\.2\.10/);
  });

  it('refuses a rule on an item marked as beyond static checks', () => {
    expect(() => renderCoverage(benchmark, [{ id: 'node-files', cis: ['3.1.1'] }])).toThrow(/3\.1\.1 is marked runtime-only .* node-files/);
  });

  it('refuses a mark without its reason', () => {
    const text = 'benchmark: B\nsections: [{id: "1", title: S, groups: [{id: "1.1", title: G, items: [{id: "1.1.1", title: T, status: manual}]}]}]\n';
    expect(() => parseBenchmark(text)).toThrow(/1\.1\.1: a status needs a reason/);
  });
});
