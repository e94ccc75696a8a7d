import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { linkLaunchTemplates } from '../src/graph/launch-templates.js';
import type { Resource } from '../src/model/resource.js';
import type { PMap } from '../src/model/tree.js';
import { normalizeCloudFormation } from '../src/normalize/cloudformation.js';
import { normalizeEksctl } from '../src/normalize/eksctl.js';
import { userDataStartsEksNodes } from '../src/normalize/launch-template.js';
import { LocatedText } from '../src/normalize/userdata/located-text.js';
import { parseYaml } from '../src/parse/yaml.js';

const RANGE = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

function yamlRoot(source: string): PMap {
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  return documents[0] as PMap;
}

describe('user data that starts EKS nodes', () => {
  const text = (value: string) => LocatedText.unplaced(value, RANGE);

  it('finds each bootstrap style, base64 or not', () => {
    const al2 = '#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args "--max-pods=20"\n';
    const nodeadm = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n--B\nContent-Type: application/node.eks.aws\n\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n--B--\n';
    const bottlerocket = '[settings.kubernetes]\ncluster-name = "prod"\n';
    const windows = '<powershell>\n& $env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1 -EKSClusterName prod\n</powershell>\n';
    for (const userData of [al2, nodeadm, bottlerocket, windows]) {
      expect(userDataStartsEksNodes(true, text(userData))).toBe(true);
      expect(userDataStartsEksNodes(true, text(base64(userData)))).toBe(true);
    }
  });

  it('reads around the parts it cannot know', () => {
    const partly = LocatedText.concat([text('#!/bin/bash\n/etc/eks/bootstrap.sh '), LocatedText.hole(1, RANGE), text('\n')], RANGE);
    expect(userDataStartsEksNodes(true, partly)).toBe(true);
  });

  it('is false for other or absent user data, unknown when it cannot be read or a hidden part might start a node', () => {
    expect(userDataStartsEksNodes(true, text(base64('#!/bin/bash\nyum install -y nginx\n')))).toBe(false);
    expect(userDataStartsEksNodes(true, text('[settings.host-containers.admin]\nenabled = true\n'))).toBe(false);
    expect(userDataStartsEksNodes(false, undefined)).toBe(false);
    expect(userDataStartsEksNodes(true, undefined)).toHaveProperty('$unknown');
    expect(userDataStartsEksNodes(true, LocatedText.concat([text('#!/bin/bash\n'), LocatedText.hole(1, RANGE)], RANGE))).toHaveProperty('$unknown');
  });
});

describe('eksctl node groups as launch templates', () => {
  it("applies eksctl's defaults: IMDSv2 required, hop limit 2, public subnets, unencrypted 80 GiB root volume", () => {
    const resources = normalizeEksctl('c.yaml', yamlRoot('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\nmanagedNodeGroups:\n  - name: ng\n'));
    const template = resources.find((r) => r.kind === 'ec2.launchtemplate');
    expect(template?.name).toBe('ClusterConfig prod managedNodeGroups[ng]');
    expect(template?.props).toEqual({
      name: 'ng',
      type: 'eksctl',
      eksNodes: true,
      metadata: { httpEndpoint: 'enabled', httpTokens: 'required', hopLimit: 2 },
      blockDevices: [{ encrypted: false }],
      ebsEncryptionByDefault: false,
      associatePublicIp: true,
    });
  });

  it('judges nothing but eksNodes of a managed group with its own launch template', () => {
    const resources = normalizeEksctl('c.yaml', yamlRoot('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\nmanagedNodeGroups:\n  - name: ng\n    launchTemplate:\n      id: lt-1\n'));
    const props = resources.find((r) => r.kind === 'ec2.launchtemplate')?.props;
    expect(props?.eksNodes).toBe(true);
    for (const key of ['metadata', 'blockDevices', 'associatePublicIp', 'ebsEncryptionByDefault']) expect(props?.[key]).toHaveProperty('$unknown');
  });
});

describe('graph: launch templates', () => {
  const template = (name: string, file: string, props: Record<string, unknown> = {}): Resource => ({
    kind: 'ec2.launchtemplate',
    name,
    format: 'terraform',
    file,
    range: RANGE,
    props: { name, eksNodes: false, ebsEncryptionByDefault: false, ...props },
    locations: {},
  });

  it('marks the templates a CloudFormation node group launches from, by reference', () => {
    const root = yamlRoot(
      'Resources:\n  LT:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData: {}\n  Other:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData: {}\n  NG:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: c\n      NodeRole: r\n      Subnets: [s]\n      LaunchTemplate:\n        Id: !Ref LT\n',
    );
    const linked = linkLaunchTemplates(normalizeCloudFormation('t.yaml', root), () => '');
    expect(linked.find((r) => r.name === 'LT')?.props.eksNodes).toBe(true);
    expect(linked.find((r) => r.name === 'Other')?.props.eksNodes).toBe(false);
  });

  it('marks a template a node group names', () => {
    const group: Resource = { kind: 'eks.nodegroup', name: 'aws_eks_node_group.ng', format: 'terraform', file: 'a/main.tf', range: RANGE, props: { launchTemplate: { name: 'workers' } }, locations: {} };
    const linked = linkLaunchTemplates([template('workers', 'a/lt.tf'), group], () => '');
    expect(linked[0]?.props.eksNodes).toBe(true);
    expect(linked[0]?.locations['/eksNodes']).toEqual({ ...RANGE, file: 'a/main.tf' });
  });

  it("applies the account's EBS encryption by default within the same cluster only", () => {
    const defaults = (enabled: unknown, file: string): Resource => ({
      kind: 'ec2.ebsdefaults',
      name: 'aws_ebs_encryption_by_default.this',
      format: 'terraform',
      file,
      range: RANGE,
      props: { encryptionByDefault: enabled },
      locations: {},
    });
    const clusterOf = (file: string) => file.split('/')[0] ?? '';
    const linked = linkLaunchTemplates([template('a', 'prod/lt.tf'), template('b', 'dev/lt.tf'), template('c', 'test/lt.tf'), defaults(true, 'prod/account.tf'), defaults(false, 'dev/account.tf'), defaults({ $unknown: 'var.on' }, 'test/account.tf')], clusterOf);
    expect(linked.map((r) => r.props.ebsEncryptionByDefault).slice(0, 3)).toEqual([true, false, { $unknown: 'var.on' }]);
    expect(linked[0]?.locations['/ebsEncryptionByDefault']).toEqual({ ...RANGE, file: 'prod/account.tf' });
  });
});
