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
import { MAX_LOCAL_CHAIN } from '../src/normalize/terraform/scope.js';
import { parseHcl } from '../src/parse/hcl.js';
import { MAX_HCL_NESTING, prescanHcl } from '../src/parse/hcl-prescan.js';
import { child } from '../src/model/tree.js';
import { rulesOnly } from './helpers/rules.js';
import { writeTree } from './helpers/temp-tree.js';

// The rules these inputs exercise; the catalogue's others would add findings that say nothing here.
const THESE_RULES = rulesOnly('privileged-container', 'eks-public-endpoint-unrestricted');

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
    const report = await lint([join(dir, path)], { cwd: join(dir, path), rules: THESE_RULES });
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

describe('HCL values nested too deep for the parser', () => {
  const nestedTemplates = (levels: number) => `"${'${"'.repeat(levels)}x${'"}'.repeat(levels)}"`;
  function nestedHeredocs(levels: number): string {
    let value = 'x';
    for (let i = 0; i < levels; i++) value = `"\${<<EOT\n${value}\nEOT\n}"`;
    return value;
  }

  it('are unknown, with a warning at them, while the rest of the file is judged', async () => {
    // 64 levels of "${" (HashiCorp's parser accepts them) used to withhold every resource of the file.
    for (const deep of [nestedTemplates(64), nestedTemplates(200), nestedHeredocs(60)]) {
      const findings = await scan({ 'main.tf': `locals {\n  deep = ${deep}\n  open = true\n}\n\n${cluster('local.open')}` });
      expect(findings.filter((f) => f.includes('analysis-limit'))).toEqual([expect.stringMatching(/^main\.tf:\d+ warning analysis-limit$/)]);
      expect(findings.filter((f) => f.includes('eks-public-endpoint-unrestricted'))).toEqual([expect.stringMatching(/^main\.tf:\d+ error /)]);
      // The cut value itself is unknown: no rule fires on it.
      const unknown = await scan({ 'main.tf': `locals {\n  deep = ${deep}\n}\n\n${cluster('local.deep')}` });
      expect(unknown.filter((f) => f.includes('eks-public-endpoint-unrestricted'))).toEqual([]);
    }
  });

  it('in a tuple, object or block, past the nesting limit, are cut the same way', async () => {
    const tuple = await parseHcl(`a = ${'['.repeat(MAX_HCL_NESTING + 5)}1${']'.repeat(MAX_HCL_NESTING + 5)}\nb = 2\n`);
    expect(tuple.problems.map((p) => [p.ruleId, p.severity, p.range.line])).toEqual([['analysis-limit', 'warning', 1]]);
    expect(child(tuple.body, 'b')).toMatchObject({ type: 'scalar', value: 2 });
    let inner = child(tuple.body, 'a');
    while (inner?.type === 'seq') inner = inner.items[0];
    expect(inner).toMatchObject({ type: 'expr' });
  });

  it('are found by a pass that follows strings, comments, heredocs and escapes as the parser does', () => {
    const tricky = [
      '# a comment with " and ${ and [[[',
      '// another with <<EOT',
      '/* a block comment with "${"${" */',
      'a = "escaped \\" quote, $${literal} and %%{literal} and }"',
      'b = <<-EOT',
      '  heredoc with " and ${var.x} and # not a comment',
      '  EOT',
      'c = { for k, v in var.m : k => "${v}" }',
      'block "label" {',
      '  d = [ { e = (1 + 2) } ]',
      '}',
    ].join('\n');
    expect(prescanHcl(tricky).cuts).toEqual([]);
    // Right after all that, the scanner still knows where it is: the cut is exactly the 500th bracket.
    const text = `${tricky}\nz = ${'['.repeat(MAX_HCL_NESTING + 1)}${']'.repeat(MAX_HCL_NESTING + 1)}\n`;
    const { cuts, text: parsed } = prescanHcl(text);
    const first = text.indexOf('[', text.indexOf('z = ')) + MAX_HCL_NESTING - 1;
    expect(cuts).toEqual([{ start: first, end: first + 4, limit: 'nesting' }]);
    expect(parsed.slice(first - 2, first + 6)).toBe('[[x   ]]');
    expect(prescanHcl(`a = ${'['.repeat(MAX_HCL_NESTING + 9)}${']'.repeat(MAX_HCL_NESTING + 9)}`).text).toMatch(/\[x\/\* +\*\/\]/);
    expect(parsed).toHaveLength(text.length);
  });
});
