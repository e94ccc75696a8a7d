import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError, applyBaseline, createBaseline, filterByBaseline, readBaseline, writeBaseline } from '../src/engine/baseline.js';
import { loadRules } from '../src/engine/load-rules.js';
import { lint } from '../src/lint.js';
import { type Finding, PARSE_ERROR } from '../src/model/finding.js';
import { fingerprint } from '../src/report/fingerprint.js';

/** Of the workload rules only privileged-container: the pods here are about it, the others would add noise. */
const rules = loadRules().filter((r) => r.target !== 'k8s.workload' || r.id === 'privileged-container');

const POD = (name: string, containers: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
spec:
  containers:
${containers
  .map(
    (c) => `    - name: ${c}
      image: busybox
      securityContext:
        privileged: true
`,
  )
  .join('')}`;

const CLUSTER = `resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-lint-baseline-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('baselines', () => {
  it('are written sorted, with relative paths, and absorb every finding they were written from', async () => {
    const dir = project({ 'pods.yaml': POD('web', ['a', 'b']), 'main.tf': CLUSTER });
    const first = await lint([dir], { rules, cwd: dir });
    expect(first.findings.length).toBeGreaterThan(4);
    const file = join(dir, 'eks-lint-baseline.json');
    await writeBaseline(file, first.findings, dir);

    const written = JSON.parse(readFileSync(file, 'utf8')) as { version: number; tool: string; findings: { file: string; fingerprint: string; ruleId: string; resource?: string; message: string }[] };
    expect(written.version).toBe(1);
    expect(written.tool).toBe('eks-lint');
    expect(written.findings).toHaveLength(first.findings.length);
    expect(new Set(written.findings.map((e) => e.file))).toEqual(new Set(['main.tf', 'pods.yaml']));
    expect(written.findings.map((e) => `${e.file} ${e.ruleId}`)).toEqual(written.findings.map((e) => `${e.file} ${e.ruleId}`).sort());
    expect(written.findings[0]).toEqual({
      fingerprint: fingerprint(first.findings.find((f) => f.file.endsWith('main.tf') && f.ruleId === 'eks-audit-logging-disabled')!, dir),
      ruleId: 'eks-audit-logging-disabled',
      file: 'main.tf',
      resource: 'aws_eks_cluster.main',
      message: 'aws_eks_cluster.main does not send control-plane audit logs to CloudWatch',
    });

    const again = await lint([dir], { rules, cwd: dir, baseline: 'eks-lint-baseline.json' });
    expect(again.findings).toEqual([]);
    expect(again.baselined).toEqual(first.findings);
  });

  it('still absorb a finding when lines are inserted above it, and let a new one through', async () => {
    const dir = project({ 'pods.yaml': POD('web', ['a']) });
    const before = await lint([dir], { rules, cwd: dir });
    const baselineFile = join(dir, 'baseline.json');
    await writeBaseline(baselineFile, before.findings, dir);
    const privileged = before.findings.find((f) => f.ruleId === 'privileged-container')!;

    // Unrelated lines above, and a second privileged container below.
    writeFileSync(join(dir, 'pods.yaml'), `# owned by the shop team\n# see the runbook\n\n${POD('web', ['a', 'b'])}`);
    const after = await lint([dir], { rules, cwd: dir });
    const moved = after.findings.find((f) => f.ruleId === 'privileged-container' && f.message.includes("'a'"))!;
    expect(moved.range.line).toBe(privileged.range.line + 3);
    expect(fingerprint(moved, dir)).toBe(fingerprint(privileged, dir));

    const { findings, baselined, unmatched } = await applyBaseline(after.findings, baselineFile, dir);
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([['privileged-container', "Container 'b' of Pod shop/web runs privileged"]]);
    expect(baselined.map((f) => f.ruleId).sort()).toEqual(['namespace-without-network-policy', 'privileged-container']);
    expect(unmatched).toBe(0);
  });

  it('match by fingerprint with counts: one entry absorbs one finding', () => {
    const finding: Finding = { ruleId: 'r', severity: 'error', message: 'same', file: '/p/a.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 }, resource: 'x', pointer: '/p' };
    const twin = { ...finding, range: { ...finding.range, line: 9 } };
    const one = createBaseline([finding], '/p');
    expect(filterByBaseline([finding, twin], one, '/p')).toEqual({ findings: [twin], baselined: [finding], unmatched: 0 });
    const two = createBaseline([finding, twin], '/p');
    expect(filterByBaseline([finding, twin], two, '/p')).toEqual({ findings: [], baselined: [finding, twin], unmatched: 0 });
    expect(filterByBaseline([], two, '/p').unmatched).toBe(2);
  });

  it('never hold parse errors', () => {
    const broken: Finding = { ruleId: PARSE_ERROR, severity: 'error', message: 'bad', file: '/p/a.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
    const baseline = createBaseline([broken], '/p');
    expect(baseline.findings).toEqual([]);
    // Even a hand-written entry with its fingerprint does not hide one.
    const forged = { ...baseline, findings: [{ fingerprint: fingerprint(broken, '/p'), ruleId: PARSE_ERROR, file: 'a.yaml', message: 'bad' }] };
    expect(filterByBaseline([broken], forged, '/p').findings).toEqual([broken]);
  });

  it('reject files that are not baselines', async () => {
    const dir = project({ 'bad.json': '{"version": 2, "tool": "eks-lint", "findings": []}', 'text.json': 'nope', 'other.json': '{"findings": []}' });
    await expect(readBaseline(join(dir, 'bad.json'))).rejects.toThrow(/unsupported baseline version 2/);
    await expect(readBaseline(join(dir, 'text.json'))).rejects.toThrow(/not valid JSON/);
    await expect(readBaseline(join(dir, 'other.json'))).rejects.toThrow(/not an eks-lint baseline/);
    await expect(readBaseline(join(dir, 'missing.json'))).rejects.toBeInstanceOf(BaselineError);
  });
});
