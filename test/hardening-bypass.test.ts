/**
 * A file must not be able to hide its own misconfigurations: a limit hit inside one value makes
 * that value unknown and says so, while the rest of the file is still judged; a file eks-lint does
 * not read is reported in a way that thresholds (--fail-on, --max-warnings) can see.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/exit-code.js';
import { lint } from '../src/lint.js';
import { ANALYSIS_LIMIT } from '../src/model/finding.js';
import { MAX_LOCAL_CHAIN } from '../src/normalize/terraform/evaluate.js';
import { writeTree } from './helpers/temp-tree.js';

/** A cluster whose endpoint is public and open to the world when `access` is true. */
function cluster(access: string): string {
  return `resource "aws_eks_cluster" "c" {
  name     = "c"
  role_arn = "arn:aws:iam::1:role/r"
  vpc_config {
    subnet_ids             = ["a"]
    endpoint_public_access = ${access}
    public_access_cidrs    = ["0.0.0.0/0"]
  }
}
`;
}

async function scan(files: Record<string, string>, path = '.') {
  const dir = writeTree(files, 'eks-lint-bypass-');
  try {
    const report = await lint([join(dir, path)], { cwd: join(dir, path) });
    return report.findings.map((f) => `${f.file.slice(dir.length + 1)}:${f.range.line} ${f.severity} ${f.ruleId}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a chain of locals', () => {
  function chain(length: number): string {
    const lines = ['locals {', '  a0 = true'];
    for (let i = 1; i < length; i++) lines.push(`  a${i} = local.a${i - 1}`);
    lines.push('}', '');
    return lines.join('\n');
  }

  it(`is followed through ${MAX_LOCAL_CHAIN} locals (33 used to make the value unknown)`, async () => {
    for (const length of [33, MAX_LOCAL_CHAIN]) {
      const findings = await scan({ 'locals.tf': chain(length), 'main.tf': cluster(`local.a${length - 1}`) });
      expect(findings).toContain('main.tf:7 error eks-public-endpoint-unrestricted');
      expect(findings.filter((f) => f.includes(ANALYSIS_LIMIT))).toEqual([]);
    }
  });

  it('longer, leaves the value unknown with an info note where the chain was cut', async () => {
    const length = MAX_LOCAL_CHAIN + 10;
    const findings = await scan({ 'locals.tf': chain(length), 'main.tf': cluster(`local.a${length - 1}`) });
    expect(findings.filter((f) => f.includes('eks-public-endpoint-unrestricted'))).toEqual([]);
    // a(length-1) … a10 are followed (256 locals); a10's reference to a9 is cut: a10 is on line 12.
    expect(findings.filter((f) => f.includes(ANALYSIS_LIMIT))).toEqual([`locals.tf:12 info ${ANALYSIS_LIMIT}`]);
  });
});

describe('Terraform JSON', () => {
  const body = {
    name: 'c',
    role_arn: 'arn:aws:iam::1:role/r',
    vpc_config: [{ subnet_ids: ['a'], endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }],
  };

  it('reads arrays of objects at the block type and label levels, as HCL JSON allows', async () => {
    const shapes = [
      { resource: [{ aws_eks_cluster: { c: body } }] },
      { resource: { aws_eks_cluster: [{ c: body }] } },
      { resource: [{ aws_eks_cluster: [{ c: [body] }] }] },
    ];
    for (const shape of shapes) {
      const findings = await scan({ 'main.tf.json': JSON.stringify(shape, null, 2) });
      expect(findings.filter((f) => f.includes('eks-public-endpoint-unrestricted'))).toEqual([expect.stringMatching(/^main\.tf\.json:\d+ error/)]);
    }
  });

  it('reports a block value it cannot read (Terraform rejects it) instead of reading it as nothing', async () => {
    const text = JSON.stringify({ resource: [{ aws_eks_cluster: 'c' }, { aws_eks_cluster: { c: body } }] }, null, 2);
    const findings = await scan({ 'main.tf.json': text });
    expect(findings).toContain('main.tf.json:4 error parse-error');
    expect(findings.filter((f) => f.includes('eks-public-endpoint-unrestricted'))).toHaveLength(1);
  });
});

describe('Helm templates', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n      securityContext:\n        privileged: true\n';
  const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

  it('are not assumed from a folder named templates: without a Chart.yaml the file is read', async () => {
    expect(await scan({ 'templates/pod.yaml': `# {{ see docs }}\n${POD}` })).toEqual(['templates/pod.yaml:11 error privileged-container']);
  });

  it('are not assumed from braces in a comment, even in a chart', async () => {
    const findings = await scan({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': `# {{ see docs }}\n${POD.replace('name: p', 'name: p # {{ x }}')}` });
    expect(findings).toEqual(['chart/templates/pod.yaml:11 error privileged-container']);
  });

  it('need the chart within the scanned folder, the working folder or the repository', async () => {
    const files = { 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD.replace('name: p', 'name: {{ .Release.Name }}') };
    // Scanning chart/templates alone, from there: the Chart.yaml above is outside, so the file is read as YAML.
    expect(await scan(files, 'chart/templates')).toEqual(['chart/templates/pod.yaml:10 error privileged-container']);
  });

  it('of a chart are skipped with a warning, which --max-warnings 0 and failOn: warning see', async () => {
    const dir = writeTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD.replace('name: p', 'name: {{ .Release.Name }}') }, 'eks-lint-bypass-');
    const report = await lint([dir], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.range.line])).toEqual([['skipped-file', 'warning', 1]]);
    expect(exitCodeFor(report.findings, { failOn: 'error' })).toBe(0);
    expect(exitCodeFor(report.findings, { failOn: 'error', maxWarnings: 0 })).toBe(1);
    expect(exitCodeFor(report.findings, { failOn: 'warning' })).toBe(1);
  });
});
