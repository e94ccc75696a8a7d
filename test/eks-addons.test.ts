import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import { versionBelow } from '../src/engine/keywords.js';
import { linkAddons } from '../src/graph/addons.js';
import { lint } from '../src/lint.js';
import type { Resource } from '../src/model/resource.js';
import { writeTree } from './helpers/temp-tree.js';

const RULES = ['eks-vpc-cni-addon-missing', 'eks-network-policy-not-enforced', 'eks-pod-identity-missing', 'eks-addon-version-outdated', 'eks-access-entry-cluster-admin'];
const rules = loadRules().filter((r) => RULES.includes(r.id));

/** `rule file:line` of every finding of the add-on rules on a scanned tree. */
async function findings(files: Record<string, string>): Promise<string[]> {
  const dir = writeTree(files);
  const report = await lint([dir], { rules, cwd: dir });
  return report.findings
    .filter((f) => RULES.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${relative(dir, f.file)}:${f.range.line}`)
    .sort();
}

const CLUSTER = `resource "aws_eks_cluster" "this" {
  name     = "payments"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1"]
  }
}
`;

describe('versionBelow', () => {
  it('compares dotted numbers one by one, then the EKS build', () => {
    expect(versionBelow('v1.9.0', 'v1.14.0')).toBe(true);
    expect(versionBelow('v1.14.0-eksbuild.1', 'v1.14.0-eksbuild.3')).toBe(true);
    expect(versionBelow('v1.14.0-eksbuild.3', 'v1.14.0')).toBe(false);
    expect(versionBelow('1.18.1', 'v1.14.0')).toBe(false);
    expect(versionBelow('v1.14', 'v1.14.0')).toBe(false);
    expect(versionBelow('v2.0.0', 'v1.99.99')).toBe(false);
  });

  it('does not compare what is not a version', () => {
    expect(versionBelow('latest', 'v1.14.0')).toBeUndefined();
    expect(versionBelow('v1.14.0', 'newest')).toBeUndefined();
  });
});

describe('add-ons and their clusters', () => {
  it('reads jsonencode and heredoc configurations, and leaves an expression unknown', async () => {
    const addon = (name: string, configuration: string) =>
      `resource "aws_eks_addon" "${name}" {\n  cluster_name = "payments"\n  addon_name = "vpc-cni"\n  configuration_values = ${configuration}\n}\n`;
    expect(
      await findings({
        'a.tf': addon('json', 'jsonencode({ enableNetworkPolicy = "true" })'),
        'b.tf': addon('heredoc', '<<-EOT\n    {"enableNetworkPolicy": true}\n  EOT'),
        'c.tf': addon('expression', 'var.cni'),
        'd.tf': addon('other', 'jsonencode({ enableNetworkPolicy = "false" })'),
        'e.tf': addon('broken', '"{not json"'),
        'variables.tf': 'variable "cni" {\n  type = string\n}\n',
      }),
    ).toEqual(['eks-network-policy-not-enforced d.tf:4']);
  });

  it('ties an add-on to its cluster by reference or by literal name, within a configuration', async () => {
    const reference = `resource "aws_eks_addon" "cni" {\n  cluster_name = aws_eks_cluster.this.name\n  addon_name   = "vpc-cni"\n}\n`;
    const byName = `resource "aws_eks_addon" "cni" {\n  cluster_name = "payments"\n  addon_name   = "vpc-cni"\n}\n`;
    const otherCluster = `resource "aws_eks_addon" "cni" {\n  cluster_name = "billing"\n  addon_name   = "vpc-cni"\n}\n`;
    const unknownCluster = `variable "cluster" {\n  type = string\n}\nresource "aws_eks_addon" "cni" {\n  cluster_name = var.cluster\n  addon_name   = "vpc-cni"\n}\n`;
    const missing = (file: string) => [`eks-pod-identity-missing ${file}:1`, `eks-vpc-cni-addon-missing ${file}:1`];
    const pods = (file: string) => [`eks-pod-identity-missing ${file}:1`];
    const quiet = (f: string[]) => f.filter((x) => !x.startsWith('eks-network-policy'));
    expect(quiet(await findings({ 'main.tf': CLUSTER, 'addons.tf': reference }))).toEqual(pods('main.tf'));
    expect(quiet(await findings({ 'main.tf': CLUSTER, 'addons.tf': byName }))).toEqual(pods('main.tf'));
    expect(quiet(await findings({ 'main.tf': CLUSTER, 'addons.tf': otherCluster }))).toEqual(missing('main.tf'));
    // An add-on whose cluster is not known may be this cluster's: nothing is known to be missing.
    expect(quiet(await findings({ 'main.tf': CLUSTER, 'addons.tf': unknownCluster }))).toEqual([]);
    // ... unless it belongs to another Terraform configuration, deployed on its own.
    expect(quiet(await findings({ 'prod/main.tf': CLUSTER, 'other/addons.tf': unknownCluster }))).toEqual(missing('prod/main.tf'));
  });

  it('ties CloudFormation add-ons and OIDC providers by Ref and GetAtt', async () => {
    const template = `Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: payments
      RoleArn: arn:aws:iam::123456789012:role/eks
      ResourcesVpcConfig: {SubnetIds: [subnet-0a1]}
  Cni:
    Type: AWS::EKS::Addon
    Properties:
      AddonName: vpc-cni
      ClusterName: !Ref Cluster
      ConfigurationValues: '{"enableNetworkPolicy":"true"}'
  Oidc:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !GetAtt Cluster.OpenIdConnectIssuerUrl
`;
    expect(await findings({ 'stack.yaml': template })).toEqual([]);
  });

  it('knows the add-ons eksctl installs by default, and when it does not', async () => {
    const config = (extra: string) => `apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: payments\n  region: eu-west-1\n${extra}`;
    expect(await findings({ 'a.yaml': config('iam:\n  withOIDC: true\n') })).toEqual(['eks-network-policy-not-enforced a.yaml:4']);
    expect(await findings({ 'b.yaml': config('iam:\n  withOIDC: true\naddonsConfig:\n  disableDefaultAddons: true\n') })).toEqual(['eks-vpc-cni-addon-missing b.yaml:4']);
    // A local cluster on Outposts takes no EKS add-ons, and none of these rules judges it.
    expect(await findings({ 'c.yaml': config('outpost:\n  controlPlaneOutpostARN: arn:aws:outposts:eu-west-1:123456789012:outpost/op-1\n') })).toEqual([]);
    // Pod identity associations without the agent: it may be installed already, so not judged.
    const associations = 'addonsConfig:\n  disableDefaultAddons: true\naddons:\n  - name: vpc-cni\n    configurationValues: "enableNetworkPolicy: \\"true\\""\niam:\n  podIdentityAssociations:\n    - {namespace: default, serviceAccountName: app, roleARN: arn:aws:iam::123456789012:role/app}\n';
    expect(await findings({ 'd.yaml': config(associations) })).toEqual([]);
  });

  it('reads the add-ons, access entries and OIDC provider of terraform-aws-modules/eks', async () => {
    const call = (version: string, body: string) => `module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "${version}"\n  cluster_name = "payments"\n${body}}\n`;
    expect(await findings({ 'v19.tf': call('~> 19.0', '  cluster_addons = { coredns = {} }\n') })).toEqual(['eks-vpc-cni-addon-missing v19.tf:1']);
    expect(await findings({ 'v20.tf': call('~> 20.0', '  enable_irsa = false\n  cluster_addons = { vpc = { name = "vpc-cni", configuration_values = jsonencode({ enableNetworkPolicy = "true" }) } }\n') })).toEqual([
      'eks-pod-identity-missing v20.tf:5',
    ]);
    const entries = '  access_entries = {\n    ops = {\n      principal_arn = "arn:aws:iam::123456789012:role/ops"\n      policy_associations = {\n        admin = {\n          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"\n          access_scope = { type = "namespace", namespaces = ["ops"] }\n        }\n      }\n    }\n  }\n';
    expect((await findings({ 'v20.tf': call('~> 20.0', entries) })).filter((f) => f.startsWith('eks-access'))).toEqual([]);
    expect((await findings({ 'v20.tf': call('~> 20.0', entries.replace('type = "namespace", namespaces = ["ops"]', 'type = "cluster"')) })).filter((f) => f.startsWith('eks-access'))).toEqual([
      'eks-access-entry-cluster-admin v20.tf:11',
    ]);
  });

  it('reads aws-ia/eks-blueprints-addons: its add-ons, and Helm releases of a policy engine', async () => {
    const eks = `module "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n  cluster_name = "payments"\n}\n`;
    const addons = (extra: string) =>
      `module "addons" {\n  source  = "aws-ia/eks-blueprints-addons/aws"\n  version = "~> 1.16"\n  cluster_name = module.eks.cluster_name\n  eks_addons = { vpc-cni = {} }\n${extra}}\n`;
    // The add-ons' cluster is another module's output: the cluster's add-ons are not known.
    expect(await findings({ 'eks.tf': eks, 'addons.tf': addons('') })).toEqual(['eks-network-policy-not-enforced addons.tf:5']);
    expect(await findings({ 'eks.tf': eks, 'addons.tf': addons('  helm_releases = { cilium = { chart = "cilium", repository = "https://helm.cilium.io/" } }\n') })).toEqual([]);
  });
});

