import type { Format, ResourceKind } from '../model/resource.js';
import type { RuleDefinition } from './rule.js';

/**
 * The formats whose adapters produce each canonical resource kind: the formats a rule on that
 * kind runs on. One table, read by `eks-lint rules`, the rule documentation and the rule tests
 * (each rule needs failing and passing fixtures in every one of them).
 */
export const FORMATS_OF_TARGET: Record<ResourceKind, readonly Format[]> = {
  'eks.cluster': ['terraform', 'cloudformation', 'eksctl'],
  'eks.nodegroup': ['terraform', 'cloudformation', 'eksctl'],
  'k8s.workload': ['kubernetes', 'terraform'],
  'k8s.namespace': ['kubernetes', 'terraform'],
  'k8s.networkpolicy': ['kubernetes', 'terraform'],
  'k8s.object': ['kubernetes', 'terraform'],
  'k8s.role': ['kubernetes', 'terraform'],
  'k8s.rolebinding': ['kubernetes', 'terraform'],
  'k8s.serviceaccount': ['kubernetes', 'terraform'],
  'k8s.secret': ['kubernetes', 'terraform'],
  // eksctl writes its iamIdentityMappings into aws-auth.
  'k8s.awsauth': ['kubernetes', 'terraform', 'eksctl'],
  'k8s.service': ['kubernetes', 'terraform'],
  'k8s.ingress': ['kubernetes', 'terraform'],
  'ec2.launchtemplate': ['terraform', 'cloudformation', 'eksctl'],
  // The account's EBS encryption by default: CloudFormation has no resource for it.
  'ec2.ebsdefaults': ['terraform'],
  'node.kubelet': ['kubernetes', 'terraform', 'cloudformation', 'eksctl'],
  'ec2.subnet': ['terraform', 'cloudformation'],
  'ec2.securitygroup': ['terraform', 'cloudformation'],
  'eks.addon': ['terraform', 'cloudformation', 'eksctl'],
  'eks.accesspolicy': ['terraform', 'cloudformation', 'eksctl'],
  'kms.key': ['terraform', 'cloudformation'],
  'ecr.repository': ['terraform', 'cloudformation'],
  // The registry's scanning configuration: a graph fact for its repositories, no rule targets it.
  'ecr.registry': ['terraform', 'cloudformation'],
  'iam.role': ['terraform', 'cloudformation', 'eksctl'],
  'iam.policy': ['terraform', 'cloudformation'],
  'iam.instanceprofile': ['terraform', 'cloudformation'],
  'elb.listener': ['terraform', 'cloudformation'],
  // Graph facts only (IRSA, network policy engines): no rule targets them.
  'iam.oidcprovider': ['terraform', 'cloudformation'],
  'helm.release': ['terraform', 'cloudformation'],
};

/** How each format is named for people (docs, tables). */
export const FORMAT_NAMES: Record<Format, string> = {
  terraform: 'Terraform',
  cloudformation: 'CloudFormation',
  eksctl: 'eksctl',
  kubernetes: 'Kubernetes',
};

export function formatsOf(rule: Pick<RuleDefinition, 'target'>): readonly Format[] {
  return FORMATS_OF_TARGET[rule.target] ?? [];
}
