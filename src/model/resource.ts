import type { Range } from './range.js';
import type { ResourceIgnore } from './suppression.js';

export type Format = 'terraform' | 'cloudformation' | 'eksctl' | 'kubernetes';

/** The canonical resource kinds rules are written against, whatever format declared them. */
export type ResourceKind =
  | 'eks.cluster'
  | 'eks.nodegroup'
  | 'k8s.workload'
  | 'k8s.namespace'
  | 'k8s.networkpolicy'
  | 'k8s.object'
  | 'k8s.role'
  | 'k8s.rolebinding'
  | 'k8s.serviceaccount'
  | 'k8s.secret'
  | 'k8s.awsauth'
  | 'k8s.service'
  | 'k8s.ingress'
  | 'ec2.launchtemplate'
  | 'ec2.ebsdefaults'
  | 'node.kubelet'
  | 'ec2.subnet'
  | 'ec2.securitygroup'
  | 'eks.addon'
  | 'eks.accesspolicy'
  | 'kms.key'
  | 'ecr.repository'
  | 'ecr.registry'
  | 'iam.role'
  /** Statements or managed policies on their way to roles: policies, attachments, policy documents (graph input only). */
  | 'iam.policy'
  /** An instance profile and its role (graph input only). */
  | 'iam.instanceprofile'
  | 'elb.listener'
  | 'iam.oidcprovider'
  | 'helm.release';

/**
 * A value that cannot be known statically. Rules never fire on it: the engine drops every
 * violation whose value contains one. It is plain JSON so that it survives structured cloning.
 */
export interface Unknown {
  $unknown: string;
}

export function unknown(reason: string): Unknown {
  return { $unknown: reason };
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && '$unknown' in value;
}

/** A JSON Pointer (RFC 6901) into `Resource.props`, for example `/endpoint/publicAccess`. */
export type Pointer = string;

export interface Resource {
  kind: ResourceKind;
  /** Stable, human-readable address: `aws_eks_cluster.this`, `EKSCluster`, `Deployment shop/web`. */
  name: string;
  format: Format;
  /**
   * The format's own type when `name` does not show it (CloudFormation's `AWS::EKS::Cluster`, since
   * its names are bare logical ids): messages name the resource as `<typeName> <name>`.
   */
  typeName?: string;
  /** CloudFormation: whether the template is written in JSON or YAML, so fix hints use its syntax. */
  syntax?: 'json' | 'yaml';
  file: string;
  /** The resource's header: where a finding goes when no field gives a better place. */
  range: Range;
  /** Canonical fields, plain JSON; see docs/canonical-model.md for each kind's vocabulary. */
  props: Record<string, unknown>;
  /**
   * Where each canonical field came from. A field filled by a format default points at the block
   * that should hold it. Lookups fall back to the nearest ancestor pointer, then to `range`.
   */
  locations: Record<Pointer, Range>;
  /**
   * Suppressions written on the resource itself (Kubernetes annotations, CloudFormation
   * `Metadata`); they cover this resource's findings. Absent when there are none.
   */
  ignores?: ResourceIgnore[];
  /**
   * Other resources this one's fields refer to (a cluster's KMS key, a node group's role and
   * subnets), by the address their format uses in the same file or module (graph edges). Absent
   * when none.
   */
  references?: Reference[];
  /**
   * Terraform: the `module` calls that lead from the root module to this resource, outermost
   * first. Its findings name the chain and point back at the calls (SARIF related locations).
   */
  calls?: { address: string; file: string; range: Range }[];
  /**
   * When some values depend on a choice that cannot be known statically (a CloudFormation `Fn::If`
   * on a condition whose inputs are deploy-time values), the resource as it is on each side of the
   * choice. `props` then holds those values as unknown; a rule fires only when it fires on every
   * variant (engine/evaluate.ts). Absent when every choice is known.
   */
  variants?: ResourceVariant[];
}

export interface Reference {
  /** The field that refers: `/secretsEncryption/keyArn`, when the adapter knows it. */
  from?: Pointer;
  /** The resource referred to: a CloudFormation logical id, a Terraform address. */
  to: string;
  /** The attribute read from it (`Arn`), when not the resource itself. */
  attribute?: string;
}

export interface ResourceVariant {
  props: Record<string, unknown>;
  locations: Record<Pointer, Range>;
}

export function pointer(...segments: (string | number)[]): Pointer {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** How messages name a resource: its name, after its type when the name does not show it. */
export function displayName(resource: Pick<Resource, 'name' | 'typeName'>): string {
  return resource.typeName ? `${resource.typeName} ${resource.name}` : resource.name;
}
