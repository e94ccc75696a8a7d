/**
 * A file must not be able to hide its own misconfigurations: a limit hit inside one value makes
 * that value unknown and says so, while the rest of the file is still judged; a file eks-lint does
 * not read is reported in a way that thresholds (--fail-on, --max-warnings) can see.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

async function scan(files: Record<string, string>) {
  const dir = writeTree(files, 'eks-lint-bypass-');
  try {
    const report = await lint([dir]);
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
