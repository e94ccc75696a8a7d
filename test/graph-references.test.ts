import { describe, expect, it } from 'vitest';
import type { Resource } from '../src/model/resource.js';
import type { PNode } from '../src/model/tree.js';
import { ReferenceIndex } from '../src/graph/references.js';
import { resourceRefOf } from '../src/normalize/terraform/ref-target.js';

const RANGE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function resource(name: string, file: string, format: Resource['format'] = 'terraform', references: Resource['references'] = []): Resource {
  return { kind: 'eks.cluster', name, format, file, range: RANGE, props: {}, locations: {}, references };
}

function ref(text: string): PNode {
  return { type: 'expr', text, range: RANGE, ref: text };
}

describe('resourceRefOf', () => {
  it('names the resource and attribute of a single reference', () => {
    expect(resourceRefOf(ref('aws_kms_key.this.arn'))).toEqual({ to: 'aws_kms_key.this', attribute: 'arn' });
    expect(resourceRefOf(ref('aws_subnet.private[0].id'))).toEqual({ to: 'aws_subnet.private[0]', attribute: 'id' });
    expect(resourceRefOf(ref('aws_subnet.private["a"].id'))).toEqual({ to: 'aws_subnet.private["a"]', attribute: 'id' });
    expect(resourceRefOf(ref('data.aws_iam_policy_document.node.json'))).toEqual({ to: 'data.aws_iam_policy_document.node', attribute: 'json' });
    expect(resourceRefOf(ref('aws_iam_role.node'))).toEqual({ to: 'aws_iam_role.node' });
  });

  it('ignores variables, locals, modules and anything that is not one reference', () => {
    expect(resourceRefOf(ref('var.key_arn'))).toBeUndefined();
    expect(resourceRefOf(ref('local.key'))).toBeUndefined();
    expect(resourceRefOf(ref('module.kms.key_arn'))).toBeUndefined();
    expect(resourceRefOf({ type: 'expr', text: 'aws_subnet.a[*].id', range: RANGE })).toBeUndefined();
    expect(resourceRefOf({ type: 'scalar', value: 'arn:aws:kms:...', range: RANGE })).toBeUndefined();
  });
});

describe('ReferenceIndex', () => {
  it('finds a Terraform target in the same folder and module instance only', () => {
    const key = resource('aws_kms_key.k', 'infra/a/kms.tf');
    const otherFolder = resource('aws_kms_key.k', 'infra/b/kms.tf');
    const inModule = resource('module.x.aws_kms_key.k', 'infra/a/kms.tf');
    const cluster = resource('aws_eks_cluster.c', 'infra/a/main.tf', 'terraform', [{ from: '/secretsEncryption/keyArn', to: 'aws_kms_key.k', attribute: 'arn' }]);
    const index = new ReferenceIndex([key, otherFolder, inModule, cluster]);
    expect(index.targetsOf(cluster, '/secretsEncryption')).toEqual([key]);
    const moduleCluster = resource('module.x.aws_eks_cluster.c', 'infra/a/main.tf', 'terraform', [{ from: '/secretsEncryption/keyArn', to: 'aws_kms_key.k' }]);
    expect(new ReferenceIndex([key, inModule, moduleCluster]).targetsOf(moduleCluster, '/secretsEncryption/keyArn')).toEqual([inModule]);
  });

  it('finds the instances of a count block from its bare address, and one instance from its key', () => {
    const a0 = resource('aws_subnet.a[0]', 'main.tf');
    const a1 = resource('aws_subnet.a[1]', 'main.tf');
    const group = resource('aws_eks_node_group.g', 'main.tf', 'terraform', [
      { from: '/subnets/0', to: 'aws_subnet.a', attribute: 'id' },
      { from: '/subnets/1', to: 'aws_subnet.a[1]', attribute: 'id' },
    ]);
    const index = new ReferenceIndex([a0, a1, group]);
    expect(index.targetsOf(group, '/subnets/0')).toEqual([a0, a1]);
    expect(index.targetsOf(group, '/subnets/1')).toEqual([a1]);
  });

  it('finds a CloudFormation target by logical id in the same template', () => {
    const key = resource('Key', 't.yaml', 'cloudformation');
    const other = resource('Key', 'u.yaml', 'cloudformation');
    const cluster = resource('Cluster', 't.yaml', 'cloudformation', [{ from: '/secretsEncryption/keyArn', to: 'Key', attribute: 'Arn' }]);
    expect(new ReferenceIndex([key, other, cluster]).targetsOf(cluster, '/secretsEncryption/keyArn')).toEqual([key]);
  });
});
