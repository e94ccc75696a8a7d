import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { PARSE_ERROR } from '../src/model/finding.js';
import { writeTree } from './helpers/temp-tree.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The rules these fixtures probe the plan's mapping with (the clusters break the others too). */
const PROBES = new Set(['eks-public-endpoint-unrestricted', 'eks-audit-logging-disabled', 'eks-secrets-not-encrypted']);

async function findings(paths: string[]): Promise<string[]> {
  const report = await lint(paths.map((p) => join(FIXTURES, p)), { cwd: FIXTURES });
  expect(report.findings.filter((f) => f.ruleId === PARSE_ERROR)).toEqual([]);
  return report.findings.filter((f) => PROBES.has(f.ruleId)).map((f) => `${f.ruleId} ${relative(FIXTURES, f.file)}:${f.range.line} ${f.resource}`);
}

describe('Terraform plan JSON', () => {
  it('expands a local module called twice and reports at the module code the plan came from', async () => {
    // Read statically, the calls are evaluated too: module.prod passes public access on.
    expect(await findings(['plan/local-module/main.tf', 'plan/local-module/modules/cluster/main.tf'])).toEqual([
      'eks-public-endpoint-unrestricted plan/local-module/modules/cluster/main.tf:18 module.prod.aws_eks_cluster.this',
    ]);
    // The plan knows module.prod turns it on (and module.dev off); the KMS key ARN, known after
    // apply, is unknown but set.
    expect(await findings(['plan/local-module'])).toEqual([
      'eks-public-endpoint-unrestricted plan/local-module/modules/cluster/main.tf:18 module.prod.aws_eks_cluster.this',
    ]);
  });

  it('reports a line of a module called twice once when its folder is scanned too and the readings agree', async () => {
    const report = await lint([join(FIXTURES, 'plan/local-module')], { cwd: FIXTURES });
    const places = report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${relative(FIXTURES, f.file)}:${f.range.line}`);
    expect(places.length).toBeGreaterThan(0);
    expect(places).toEqual([...new Set(places)]);
  });

  it('reports against the plan file, by address, when the configuration is not scanned', async () => {
    expect(await findings(['plan/local-module/plan.json'])).toEqual(['eks-public-endpoint-unrestricted plan/local-module/plan.json:116 module.prod.aws_eks_cluster.this']);
  });

  it('maps a registry module instance onto its call, each finding at the input, without duplicates', async () => {
    expect(await findings(['plan/registry-module'])).toEqual([
      'eks-public-endpoint-unrestricted plan/registry-module/main.tf:11 module.eks.aws_eks_cluster.this[0]',
      'eks-audit-logging-disabled plan/registry-module/main.tf:12 module.eks.aws_eks_cluster.this[0]',
    ]);
  });
});

describe('values known only after apply', () => {
  const plan = (configuration: unknown) =>
    JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_eks_cluster.c', mode: 'managed', type: 'aws_eks_cluster', name: 'c', values: { vpc_config: [{ endpoint_public_access: true }] } }] } },
      resource_changes: [{ address: 'aws_eks_cluster.c', change: { after_unknown: { vpc_config: [{ public_access_cidrs: true }] } } }],
      ...(configuration ? { configuration } : {}),
    });
  const lintPlan = async (text: string) => {
    const dir = writeTree({ 'plan.json': text });
    try {
      return (await lint([dir])).findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted').map((f) => `${f.ruleId}:${f.range.line}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('are unknown when the configuration sets them, or when the plan has no configuration', async () => {
    expect(await lintPlan(plan(undefined))).toEqual([]);
    const setsCidrs = { root_module: { resources: [{ type: 'aws_eks_cluster', name: 'c', expressions: { vpc_config: [{ public_access_cidrs: { references: ['var.cidrs'] } }] } }] } };
    expect(await lintPlan(plan(setsCidrs))).toEqual([]);
  });

  it('take the API default when the configuration does not set them', async () => {
    const noCidrs = { root_module: { resources: [{ type: 'aws_eks_cluster', name: 'c', expressions: { vpc_config: [{ endpoint_public_access: { constant_value: true } }] } }] } };
    expect(await lintPlan(plan(noCidrs))).toEqual(['eks-public-endpoint-unrestricted:1']);
  });
});
