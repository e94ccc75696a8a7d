import { isUnknown, unknown, type Unknown } from '../model/resource.js';

/**
 * The parts of the `eks.nodegroup` vocabulary (docs/canonical-model.md) that do not depend on the
 * format: what a node group's remote (SSH) access opens, and which Auto Scaling groups are EKS nodes.
 */

/** What EKS opens port 22 to when a managed node group has an SSH key and no source security groups. */
export const EKS_SSH_OPEN_TO = ['0.0.0.0/0'];

/** What eksctl opens port 22 to without `ssh.sourceSecurityGroupIds` on public networking (IPv4 and IPv6). */
export const EKSCTL_SSH_OPEN_TO = ['0.0.0.0/0', '::/0'];

export interface RemoteAccess {
  /** Whether SSH is opened to the nodes. */
  enabled: boolean | Unknown;
  /** The key (EC2 key pair name, eksctl key path or key), `null` when there is none. */
  sshKey: unknown;
  sourceSecurityGroups: unknown[] | Unknown;
  /** The address ranges port 22 is opened to (`[]` when only security groups, or nothing, may connect). */
  sourceCidrs: unknown[] | Unknown;
}

/**
 * The remote access of an EKS managed node group (the EKS API's `RemoteAccessConfig`): SSH is on when
 * an `ec2SshKey` is given, and without `sourceSecurityGroups` "port 22 on the worker nodes is opened
 * to the internet (0.0.0.0/0)" (EKS API reference). `enabled` is the caller's reading of the key.
 */
export function eksRemoteAccess(enabled: boolean | Unknown, sshKey: unknown, sourceSecurityGroups: unknown[] | Unknown): RemoteAccess {
  return { enabled, sshKey, sourceSecurityGroups, sourceCidrs: openWithoutGroups(enabled, sourceSecurityGroups, EKS_SSH_OPEN_TO) };
}

/**
 * The ranges SSH is open to: none when it is off or when source security groups are given, else
 * `open` (an unknown when either cannot be known).
 */
export function openWithoutGroups(enabled: boolean | Unknown, groups: unknown[] | Unknown, open: unknown[] | Unknown): unknown[] | Unknown {
  if (enabled === false) return [];
  if (isUnknown(groups)) return groups;
  if (groups.length > 0) return [];
  return isUnknown(enabled) ? enabled : open;
}

/** The tag that makes an instance a node of an EKS cluster: `kubernetes.io/cluster/<cluster name>`. */
export const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';

/**
 * The cluster an Auto Scaling group's tag key names, when the key is the cluster tag; `undefined`
 * for any other key. `written` is the key's text when its value cannot be known (`"kubernetes.io/cluster/${var.name}"`):
 * such a key still says the group is a cluster's, but not which.
 */
export function clusterOfTagKey(key: string | undefined, written?: string): string | Unknown | undefined {
  if (key !== undefined) return key.startsWith(CLUSTER_TAG_PREFIX) && key.length > CLUSTER_TAG_PREFIX.length ? key.slice(CLUSTER_TAG_PREFIX.length) : undefined;
  if (written?.replace(/^"/, '').startsWith(CLUSTER_TAG_PREFIX)) return unknown(`cluster named in the tag key ${written}`);
  return undefined;
}
