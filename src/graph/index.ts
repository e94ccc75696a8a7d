import type { Resource } from '../model/resource.js';
import { linkAddons } from './addons.js';
import { type ClusterPatterns, clusterOf } from './clusters.js';
import { linkRegistryScanning } from './ecr.js';
import { linkClusterKeys } from './kms.js';
import { linkIamRoles } from './iam-roles.js';
import { linkLaunchTemplates } from './launch-templates.js';
import { linkNamespaces } from './namespaces.js';
import { linkNodeSubnets } from './node-subnets.js';
import { linkServiceAccounts } from './service-accounts.js';

/**
 * Adds the facts that need more than one resource to know, within each cluster (`clusters`; the
 * whole scan is one cluster by default). Pure: returns a new list.
 */
export function buildGraph(resources: readonly Resource[], clusters?: ClusterPatterns): Resource[] {
  const cluster = clusterOf(clusters);
  const linked = linkIamRoles(linkNodeSubnets(linkServiceAccounts(linkNamespaces(resources, cluster))));
  return linkAddons(linkLaunchTemplates(linkRegistryScanning(linkClusterKeys(linked)), cluster), cluster);
}
