import type { Resource } from '../model/resource.js';
import { linkAddons } from './addons.js';
import { type ClusterPatterns, clusterOf } from './clusters.js';
import { linkNamespaces } from './namespaces.js';
import { linkServiceAccounts } from './service-accounts.js';

/**
 * Adds the facts that need more than one resource to know, within each cluster (`clusters`; the
 * whole scan is one cluster by default). Pure: returns a new list.
 */
export function buildGraph(resources: readonly Resource[], clusters?: ClusterPatterns): Resource[] {
  const cluster = clusterOf(clusters);
  return linkAddons(linkServiceAccounts(linkNamespaces(resources, cluster)), cluster);
}
