/**
 * Suppressions at scale: N directives against M findings must be matched in near-linear time (the
 * benchmark measures it: `npm run bench:hardening`), and the index that makes it so must give the
 * same answers as comparing every suppression with every finding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze.js';
import { lint } from '../src/lint.js';
import type { Finding } from '../src/model/finding.js';
import { MAX_SUPPRESSIONS_PER_FINDING, SuppressionIndex, type Coverer, type CoverScope } from '../src/engine/suppression-index.js';
import { rulesOnly } from './helpers/rules.js';
import { writeTree } from './helpers/temp-tree.js';

// The suppressions here are about privileged-container; the catalogue's other rules would add findings of their own.
const PRIVILEGED_ONLY = rulesOnly('privileged-container');

function pod(containers: number, directive: (i: number) => string = () => ''): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:'];
  for (let i = 0; i < containers; i++) lines.push(directive(i), `  - name: c${i}`, '    image: busybox', '    securityContext:', '      privileged: true');
  return lines.filter((l) => l !== '').join('\n') + '\n';
}

describe('many suppressions against many findings', () => {
  it('1,000 file-wide directives × 1,000 privileged containers: every finding suppressed, each listing at most 10 of them', async () => {
    const directives = Array.from({ length: 1000 }, (_, i) => `# eks-lint-disable privileged-container -- accepted, note ${i}`).join('\n');
    const dir = writeTree({ 'pod.yaml': `${directives}\n${pod(1000)}` });
    const report = await lint([dir], { rules: PRIVILEGED_ONLY });
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(1000);
    for (const finding of report.suppressed) expect(finding.suppressions).toHaveLength(MAX_SUPPRESSIONS_PER_FINDING);
    // The first ones in the file are the ones listed.
    expect(report.suppressed[0]!.suppressions!.map((s) => s.range.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('10,000 next-line directives in a row all cover the line after the run', async () => {
    const run = Array.from({ length: 10_000 }, (_, i) => `# eks-lint-disable-next-line privileged-container -- note ${i}`).join('\n');
    const { suppressions } = await analyzeFile('pod.yaml', new TextEncoder().encode(`${run}\n${pod(3)}`));
    expect(suppressions).toHaveLength(10_000);
    expect(new Set(suppressions.map((s) => JSON.stringify(s.scope)))).toEqual(new Set([JSON.stringify({ type: 'lines', from: 10_001, to: 10_000 + 18 })]));
  });

  it('next-line directives before each container cover that container only', async () => {
    const dir = writeTree({ 'pod.yaml': pod(500, (i) => (i % 2 === 0 ? '  # eks-lint-disable-next-line privileged-container -- even ones' : '')) });
    const report = await lint([dir], { rules: PRIVILEGED_ONLY });
    expect(report.findings.map((f) => f.message)).toHaveLength(250);
    expect(report.findings.every((f) => /'c\d*[13579]'/.test(f.message))).toBe(true);
    expect(report.suppressed.every((f) => f.suppressions?.length === 1)).toBe(true);
  });
});

/** The definition: a suppression covers a finding of its file and rules, by scope. */
function covers(s: Coverer, f: Finding): boolean {
  if (s.file !== f.file || !s.targets.has(f.ruleId)) return false;
  if (s.scope.type === 'file') return true;
  if (s.scope.type === 'resource') return f.resource === s.scope.resource;
  return s.scope.from <= f.range.line && f.range.line <= s.scope.to;
}

describe('the suppression index', () => {
  const scope: fc.Arbitrary<CoverScope> = fc.oneof(
    fc.constant({ type: 'file' as const }),
    fc.constantFrom('r1', 'r2').map((resource) => ({ type: 'resource' as const, resource })),
    fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 10 })).map(([from, length]) => ({ type: 'lines' as const, from, to: from + length })),
  );
  const coverer = fc.record({
    file: fc.constantFrom('a', 'b'),
    scope,
    targets: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1 }).map((t) => new Set(t)),
  });
  const finding = fc.record({
    file: fc.constantFrom('a', 'b'),
    ruleId: fc.constantFrom('x', 'y', 'z'),
    resource: fc.constantFrom('r1', 'r2'),
    line: fc.integer({ min: 1, max: 45 }),
  });

  it('finds exactly what comparing every pair finds (the first ones, up to the cap), and marks the same ones used', () => {
    fc.assert(
      fc.property(fc.array(coverer, { maxLength: 40 }), fc.array(finding, { maxLength: 40 }), (coverers, raw) => {
        const findings: Finding[] = raw.map((f) => ({
          ruleId: f.ruleId,
          severity: 'error',
          message: '',
          file: f.file,
          resource: f.resource,
          range: { line: f.line, column: 1, endLine: f.line, endColumn: 1 },
        }));
        const index = new SuppressionIndex<Coverer>();
        for (const c of coverers) index.add(c);
        const matched = index.match(findings);
        findings.forEach((f, i) => {
          expect(matched[i]).toEqual(coverers.filter((c) => covers(c, f)).slice(0, MAX_SUPPRESSIONS_PER_FINDING));
        });
        for (const c of coverers) {
          const used = [...c.targets].filter((rule) => findings.some((f) => f.ruleId === rule && covers(c, f)));
          expect([...index.usedRules(c)].sort()).toEqual(used.sort());
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
