import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Range } from '../src/model/range.js';
import { type Resource, unknown } from '../src/model/resource.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import type { TerraformFileFacts } from '../src/normalize/terraform/facts.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { parseHcl } from '../src/parse/hcl.js';
import { terraformJsonToBody } from '../src/parse/terraform-json.js';
import { parseYaml } from '../src/parse/yaml.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/parse/terraform');

function range(line: number, column: number, endLine: number, endColumn: number): Range {
  return { line, column, endLine, endColumn };
}

/** Facts of one file, as the pipeline computes them (`/m/` stands for the module's directory). */
async function facts(name: string, src: string): Promise<TerraformFileFacts> {
  const kind = /\.tfvars(\.json)?$/.test(name) ? 'tfvars' : 'tf';
  const file = `/m/${name}`;
  if (name.endsWith('.json')) {
    const [root] = parseYaml(src).documents;
    if (!root) throw new Error('no JSON document');
    return extractTerraform(file, terraformJsonToBody(root), kind);
  }
  const { body, problems } = await parseHcl(src);
  expect(problems).toEqual([]);
  return extractTerraform(file, body, kind);
}

async function normalize(files: Record<string, string>): Promise<Resource[]> {
  return normalizeTerraformModule(await Promise.all(Object.entries(files).map(([name, src]) => facts(name, src))));
}

async function cluster(main: string, others: Record<string, string> = {}): Promise<Resource> {
  const resources = await normalize({ 'main.tf': main, ...others });
  expect(resources).toHaveLength(1);
  return resources[0]!;
}

const HEADER = range(1, 1, 1, 36); // resource "aws_eks_cluster" "this" {

