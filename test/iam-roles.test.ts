import { describe, expect, it } from 'vitest';
import { iamActionMatches } from '../src/engine/keywords.js';
import { linkIamRoles } from '../src/graph/iam-roles.js';
import type { Resource } from '../src/model/resource.js';
import { isUnknown, unknown } from '../src/model/resource.js';
import { normalizeCloudFormation } from '../src/normalize/cloudformation.js';
import { canonicalPolicyArn, managedPolicyOfTemplate } from '../src/normalize/aws/managed-policy.js';
import { canonicalStatements, readPolicyString, trustedServices } from '../src/normalize/aws/policy-document.js';
import { EmbeddedBudget } from '../src/normalize/embedded-yaml.js';
import { eksctlNodeRoles } from '../src/normalize/eksctl/iam-roles.js';
import { parseYaml } from '../src/parse/yaml.js';
import type { PMap } from '../src/model/tree.js';

const AT = { line: 10, column: 3, endLine: 20, endColumn: 4 };

function template(text: string): PMap {
  const [root] = parseYaml(text).documents;
  if (root?.type !== 'map') throw new Error('not a template');
  return root;
}

describe('iamActionMatches', () => {
  it('matches as IAM does: case-insensitive, * and ? wildcards', () => {
    expect(iamActionMatches('ecr:Put*', 'ecr:PutImage')).toBe(true);
    expect(iamActionMatches('ECR:putimage', 'ecr:PutImage')).toBe(true);
    expect(iamActionMatches('*', 'ecr:PutImage')).toBe(true);
    expect(iamActionMatches('ecr:?utImage', 'ecr:PutImage')).toBe(true);
    expect(iamActionMatches('ecr:Get*', 'ecr:PutImage')).toBe(false);
    expect(iamActionMatches('ecr:PutImage', 'ecr:PutImageTagMutability')).toBe(false);
  });

  it('takes the listed action literally, so `iam:*` is covered only by patterns that cover every IAM action', () => {
    expect(iamActionMatches('iam:*', 'iam:*')).toBe(true);
    expect(iamActionMatches('*', '*:*')).toBe(true);
    expect(iamActionMatches('*:*', '*:*')).toBe(true);
    expect(iamActionMatches('iam:Get*', 'iam:*')).toBe(false);
    expect(iamActionMatches('s3:*', '*:*')).toBe(false);
  });

  it('stays linear on hostile patterns', () => {
    const hostile = `${'*a'.repeat(5_000)}b`;
    expect(iamActionMatches(hostile, 'a'.repeat(200))).toBe(false);
  });
});

describe('managed policy ARNs', () => {
  it('reads every partition as aws, and a template whose only unknown is the partition', () => {
    expect(canonicalPolicyArn('arn:aws-cn:iam::aws:policy/AdministratorAccess')).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(canonicalPolicyArn('arn:aws:iam::123456789012:policy/mine')).toBe('arn:aws:iam::123456789012:policy/mine');
    expect(managedPolicyOfTemplate('"arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"')).toBe(
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
    );
    expect(managedPolicyOfTemplate('"arn:${local.p}:iam::${var.account}:policy/x"')).toBeUndefined();
  });
});

describe('policy documents', () => {
  it('reads a heredoc line by line and a one-line string at its argument', () => {
    const heredoc = '{\n  "Statement": [\n    {"Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "*"}\n  ]\n}\n';
    const document = readPolicyString(heredoc, AT, new EmbeddedBudget());
    if (isUnknown(document)) throw new Error('unknown');
    const locations = {};
    expect(canonicalStatements(document, '/statements', locations)).toEqual([{ effect: 'Allow', actions: ['ecr:PutImage'], resources: ['*'] }]);
    expect(locations).toMatchObject({ '/statements/0/actions/0': { line: 13 } });

    const oneLine = readPolicyString('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', AT, new EmbeddedBudget());
    if (isUnknown(oneLine)) throw new Error('unknown');
    const at = {};
    canonicalStatements(oneLine, '/statements', at);
    expect(at).toMatchObject({ '/statements/0/actions/0': AT });
  });

  it('gives an unknown for text that is not a policy, and the services a trust policy names', () => {
    expect(isUnknown(readPolicyString('{"Statement": [', AT, new EmbeddedBudget()))).toBe(true);
    const trust = readPolicyString('{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}', AT, new EmbeddedBudget());
    expect(trustedServices(trust)).toEqual(['ec2.amazonaws.com']);
  });
});

const NODE_TEMPLATE = `
Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref NodeRole]
  Push:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: push
      Roles: [!Ref NodeRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ecr:PutImage
            Resource: "*"
  OtherRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: other
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
`;

