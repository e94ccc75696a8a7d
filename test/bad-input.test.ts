import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { PARSE_ERROR, SKIPPED_FILE } from '../src/model/finding.js';
import { writeTree } from './helpers/temp-tree.js';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: c
      image: busybox
      securityContext: { privileged: true }
`;

async function lintFiles(files: Record<string, string | Uint8Array>) {
  const dir = writeTree(files, 'eks-lint-bad-');
  const report = await lint([dir]);
  // Other rules fire on these small inputs too: these tests are about the privileged pod and the input problems.
  const about = new Set(['privileged-container', PARSE_ERROR, SKIPPED_FILE]);
  const by = (name: string) => report.findings.filter((f) => f.file === join(dir, name) && about.has(f.ruleId));
  return { report, by };
}

describe('bad input is a positioned finding and the scan goes on', () => {
  it('reports broken YAML with its line and still lints the other files', async () => {
    const { by } = await lintFiles({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\nspec: {}\n',
      'pod.yaml': PRIVILEGED_POD,
    });
    const [error] = by('broken.yaml');
    expect(error?.ruleId).toBe(PARSE_ERROR);
    expect(error?.severity).toBe('error');
    expect(error?.range.line).toBeGreaterThanOrEqual(4);
    expect(error?.message.length).toBeGreaterThan(5);
    expect(by('pod.yaml').map((f) => f.ruleId)).toContain('privileged-container');
  });

  it('reports invalid HCL with its position', async () => {
    const { by } = await lintFiles({
      'main.tf': 'resource "aws_eks_cluster" "x" {\n  name = \n}\n',
      'pod.yaml': PRIVILEGED_POD,
    });
    const errors = by('main.tf').filter((f) => f.ruleId === PARSE_ERROR);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.range.line).toBeGreaterThanOrEqual(2);
    expect(by('pod.yaml').filter((f) => f.ruleId === 'privileged-container')).toHaveLength(1);
  });

  it('reports a binary file instead of parsing it', async () => {
    const { by } = await lintFiles({ 'image.yaml': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff]), 'pod.yaml': PRIVILEGED_POD });
    expect(by('image.yaml').map((f) => [f.ruleId, f.range.line, f.message])).toEqual([[PARSE_ERROR, 1, expect.stringMatching(/binary/i)]]);
    expect(by('pod.yaml').filter((f) => f.ruleId === 'privileged-container')).toHaveLength(1);
  });

  it('reports invalid UTF-8', async () => {
    const { by } = await lintFiles({ 'latin1.yaml': new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]) });
    expect(by('latin1.yaml').map((f) => f.message)).toEqual([expect.stringMatching(/UTF-8/)]);
  });

  it('accepts empty files of every syntax without a finding', async () => {
    const { report } = await lintFiles({ 'empty.yaml': '', 'empty.tf': '', 'empty.json': '', 'empty.tf.json': '' });
    expect(report.findings).toEqual([]);
    expect(report.files).toHaveLength(4);
  });

  it('skips YAML and JSON that is none of the supported formats, silently', async () => {
    const { report } = await lintFiles({ 'package.json': '{"name": "x"}', 'values.yaml': 'replicaCount: 2\n' });
    expect(report.findings).toEqual([]);
  });

  it('skips the Helm templates of a chart with a warning', async () => {
    const { by } = await lintFiles({
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    });
    expect(by('chart/templates/deploy.yaml').map((f) => [f.ruleId, f.severity])).toEqual([[SKIPPED_FILE, 'warning']]);
  });

  it('keeps the good documents of a multi-document file with a broken one', async () => {
    const { by } = await lintFiles({ 'multi.yaml': `${PRIVILEGED_POD}---\nkind: [\n---\n${PRIVILEGED_POD.replace('name: p', 'name: q')}` });
    const findings = by('multi.yaml');
    expect(findings.filter((f) => f.ruleId === 'privileged-container').map((f) => f.resource)).toEqual(['Pod p', 'Pod q']);
    expect(findings.filter((f) => f.ruleId === PARSE_ERROR)).toHaveLength(1);
  });
});
