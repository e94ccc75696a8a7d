import type { Range } from './range.js';
import type { ResourceIgnore } from './suppression.js';

export type Format = 'terraform' | 'cloudformation' | 'eksctl' | 'kubernetes';

/** The canonical resource kinds rules are written against, whatever format declared them. */
export type ResourceKind =
  | 'eks.cluster'
  | 'k8s.workload'
  | 'k8s.namespace'
  | 'k8s.networkpolicy'
  | 'k8s.object';

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
   * Terraform: the `module` calls that lead from the root module to this resource, outermost
   * first. Its findings name the chain and point back at the calls (SARIF related locations).
   */
  calls?: { address: string; file: string; range: Range }[];
  /** Terraform: the other objects this resource's arguments refer to (graph edges). */
  references?: { address: string; attribute?: string }[];
}

export function pointer(...segments: (string | number)[]): Pointer {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