function roleNamed(resources: Resource[], name: string): Resource {
  const role = resources.find((r) => r.kind === 'iam.role' && r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role;
}

describe('linkIamRoles', () => {
  it('joins policies onto their role and marks the role of a node group as a node role', () => {
    const resources = normalizeCloudFormation('node.yaml', template(NODE_TEMPLATE));
    const group: Resource = {
      kind: 'eks.nodegroup',
      name: 'Workers',
      format: 'cloudformation',
      file: 'node.yaml',
      range: AT,
      props: { nodeRole: unknown('Fn::GetAtt NodeRole.Arn') },
      locations: {},
      references: [{ from: '/nodeRole', to: 'NodeRole', attribute: 'Arn' }],
    };
    const linked = linkIamRoles([...resources, group]);
    const role = roleNamed(linked, 'NodeRole');
    expect(role.props).toMatchObject({
      nodeRole: true,
      policies: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
      statements: [{ effect: 'Allow', actions: ['ecr:PutImage'], resources: ['*'] }],
    });
    expect(role.locations['/statements/0/actions/0']).toMatchObject({ line: 22 });
    // EC2 may assume the other role, but nothing makes it a node's.
    expect(roleNamed(linked, 'OtherRole').props.nodeRole).toBe(false);
  });

  it('follows a node group to its role through an instance profile, and by a role ARN', () => {
    const resources = normalizeCloudFormation('node.yaml', template(NODE_TEMPLATE));
    const viaProfile: Resource = {
      kind: 'eks.nodegroup',
      name: 'Asg',
      format: 'cloudformation',
      file: 'node.yaml',
      range: AT,
      props: { nodeRole: unknown('Ref Profile') },
      locations: {},
      references: [{ from: '/nodeRole', to: 'Profile' }],
    };
    const byArn: Resource = { ...viaProfile, name: 'ByArn', props: { nodeRole: 'arn:aws:iam::123456789012:role/other' }, references: [] };
    const linked = linkIamRoles([...resources, viaProfile, byArn]);
    expect(roleNamed(linked, 'NodeRole').props.nodeRole).toBe(true);
    expect(roleNamed(linked, 'OtherRole').props.nodeRole).toBe(true);
  });

  it('locates a policy attached in another file in that file', () => {
    const role: Resource = {
      kind: 'iam.role',
      name: 'aws_iam_role.node',
      format: 'terraform',
      file: 'infra/role.tf',
      range: AT,
      props: { name: 'nodes', trustedServices: ['ec2.amazonaws.com'], policies: ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy'], statements: [], nodeRole: false },
      locations: { '/policies/0': AT },
    };
    const attachment: Resource = {
      kind: 'iam.policy',
      name: 'aws_iam_role_policy_attachment.admin',
      format: 'terraform',
      file: 'infra/attach.tf',
      range: AT,
      props: { name: unknown('generated'), roles: ['nodes'], policies: ['arn:aws:iam::aws:policy/AdministratorAccess'], statements: [] },
      locations: { '/policies/0': { line: 3, column: 3, endLine: 3, endColumn: 60 } },
    };
    const linked = roleNamed(linkIamRoles([role, attachment]), 'aws_iam_role.node');
    expect(linked.props.nodeRole).toBe(true);
    expect(linked.locations['/policies/0']).toEqual(AT);
    expect(linked.locations['/policies/1']).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 60, file: 'infra/attach.tf' });
  });
});

describe('eksctl node roles', () => {
  const header = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const config = (body: string) => template(`apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c}\n${body}`);

  it("carries eksctl's default policies: the CNI policy only without IRSA, pull access for every group", () => {
    const roles = eksctlNodeRoles('c.yaml', config('iam: {withOIDC: true}\nmanagedNodeGroups: [{name: a}]\nnodeGroups: [{name: b}]\n'), 'ClusterConfig c', header);
    expect(roles.map((r) => [r.name, r.props.policies])).toEqual([
      ['ClusterConfig c nodeGroups[b].iam', ['AmazonEKSWorkerNodePolicy', 'AmazonSSMManagedInstanceCore', 'AmazonEC2ContainerRegistryPullOnly'].map((p) => `arn:aws:iam::aws:policy/${p}`)],
      ['ClusterConfig c managedNodeGroups[a].iam', ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonSSMManagedInstanceCore'].map((p) => `arn:aws:iam::aws:policy/${p}`)],
    ]);
    expect(roles.every((r) => r.props.nodeRole === true)).toBe(true);
  });

  it('declares no role for a group that names an existing one', () => {
    expect(eksctlNodeRoles('c.yaml', config('nodeGroups: [{name: b, iam: {instanceRoleARN: "arn:aws:iam::1:role/x"}}]\n'), 'ClusterConfig c', header)).toEqual([]);
  });
});
