import { describe, expect, it } from 'vitest';
import { linkNodeSubnets } from '../src/graph/node-subnets.js';
import type { Resource } from '../src/model/resource.js';

const RANGE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function resource(kind: Resource['kind'], name: string, file: string, references: Resource['references'] = [], format: Resource['format'] = 'terraform'): Resource {
  return { kind, name, format, file, range: RANGE, props: {}, locations: {}, references };
}

function nodeGroupsOf(resources: Resource[], name: string): unknown {
  return resources.find((r) => r.name === name)?.props.nodeGroups;
}

describe('linkNodeSubnets', () => {
  it('names, on each subnet, the node groups whose subnet references reach it', () => {
    const a = resource('ec2.subnet', 'aws_subnet.a', 'main.tf');
    const b0 = resource('ec2.subnet', 'aws_subnet.b[0]', 'main.tf');
    const b1 = resource('ec2.subnet', 'aws_subnet.b[1]', 'main.tf');
    const unused = resource('ec2.subnet', 'aws_subnet.unused', 'main.tf');
    const managed = resource('eks.nodegroup', 'aws_eks_node_group.workers', 'nodes.tf', [
      { from: '/subnets/0', to: 'aws_subnet.a', attribute: 'id' },
      { from: '/subnets/1', to: 'aws_subnet.b[1]', attribute: 'id' },
      { from: '/nodeRole', to: 'aws_subnet.unused', attribute: 'id' },
    ]);
    const selfManaged = resource('eks.nodegroup', 'aws_autoscaling_group.nodes', 'nodes.tf', [{ from: '/subnets/0', to: 'aws_subnet.a', attribute: 'id' }]);
    const linked = linkNodeSubnets([a, b0, b1, unused, managed, selfManaged]);
    expect(nodeGroupsOf(linked, 'aws_subnet.a')).toEqual(['aws_eks_node_group.workers', 'aws_autoscaling_group.nodes']);
    expect(nodeGroupsOf(linked, 'aws_subnet.b[0]')).toEqual([]);
    expect(nodeGroupsOf(linked, 'aws_subnet.b[1]')).toEqual(['aws_eks_node_group.workers']);
    // A reference from another field is not a placement.
    expect(nodeGroupsOf(linked, 'aws_subnet.unused')).toEqual([]);
    expect(a.props.nodeGroups).toBeUndefined();
  });

  it('links within one template or module instance only', () => {
    const subnet = { ...resource('ec2.subnet', 'Subnet', 'a.yaml', [], 'cloudformation'), typeName: 'AWS::EC2::Subnet' };
    const group = { ...resource('eks.nodegroup', 'Nodes', 'a.yaml', [{ from: '/subnets/0', to: 'Subnet' }], 'cloudformation'), typeName: 'AWS::EKS::Nodegroup' };
    const otherTemplate = resource('eks.nodegroup', 'Other', 'b.yaml', [{ from: '/subnets/0', to: 'Subnet' }], 'cloudformation');
    const moduleSubnet = resource('ec2.subnet', 'module.net.aws_subnet.a', 'main.tf');
    const rootGroup = resource('eks.nodegroup', 'aws_eks_node_group.g', 'main.tf', [{ from: '/subnets/0', to: 'aws_subnet.a' }]);
    const linked = linkNodeSubnets([subnet, group, otherTemplate, moduleSubnet, rootGroup]);
    expect(nodeGroupsOf(linked, 'Subnet')).toEqual(['AWS::EKS::Nodegroup Nodes']);
    expect(nodeGroupsOf(linked, 'module.net.aws_subnet.a')).toEqual([]);
  });
});