describe('aws_eks_cluster → eks.cluster: defaults and where they point', () => {
  const minimal = [
    'resource "aws_eks_cluster" "this" {', // 1
    '  name     = "demo"', // 2
    '  role_arn = "arn:aws:iam::123456789012:role/eks"', // 3
    '  vpc_config {', // 4
    '    subnet_ids = ["subnet-1"]', // 5
    '  }', // 6
    '}', // 7
  ].join('\n');

  it('names, locates and fills every field of a minimal cluster', async () => {
    const resource = await cluster(minimal);
    expect(resource).toMatchObject({ kind: 'eks.cluster', name: 'aws_eks_cluster.this', format: 'terraform', file: '/m/main.tf', range: HEADER });
    expect(resource.props).toEqual({
      name: 'demo',
      logging: { enabledTypes: [] },
      endpoint: { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: false },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    const vpcHeader = range(4, 3, 4, 15);
    expect(resource.locations).toEqual({
      '/name': range(2, 3, 2, 20),
      '/logging/enabledTypes': HEADER,
      '/endpoint': range(4, 3, 6, 4),
      '/endpoint/publicAccess': vpcHeader,
      '/endpoint/privateAccess': vpcHeader,
      '/endpoint/publicAccessCidrs': vpcHeader,
      '/secretsEncryption/enabled': HEADER,
      '/access/authenticationMode': HEADER,
      '/access/bootstrapCreatorAdmin': HEADER,
      '/outpost': HEADER,
    });
  });

  it('applies the EKS API access defaults without access_config, and the provider\'s false for an unset bootstrap inside it', async () => {
    const bare = await cluster('resource "aws_eks_cluster" "this" {\n  role_arn = "x"\n}\n');
    expect(bare.props.access).toEqual({ authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true });
    const block = await cluster('resource "aws_eks_cluster" "this" {\n  access_config {\n    authentication_mode = "API"\n  }\n}\n');
    expect(block.props.access).toEqual({ authenticationMode: 'API', bootstrapCreatorAdmin: false });
    expect(block.locations['/access/authenticationMode']).toEqual(range(3, 5, 3, 32));
    expect(block.locations['/access/bootstrapCreatorAdmin']).toEqual(range(2, 3, 2, 18));
    const explicit = await cluster('resource "aws_eks_cluster" "this" {\n  access_config {\n    bootstrap_cluster_creator_admin_permissions = true\n  }\n}\n');
    expect(explicit.props.access).toEqual({ authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true });
    const local = await cluster('resource "aws_eks_cluster" "this" {\n  outpost_config {\n    control_plane_instance_type = "m5.large"\n  }\n}\n');
    expect(local.props.outpost).toBe(true);
  });

  it('points endpoint defaults at the resource when there is no vpc_config, and name is unknown when unset', async () => {
    const resource = await cluster('resource "aws_eks_cluster" "this" {\n  role_arn = "x"\n}\n');
    expect(resource.props.name).toEqual(unknown('name is not set'));
    expect(resource.props.endpoint).toEqual({ publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(resource.locations['/endpoint/publicAccess']).toEqual(HEADER);
    expect(resource.locations['/endpoint/publicAccessCidrs']).toEqual(HEADER);
    expect(resource.locations['/name']).toEqual(HEADER);
  });

  it('points the default CIDRs at an explicit endpoint_public_access', async () => {
    const resource = await cluster(
      ['resource "aws_eks_cluster" "this" {', '  vpc_config {', '    endpoint_public_access = true', '  }', '}'].join('\n'),
    );
    expect(resource.props.endpoint).toMatchObject({ publicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(resource.locations['/endpoint/publicAccess']).toEqual(range(3, 5, 3, 34));
    expect(resource.locations['/endpoint/publicAccessCidrs']).toEqual(range(3, 5, 3, 34));
    expect(resource.locations['/endpoint/privateAccess']).toEqual(range(2, 3, 2, 15));
  });

  it('treats `= null` as unset, located at the argument that says so', async () => {
    const resource = await cluster(
      [
        'resource "aws_eks_cluster" "this" {',
        '  enabled_cluster_log_types = null',
        '  vpc_config {',
        '    endpoint_public_access = null',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(resource.props.logging).toEqual({ enabledTypes: [] });
    expect(resource.props.endpoint).toMatchObject({ publicAccess: true });
    expect(resource.locations['/logging/enabledTypes']).toEqual(range(2, 3, 2, 35));
    expect(resource.locations['/endpoint/publicAccess']).toEqual(range(4, 5, 4, 34));
  });
});

describe('aws_eks_cluster → eks.cluster: explicit values', () => {
  const explicit = [
    'resource "aws_eks_cluster" "this" {', // 1
    '  name                      = "prod"', // 2
    '  enabled_cluster_log_types = ["API", "audit", "controllermanager"]', // 3
    '  vpc_config {', // 4
    '    endpoint_public_access  = "false"', // 5
    '    endpoint_private_access = true', // 6
    '    public_access_cidrs     = ["10.0.0.0/8"]', // 7
    '  }', // 8
    '  encryption_config {', // 9
    '    resources = ["secrets"]', // 10
    '    provider {', // 11
    '      key_arn = "arn:aws:kms:eu-west-1:123456789012:key/k"', // 12
    '    }', // 13
    '  }', // 14
    '}', // 15
  ].join('\n');

  it('reads every field, canonicalising log types and "false"', async () => {
    const resource = await cluster(explicit);
    expect(resource.props).toEqual({
      name: 'prod',
      logging: { enabledTypes: ['api', 'audit', 'controllerManager'] },
      endpoint: { publicAccess: false, privateAccess: true, publicAccessCidrs: ['10.0.0.0/8'] },
      secretsEncryption: { enabled: true, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
  });

  it('locates every field at its argument, and list items at themselves', async () => {
    const { locations } = await cluster(explicit);
    expect(locations).toMatchObject({
      '/name': range(2, 3, 2, 37),
      '/logging/enabledTypes': range(3, 3, 3, 68),
      '/logging/enabledTypes/2': range(3, 48, 3, 67),
      '/endpoint/publicAccess': range(5, 5, 5, 38),
      '/endpoint/privateAccess': range(6, 5, 6, 35),
      '/endpoint/publicAccessCidrs': range(7, 5, 7, 45),
      '/endpoint/publicAccessCidrs/0': range(7, 32, 7, 44),
      '/secretsEncryption/enabled': range(9, 3, 14, 4),
      '/secretsEncryption/keyArn': range(12, 7, 12, 59),
    });
  });

  it('counts any key ARN, even an expression, as set', async () => {
    const resource = await cluster(explicit.replace('"arn:aws:kms:eu-west-1:123456789012:key/k"', 'aws_kms_key.eks.arn'));
    expect(resource.props.secretsEncryption).toEqual({ enabled: true, keyArn: unknown('aws_kms_key.eks.arn') });
  });

  it('is not encrypting without "secrets" or without a key, and then points at the encryption_config', async () => {
    const noSecrets = await cluster(explicit.replace('["secrets"]', '[]'));
    expect(noSecrets.props.secretsEncryption).toEqual({ enabled: false, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
    expect(noSecrets.locations['/secretsEncryption/enabled']).toEqual(range(9, 3, 14, 4));
    const noKey = await cluster(explicit.replace(/ {4}provider \{\n.*\n {4}\}\n/, ''));
    expect(noKey.props.secretsEncryption).toEqual({ enabled: false });
  });
});

describe('aws_eks_cluster → eks.cluster: what cannot be known statically', () => {
  it('expands dynamic blocks over a known collection and leaves the others unknown', async () => {
    const resource = await cluster(
      [
        'resource "aws_eks_cluster" "this" {',
        '  dynamic "vpc_config" {',
        '    for_each = [1]',
        '    content { endpoint_public_access = false }',
        '  }',
        '  dynamic "encryption_config" {',
        '    for_each = var.kms_key_arn == null ? [] : [1]',
        '    content {',
        '      resources = ["secrets"]',
        '      provider { key_arn = var.kms_key_arn }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    const encryption = unknown('encryption_config is generated by a dynamic block');
    // `for_each = [1]` is known: one vpc_config block, located at its `content`.
    expect(resource.props.endpoint).toEqual({ publicAccess: false, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(resource.locations['/endpoint/publicAccess']).toEqual(range(4, 15, 4, 45));
    // var.kms_key_arn has no value: how many encryption_config blocks there are is unknown.
    expect(resource.props.secretsEncryption).toEqual({ enabled: encryption, keyArn: encryption });
    expect(resource.locations['/secretsEncryption/enabled']).toEqual(range(6, 3, 6, 32));
  });

  it('leaves each.* / count.* driven and unresolvable values unknown', async () => {
    const resource = await cluster(
      [
        'resource "aws_eks_cluster" "this" {',
        '  for_each                  = var.clusters',
        '  name                      = each.key',
        '  enabled_cluster_log_types = var.no_default',
        '  vpc_config {',
        '    endpoint_public_access = each.value.public',
        '    public_access_cidrs    = ["10.0.0.0/8", var.extra_cidr]',
        '  }',
        '  encryption_config {',
        '    resources = var.encrypted_resources',
        '    provider { key_arn = "k" }',
        '  }',
        '}',
        'variable "no_default" {}',
      ].join('\n'),
    );
    expect(resource.props.name).toEqual(unknown('each.key'));
    expect(resource.props.logging).toEqual({ enabledTypes: unknown('var.no_default') });
    expect(resource.props.endpoint).toMatchObject({
      publicAccess: unknown('each.value.public'),
      publicAccessCidrs: ['10.0.0.0/8', unknown('var.extra_cidr')],
    });
    expect(resource.props.secretsEncryption).toEqual({ enabled: unknown('var.encrypted_resources'), keyArn: unknown('var.encrypted_resources') });
  });

  it('skips `count = 0`, expands known counts and keeps one instance for an unknown count', async () => {
    const block = (name: string, count: string) => `resource "aws_eks_cluster" "${name}" {\n  count = ${count}\n}\n`;
    const resources = await normalize({ 'main.tf': block('none', '0') + block('two', '2') + block('toggle', 'var.create ? 1 : 0') });
    expect(resources.map((r) => r.name)).toEqual(['aws_eks_cluster.two[0]', 'aws_eks_cluster.two[1]', 'aws_eks_cluster.toggle']);
  });

  it('survives odd shapes without guessing', async () => {
    const resources = await normalize({
      'main.tf': [
        'resource "aws_eks_cluster" {}', // too few labels: not a resource
        'resource "aws_eks_cluster" "attr" {',
        '  vpc_config        = var.vpc',
        '  encryption_config = [for k in var.keys : { resources = ["secrets"] }]',
        '  enabled_cluster_log_types = "api"',
        '}',
        'resource "aws_eks_cluster" "empty" {}',
      ].join('\n'),
    });
    expect(resources.map((r) => r.name)).toEqual(['aws_eks_cluster.attr', 'aws_eks_cluster.empty']);
    const [attr] = resources;
    expect(attr?.props.endpoint).toMatchObject({ publicAccess: unknown('vpc_config is not a literal block') });
    expect(attr?.props.secretsEncryption).toMatchObject({ enabled: unknown('encryption_config is not a literal block') });
    expect(attr?.props.logging).toEqual({ enabledTypes: 'api' });
  });
});

describe('variables, locals and tfvars', () => {
  it('resolves the fixture module: tfvars over defaults, locals, located at the use', async () => {
    const resources = await normalize({
      'cluster.tf': readFileSync(join(FIXTURES, 'cluster.tf'), 'utf8'),
      'terraform.tfvars': readFileSync(join(FIXTURES, 'terraform.tfvars'), 'utf8'),
    });
    // The cluster, and the KMS key it encrypts its secrets with (a graph edge from the key ARN).
    expect(resources.map((r) => r.kind)).toEqual(['kms.key', 'eks.cluster']);
    const resource = resources.find((r) => r.kind === 'eks.cluster');
    expect(resource?.references).toContainEqual({ from: '/secretsEncryption/keyArn', to: 'aws_kms_key.eks', attribute: 'arn' });
    expect(resource?.props).toEqual({
      name: 'from-tfvars',
      logging: { enabledTypes: ['api', 'audit'] },
      endpoint: { publicAccess: false, privateAccess: false, publicAccessCidrs: ['10.0.0.0/8'] },
      secretsEncryption: { enabled: true, keyArn: unknown('aws_kms_key.eks.arn') },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(resource?.range).toEqual(range(22, 1, 22, 36));
    expect(resource?.locations).toMatchObject({
      '/name': range(23, 3, 23, 22),
      '/logging/enabledTypes': range(26, 3, 26, 46),
      '/logging/enabledTypes/0': range(26, 31, 26, 46),
      '/endpoint/publicAccess': range(30, 5, 30, 40),
      '/endpoint/publicAccessCidrs': range(31, 5, 31, 39),
      '/endpoint/publicAccessCidrs/0': range(31, 30, 31, 39),
    });
  });

  const main = [
    'variable "a" { default = "default" }',
    'variable "b" { default = "default" }',
    'variable "c" { default = "default" }',
    'variable "d" { default = "default" }',
    'variable "nested" {',
    '  default = { list = ["x", "y"], map = { k = "v" } }',
    '}',
    'locals {',
    '  chain  = local.middle',
    '  middle = var.a',
    '  cycle1 = local.cycle2',
    '  cycle2 = local.cycle1',
    '  self   = local.self',
    '  picked = var.nested.list[1]',
    '  deep   = local.obj.inner',
    '  obj    = { inner = var.nested.map["k"] }',
    '}',
    'resource "aws_eks_cluster" "this" {',
    '  name = "${var.a}"',
    '  enabled_cluster_log_types = [var.b, var.c, var.d, local.chain, local.cycle1, local.self, local.picked, local.deep, var.undeclared]',
    '}',
  ].join('\n');

  it('applies terraform.tfvars, then *.auto.tfvars in name order; other tfvars make a variable unknown', async () => {
    const resource = await cluster(main, {
      'terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\nundeclared = "x"\n',
      'b.auto.tfvars': 'b = "b.auto"\nc = "b.auto"\n',
      'a.auto.tfvars.json': '{"b": "a.auto", "c": "a.auto"}',
      'prod.tfvars': 'd = "prod"\n',
    });
    expect(resource.props.name).toBe('tfvars');
    expect(resource.props.logging).toEqual({
      enabledTypes: [
        'b.auto',
        'b.auto',
        unknown('var.d'),
        'tfvars',
        unknown('local.cycle1'),
        unknown('local.self'),
        'y',
        'v',
        unknown('var.undeclared'),
      ],
    });
  });

  it('produces facts that survive structured cloning and JSON', async () => {
    const f = await facts('main.tf', main);
    expect(structuredClone(f)).toEqual(f);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(f.variables.map((v) => v.name)).toEqual(['a', 'b', 'c', 'd', 'nested']);
    expect(f.locals.map((l) => l.name)).toEqual(['chain', 'middle', 'cycle1', 'cycle2', 'self', 'picked', 'deep', 'obj']);
    expect(f.resources).toEqual([expect.objectContaining({ type: 'aws_eks_cluster', name: 'this', header: range(18, 1, 18, 36) })]);
    const tfvars = await facts('terraform.tfvars', 'a = 1\n');
    expect(tfvars).toMatchObject({ kind: 'tfvars', assignments: [{ name: 'a', range: range(1, 1, 1, 6) }] });
  });

  it('distinguishes a variable without default from `default = null`', async () => {
    const resource = await cluster(
      [
        'variable "nothing" { default = null }',
        'variable "required" {}',
        'resource "aws_eks_cluster" "this" {',
        '  name = var.required',
        '  vpc_config { endpoint_public_access = var.nothing }',
        '}',
      ].join('\n'),
    );
    expect(resource.props.name).toEqual(unknown('var.required'));
    expect(resource.props.endpoint).toMatchObject({ publicAccess: true });
    expect(resource.locations['/endpoint/publicAccess']).toEqual(range(5, 16, 5, 52));
  });
});

describe('Terraform JSON', () => {
  it('normalises a .tf.json cluster like its HCL twin', async () => {
    const resources = await normalize({ 'cluster.tf.json': readFileSync(join(FIXTURES, 'cluster.tf.json'), 'utf8') });
    expect(resources).toHaveLength(1);
    const [resource] = resources;
    expect(resource).toMatchObject({ name: 'aws_eks_cluster.json', range: range(8, 7, 8, 16) });
    expect(resource?.props).toEqual({
      name: 'json-cluster',
      logging: { enabledTypes: ['api', unknown('${var.extra}')] },
      endpoint: { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: true, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(resource?.locations['/endpoint/publicAccess']).toEqual(range(13, 11, 13, 52));
  });
});

describe('aws_eks_cluster → eks.cluster: evaluated values', () => {
  it('evaluates nested blocks named like meta-arguments (encryption_config.provider)', async () => {
    const resource = await cluster(
      [
        'variable "key" {\n  default = "arn:aws:kms:eu-west-1:123456789012:key/k"\n}',
        'resource "aws_eks_cluster" "this" {',
        '  provider = aws.west',
        '  encryption_config {',
        '    resources = ["secrets"]',
        '    provider { key_arn = var.key }',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(resource.props.secretsEncryption).toEqual({ enabled: true, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
  });
});
