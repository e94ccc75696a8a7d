import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { SKIPPED_FILE } from '../src/model/finding.js';
import type { Resource } from '../src/model/resource.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { registryAddress } from '../src/normalize/terraform/registry/module-calls.js';
import { chooseMajor } from '../src/normalize/terraform/registry/version-constraint.js';
import { parseHcl } from '../src/parse/hcl.js';
import { writeTree } from './helpers/temp-tree.js';

async function resources(src: string): Promise<Resource[]> {
  const { body, problems } = await parseHcl(src);
  expect(problems).toEqual([]);
  return normalizeTerraformModule([extractTerraform('/m/main.tf', body, 'tf')]);
}

async function clusterOf(src: string): Promise<Resource> {
  const found = (await resources(src)).filter((r) => r.kind === 'eks.cluster');
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('version constraints', () => {
  const known = [19, 20, 21];
  it.each([
    [undefined, 21],
    ['~> 20.0', 20],
    ['~> 20', 20],
    ['~> 19.21.0', 19],
    ['>= 19, < 21', 20],
    ['>= 19.0, < 20.5', 20],
    ['>= 20.37', 21],
    ['< 20', 19],
    ['20.8.4', 20],
    ['= 21.0.0', 21],
    ['v19.15.3', 19],
    ['> 21.0, != 21.1.0', 21],
    ['~> 18.0', undefined],
    ['>= 22', undefined],
    ['latest', undefined],
  ])('%s picks %s', (constraint, major) => {
    expect(chooseMajor(constraint, known)).toBe(major);
  });
});

describe('registry addresses', () => {
  it.each([
    ['terraform-aws-modules/eks/aws', 'terraform-aws-modules/eks/aws'],
    ['registry.terraform.io/terraform-aws-modules/eks/aws', 'terraform-aws-modules/eks/aws'],
    ['terraform-aws-modules/eks/aws//modules/karpenter', 'terraform-aws-modules/eks/aws//modules/karpenter'],
    ['./modules/eks', undefined],
    ['../..', undefined],
    ['github.com/terraform-aws-modules/terraform-aws-eks', undefined],
    ['git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.0.0', undefined],
  ])('%s', (source, address) => {
    expect(registryAddress(source)).toBe(address);
  });
});

describe('terraform-aws-modules/eks/aws', () => {
  it('maps v20 inputs onto the cluster, each at its input, defaults at the module block', async () => {
    const cluster = await clusterOf(`module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name                   = "payments"
  cluster_endpoint_public_access = true
}
`);
    expect(cluster.name).toBe('module.eks.aws_eks_cluster.this[0]');
    expect(cluster.props).toEqual({
      name: 'payments',
      logging: { enabledTypes: ['audit', 'api', 'authenticator'] },
      endpoint: { publicAccess: true, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: true, keyArn: { $unknown: 'module.kms.key_arn' } },
      access: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: false },
      outpost: false,
    });
    expect(cluster.range.line).toBe(1);
    expect(cluster.locations['/name']?.line).toBe(5);
    expect(cluster.locations['/endpoint/publicAccess']?.line).toBe(6);
    // The module's open default CIDR list is the consequence of the input that turned access on.
    expect(cluster.locations['/endpoint/publicAccessCidrs/0']?.line).toBe(6);
    expect(cluster.locations['/logging/enabledTypes']?.line).toBe(1);
    expect(cluster.locations['/endpoint/privateAccess']?.line).toBe(1);
  });

  it('reads each major version by its own input names', async () => {
    const src = (version: string) => `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "${version}"
  cluster_endpoint_public_access = true
  endpoint_public_access         = true
  enabled_log_types              = []
}
`;
    const v21 = await clusterOf(src('~> 21.0'));
    expect(v21.props.endpoint).toMatchObject({ publicAccess: true });
    expect(v21.locations['/endpoint/publicAccess']?.line).toBe(5);
    expect(v21.props.logging).toEqual({ enabledTypes: [] });
    const v19 = await clusterOf(src('~> 19.0'));
    expect(v19.props.endpoint).toMatchObject({ publicAccess: true });
    expect(v19.locations['/endpoint/publicAccess']?.line).toBe(4);
    expect(v19.props.logging).toEqual({ enabledTypes: ['audit', 'api', 'authenticator'] });
  });

  it('reads access per major, and v21\'s outpost_config as a local cluster', async () => {
    const src = (version: string, extra = '') => `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "${version}"
${extra}}
`;
    // v19 writes no access_config: the EKS API's defaults.
    expect((await clusterOf(src('~> 19.0'))).props.access).toEqual({ authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true });
    const v21 = await clusterOf(src('~> 21.0', '  enable_cluster_creator_admin_permissions = true\n'));
    expect(v21.props.access).toEqual({ authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: true });
    expect(v21.locations['/access/bootstrapCreatorAdmin']?.line).toBe(4);
    expect(v21.props.outpost).toBe(false);
    const local = await clusterOf(src('~> 21.0', '  outpost_config = {\n    control_plane_instance_type = "m5d.large"\n    outpost_arns = ["arn:aws:outposts:us-west-2:123456789012:outpost/op-1"]\n  }\n'));
    expect(local.props.outpost).toBe(true);
    expect((await clusterOf(src('~> 21.0', '  outpost_config = null\n'))).props.outpost).toBe(false);
    expect((await clusterOf(src('~> 21.0', '  outpost_config = var.outpost\n'))).props.outpost).toEqual(expect.objectContaining({ $unknown: expect.any(String) as string }));
  });

  it('follows create_kms_key and the encryption input as main.tf does', async () => {
    const encryption = async (inputs: string, version = '~> 20.0') =>
      (await clusterOf(`module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  version = "${version}"\n${inputs}\n}\n`)).props.secretsEncryption;
    expect(await encryption('  cluster_encryption_config = {}')).toEqual({ enabled: false });
    expect(await encryption('  create_kms_key = false\n  cluster_encryption_config = { resources = ["secrets"], provider_key_arn = "arn:k" }')).toEqual({ enabled: true, keyArn: 'arn:k' });
    // Terraform would stop with an error: no key at all.
    expect(await encryption('  create_kms_key = false')).toEqual({ enabled: { $unknown: 'encryption_config is generated by a dynamic block' }, keyArn: { $unknown: 'encryption_config is generated by a dynamic block' } });
    expect(await encryption('  cluster_encryption_config = var.unset')).toMatchObject({ enabled: { $unknown: 'encryption_config is generated by a dynamic block' } });
    expect(await encryption('  encryption_config = {}', '~> 21.0')).toEqual({ enabled: true, keyArn: { $unknown: 'module.kms.key_arn' } });
    expect(await encryption('  encryption_config = { resources = ["configmaps"] }', '~> 21.0')).toEqual({ enabled: false, keyArn: { $unknown: 'module.kms.key_arn' } });
  });

  it('creates nothing when create, putin_khuylo or count say so, and one shape otherwise', async () => {
    const call = (extra: string) => `module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n${extra}\n}\n`;
    expect(await resources(call('  create = false'))).toEqual([]);
    expect(await resources(call('  putin_khuylo = false'))).toEqual([]);
    expect(await resources(call('  count = 0'))).toEqual([]);
    expect((await resources(call('  create = var.enabled'))).filter((r) => r.kind === 'eks.cluster')).toHaveLength(1);
  });

  it('reads managed node groups: name, cluster, role, subnets and remote access', async () => {
    const groups = (await resources(`module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "payments"
  subnet_ids   = ["subnet-a", "subnet-b"]

  eks_managed_node_group_defaults = { iam_role_arn = "arn:role/shared" }
  eks_managed_node_groups = {
    general = {}
    gpu = {
      name       = "gpu-nodes"
      subnet_ids = ["subnet-c"]
    }
  }
}
`)).filter((r) => r.kind === 'eks.nodegroup');
    const closed = { enabled: false, sshKey: null, sourceSecurityGroups: [], sourceCidrs: [] };
    const common = { clusterName: 'payments', nodeRole: 'arn:role/shared', managed: true, remoteAccess: closed };
    expect(groups.map((g) => [g.name, g.props])).toEqual([
      ['module.eks.module.eks_managed_node_group["general"].aws_eks_node_group.this[0]', { name: 'general', subnets: ['subnet-a', 'subnet-b'], ...common }],
      ['module.eks.module.eks_managed_node_group["gpu"].aws_eks_node_group.this[0]', { name: 'gpu-nodes', subnets: ['subnet-c'], ...common }],
    ]);
    expect(groups[1]?.locations['/subnets']?.line).toBe(12);
  });

  it('notes every other registry module as not analysed, at its source', async () => {
    const src = `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\nmodule "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\nmodule "local" {\n  source = "./modules/x"\n}\n`;
    const dir = writeTree({ 'main.tf': src }, 'eks-lint-registry-notes-');
    const report = await lint([dir], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    const notes = report.findings.filter((p) => p.ruleId === SKIPPED_FILE && p.message.includes('not analysed'));
    expect(notes.map((n) => [n.severity, n.range.line, n.message])).toEqual([
      ['info', 2, 'module "vpc" (terraform-aws-modules/vpc/aws) was not analysed: eks-lint downloads no module, and reads only terraform-aws-modules/eks/aws from the registry'],
    ]);
  });

  it('notes git, S3 and URL sources as not analysed without echoing their address', async () => {
    const src = [
      'module "a" {\n  source = "git::https://user:token@example.com/vpc.git?ref=v1"\n}',
      'module "b" {\n  source = "github.com/example/vpc"\n}',
      'module "c" {\n  source = "s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip"\n}',
      'module "d" {\n  source = "https://example.com/vpc.zip"\n}',
    ].join('\n');
    const dir = writeTree({ 'main.tf': src }, 'eks-lint-remote-notes-');
    const report = await lint([dir], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    const notes = report.findings.filter((p) => p.ruleId === SKIPPED_FILE && p.message.includes('not analysed'));
    expect(notes.map((n) => [n.range.line, n.message.replace(/, and eks-lint.*/, '')])).toEqual([
      [2, 'module "a" was not analysed: its source is a git repository'],
      [5, 'module "b" was not analysed: its source is a git repository'],
      [8, 'module "c" was not analysed: its source is an S3 bucket'],
      [11, 'module "d" was not analysed: its source is a URL'],
    ]);
    expect(notes.some((n) => n.message.includes('token'))).toBe(false);
  });
});

describe('terraform-aws-modules/eks/aws in Terraform JSON', () => {
  it('is read from a .tf.json module block like from HCL', async () => {
    const src = '{\n  "module": {\n    "eks": {\n      "source": "terraform-aws-modules/eks/aws",\n      "version": "~> 20.0",\n      "cluster_endpoint_public_access": true\n    }\n  }\n}\n';
    const dir = writeTree({ 'main.tf.json': src });
    try {
      const report = await lint([dir]);
      expect(report.findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted').map((f) => [f.range.line, f.resource])).toEqual([[6, 'module.eks.aws_eks_cluster.this[0]']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('suppressing a finding of a module call', () => {
  it('works with a comment on the input that causes it', async () => {
    const src = `module "eks" {
  source = "terraform-aws-modules/eks/aws"
  # eks-lint-disable-next-line eks-public-endpoint-unrestricted -- sandbox account, torn down nightly
  endpoint_public_access = true
}
`;
    const dir = writeTree({ 'main.tf': src });
    try {
      const report = await lint([dir]);
      expect(report.findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted')).toEqual([]);
      expect(report.suppressed.map((f) => [f.ruleId, f.range.line])).toEqual([['eks-public-endpoint-unrestricted', 4]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
