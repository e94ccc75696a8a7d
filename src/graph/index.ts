import type { Resource } from '../model/resource.js';
import { linkNamespaces } from './namespaces.js';
import { linkServiceAccounts } from './service-accounts.js';

/** Adds the facts that need more than one resource to know. Pure: returns a new list. */
export function buildGraph(resources: readonly Resource[]): Resource[] {
  return linkServiceAccounts(linkNamespaces(resources));
}
