import { describe, expect, it } from 'vitest';
import type { Resource } from '../src/model/resource.js';
import type { PMap } from '../src/model/tree.js';
import { normalizeCloudFormation } from '../src/normalize/cloudformation.js';
import { normalizeEksctl } from '../src/normalize/eksctl.js';
import { extractTerraform } from '../src/normalize/terraform/extract.js';
import { normalizeTerraformModule } from '../src/normalize/terraform/module.js';
import { parseHcl } from '../src/parse/hcl.js';
import { parseYaml } from '../src/parse/yaml.js';

async function terraform(src: string): Promise<Resource[]> {
  const { body, problems } = await parseHcl(src);
  expect(problems).toEqual([]);
  return normalizeTerraformModule([extractTerraform('/m/main.tf', body, 'tf')]).filter((r) => r.kind === 'eks.nodegroup');
}

function yaml(src: string, normalize: (root: PMap) => Resource[]): Resource[] {
  const { documents, problems } = parseYaml(src);
  expect(problems).toEqual([]);
  return normalize(documents[0] as PMap).filter((r) => r.kind === 'eks.nodegroup');
}

const CLOSED = { enabled: false, sshKey: null, sourceSecurityGroups: [], sourceCidrs: [] };

describe('Terraform node groups', () => {
  it('reads a managed node group with field-level references', async () => {
    const [group] = await terraform(`resource "aws_eks_node_group" "g" {
  cluster_name    = aws_eks_cluster.c.id
  node_group_name = "workers"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = [aws_subnet.a.id, "subnet-literal", aws_subnet.b[1].id]
  launch_template {
    name    = aws_launch_template.lt.name
    version = aws_launch_template.lt.latest_version
  }
}
`);
    expect(group?.props).toMatchObject({ name: 'workers', managed: true, remoteAccess: CLOSED });
    expect(group?.references?.filter((r) => r.from !== undefined)).toEqual([
      { from: '/clusterName', to: 'aws_eks_cluster.c', attribute: 'id' },
      { from: '/nodeRole', to: 'aws_iam_role.node', attribute: 'arn' },
      { from: '/subnets/0', to: 'aws_subnet.a', attribute: 'id' },
      { from: '/subnets/2', to: 'aws_subnet.b[1]', attribute: 'id' },
      { from: '/launchTemplate/name', to: 'aws_launch_template.lt', attribute: 'name' },
      { from: '/launchTemplate/version', to: 'aws_launch_template.lt', attribute: 'latest_version' },
    ]);
    expect(group?.locations['/subnets/1']?.line).toBe(5);
  });

  it('reads a tagged Auto Scaling group as a self-managed node group, and skips an untagged one', async () => {
    const groups = await terraform(`resource "aws_autoscaling_group" "nodes" {
  name                 = "nodes"
  vpc_zone_identifier  = [aws_subnet.a.id]
  launch_configuration = aws_launch_configuration.lc.name
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.lt.id
        version            = "$Latest"
      }
    }
  }
  tag {
    key                 = "kubernetes.io/cluster/payments"
    value               = "owned"
    propagate_at_launch = true
  }
}
resource "aws_autoscaling_group" "bastion" {
  vpc_zone_identifier = [aws_subnet.a.id]
  tag {
    key                 = "Name"
    value               = "bastion"
    propagate_at_launch = true
  }
}
`);
    expect(groups.map((g) => g.name)).toEqual(['aws_autoscaling_group.nodes']);
    expect(groups[0]?.props).toMatchObject({ name: 'nodes', clusterName: 'payments', managed: false, launchTemplate: { version: '$Latest' } });
    expect(groups[0]?.props.remoteAccess).toBeUndefined();
    expect(groups[0]?.locations['/clusterName']?.line).toBe(14);
    expect(groups[0]?.references?.filter((r) => r.from !== undefined)).toEqual([
      { from: '/subnets/0', to: 'aws_subnet.a', attribute: 'id' },
      { from: '/launchTemplate/id', to: 'aws_launch_template.lt', attribute: 'id' },
      { from: '/launchConfiguration', to: 'aws_launch_configuration.lc', attribute: 'name' },
    ]);
  });

  it('reads the cluster tag from the legacy tags list, and a tag key it cannot know as an unknown cluster', async () => {
    const groups = await terraform(`variable "cluster" {}
resource "aws_autoscaling_group" "legacy" {
  tags = [
    { key = "Name", value = "nodes", propagate_at_launch = true },
    { key = "kubernetes.io/cluster/payments", value = "shared", propagate_at_launch = true },
  ]
}
resource "aws_autoscaling_group" "templated" {
  tag {
    key                 = "kubernetes.io/cluster/\${var.cluster}"
    value               = "owned"
    propagate_at_launch = true
  }
}
`);
    expect(groups.map((g) => [g.name, g.props.clusterName])).toEqual([
      ['aws_autoscaling_group.legacy', 'payments'],
      ['aws_autoscaling_group.templated', { $unknown: 'cluster named in the tag key "kubernetes.io/cluster/${var.cluster}"' }],
    ]);
  });

  it('opens SSH to the internet only for a key without source security groups', async () => {
    const groups = await terraform(`resource "aws_eks_node_group" "open" {
  remote_access {
    ec2_ssh_key = "k"
  }
}
resource "aws_eks_node_group" "restricted" {
  remote_access {
    ec2_ssh_key               = "k"
    source_security_group_ids = [aws_security_group.bastion.id]
  }
}
resource "aws_eks_node_group" "keyless" {
  remote_access {
    source_security_group_ids = []
  }
}
`);
    expect(groups.map((g) => g.props.remoteAccess)).toEqual([
      { enabled: true, sshKey: 'k', sourceSecurityGroups: [], sourceCidrs: ['0.0.0.0/0'] },
      { enabled: true, sshKey: 'k', sourceSecurityGroups: [{ $unknown: 'aws_security_group.bastion.id' }], sourceCidrs: [] },
      { enabled: false, sshKey: null, sourceSecurityGroups: [], sourceCidrs: [] },
    ]);
    expect(groups[1]?.references).toContainEqual({ from: '/remoteAccess/sourceSecurityGroups/0', to: 'aws_security_group.bastion', attribute: 'id' });
    expect(groups[0]?.locations['/remoteAccess/sourceCidrs']?.line).toBe(2);
  });
});