describe('network policy engines', () => {
  const addon = (file: string): Resource => ({
    kind: 'eks.addon',
    name: 'aws_eks_addon.cni',
    format: 'terraform',
    file,
    range: { line: 1, column: 1, endLine: 1, endColumn: 2 },
    props: { name: 'vpc-cni', clusterName: 'payments', configuration: {} },
    locations: {},
  });
  const engineOf = (resources: Resource[]) => linkAddons(resources).find((r) => r.kind === 'eks.addon')?.props.otherNetworkPolicyEngine;
  const at = { line: 1, column: 1, endLine: 1, endColumn: 2 };

  it('sees Calico and Cilium in manifests and Helm charts of the same configuration', () => {
    const daemonSet: Resource = { kind: 'k8s.workload', name: 'DaemonSet kube-system/calico-node', format: 'kubernetes', file: '/k/calico.yaml', range: at, props: { kind: 'DaemonSet', name: 'calico-node' }, locations: {} };
    expect(engineOf([addon('/tf/main.tf'), daemonSet])).toBe('Calico');
    const chart = (file: string, value: unknown): Resource => ({ kind: 'helm.release', name: 'helm_release.x', format: 'terraform', file, range: at, props: { chart: value }, locations: {} });
    expect(engineOf([addon('/tf/main.tf'), chart('/tf/helm.tf', 'oci://quay.io/cilium/charts/cilium')])).toBe('cilium');
    expect(engineOf([addon('/tf/main.tf'), chart('/tf/helm.tf', 'tigera-operator-v3.27.0.tgz')])).toBe('tigera-operator');
    expect(engineOf([addon('/tf/main.tf'), chart('/tf/helm.tf', 'karpenter')])).toBeNull();
    expect(engineOf([addon('/tf/main.tf'), chart('/tf/helm.tf', { $unknown: 'var.chart' })])).toEqual({ $unknown: 'the chart of helm_release.x is not known' });
    // Another Terraform configuration's Helm release is another deployment's.
    expect(engineOf([addon('/tf/main.tf'), chart('/other/helm.tf', 'cilium')])).toBeNull();
  });
});