describe('CloudFormation node groups', () => {
  const template = `Parameters:
  Cluster: {Type: String}
Resources:
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      NodeRole: arn:aws:iam::1:role/n
      Subnets: [subnet-1]
      LaunchTemplate: {Name: !Ref Template, Version: "3"}
  Template: {Type: AWS::EC2::LaunchTemplate}
  Config: {Type: AWS::AutoScaling::LaunchConfiguration}
  SelfManaged:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref Config
      VPCZoneIdentifier: [subnet-1]
      Tags:
        - {Key: !Join ["", ["kubernetes.io/cluster/", !Ref Cluster]], Value: owned, PropagateAtLaunch: true}
  Other:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      Tags: [{Key: kubernetes.io/role/elb, Value: "1", PropagateAtLaunch: true}]
`;
  const groups = yaml(template, (root) => normalizeCloudFormation('t.yaml', root));

  it('reads managed groups and tagged Auto Scaling groups, with references', () => {
    expect(groups.map((g) => [g.name, g.props.managed])).toEqual([
      ['Nodes', true],
      ['SelfManaged', false],
    ]);
    expect(groups[0]?.props).toMatchObject({ launchTemplate: { version: '3' }, remoteAccess: CLOSED });
    expect(groups[0]?.references).toEqual([{ from: '/launchTemplate/name', to: 'Template' }]);
    expect(groups[1]?.references).toEqual([{ from: '/launchConfiguration', to: 'Config' }]);
    expect(JSON.stringify(groups[1]?.props.clusterName)).toContain('$unknown');
  });
});

describe('eksctl node groups', () => {
  const config = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: prod, region: us-east-1}
vpc: {cidr: 10.10.0.0/16}
nodeGroups:
  - name: key-only
    ssh: {publicKeyName: k}
  - name: private
    privateNetworking: true
    ssh: {allow: true}
  - name: allow-off
    ssh: {allow: false, publicKey: "ssh-rsa AAA"}
managedNodeGroups:
  - name: lt
    launchTemplate: {id: lt-1, version: "2"}
    iam: {instanceRoleARN: "arn:aws:iam::1:role/n"}
`;
  const groups = yaml(config, (root) => normalizeEksctl('c.yaml', root));

  it('follows eksctl: a key turns SSH on unless allow is false; private networking opens it to the VPC only', () => {
    expect(groups.map((g) => [g.name, g.props.managed, g.props.remoteAccess])).toEqual([
      ['ClusterConfig prod nodeGroups[key-only]', false, { enabled: true, sshKey: 'k', sourceSecurityGroups: [], sourceCidrs: ['0.0.0.0/0', '::/0'] }],
      ['ClusterConfig prod nodeGroups[private]', false, { enabled: true, sshKey: '~/.ssh/id_rsa.pub', sourceSecurityGroups: [], sourceCidrs: ['10.10.0.0/16'] }],
      ['ClusterConfig prod nodeGroups[allow-off]', false, CLOSED],
      ['ClusterConfig prod managedNodeGroups[lt]', true, CLOSED],
    ]);
    expect(groups[3]?.props).toMatchObject({ clusterName: 'prod', nodeRole: 'arn:aws:iam::1:role/n', launchTemplate: { id: 'lt-1', version: '2' } });
  });
});
