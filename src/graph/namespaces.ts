import type { Resource } from '../model/resource.js';
import { DEFAULT_CLUSTER } from './clusters.js';

function namespaceOf(resource: Resource): string | undefined {
  const namespace = resource.props.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/** The resources the namespace graph is built from. */
const GRAPH_KINDS = new Set<Resource['kind']>(['k8s.namespace', 'k8s.networkpolicy', 'k8s.object']);

/**
 * The namespaces of one cluster's files, each knowing whether a NetworkPolicy of that cluster
 * lives in it. A namespace exists when a Namespace object declares it or when a namespaced object
 * names it in `metadata.namespace`. It is reported once: at its Namespace object when there is one,
 * else at the first object that names it, in scan order, since that is the manifest a person
 * would open.
 */
function clusterNamespaces(resources: readonly Resource[]): Resource[] {
  const withPolicy = new Set(
    resources.filter((r) => r.kind === 'k8s.networkpolicy').map(namespaceOf).filter((n): n is string => n !== undefined),
  );
  const declared = new Map<string, Resource>();
  for (const r of resources) {
    if (r.kind === 'k8s.namespace' && typeof r.props.name === 'string' && !declared.has(r.props.name)) declared.set(r.props.name, r);
  }
  const implied = new Map<string, Resource>();
  for (const r of resources) {
    const name = r.kind === 'k8s.object' ? namespaceOf(r) : undefined;
    if (name === undefined || declared.has(name) || implied.has(name)) continue;
    const at = r.locations['/namespace'] ?? r.range;
    implied.set(name, {
      kind: 'k8s.namespace',
      name: `Namespace ${name}`,
      format: r.format,
      file: r.file,
      range: at,
      props: { name, declared: false },
      locations: { '/name': at },
    });
  }
  return [...declared.values(), ...implied.values()].map((ns) => ({
    ...ns,
    props: { ...ns.props, hasNetworkPolicy: withPolicy.has(ns.props.name as string) },
  }));
}

/**
 * Replaces the scan's namespaces with one namespace graph per cluster: a NetworkPolicy counts for
 * namespaces of its own cluster only, and a namespace name used in two clusters is two namespaces.
 * Without `clusterOf`, the whole scan is one cluster.
 */
export function linkNamespaces(resources: readonly Resource[], clusterOf: (file: string) => string = () => DEFAULT_CLUSTER): Resource[] {
  const clusters = new Map<string, Resource[]>();
  for (const r of resources) {
    if (!GRAPH_KINDS.has(r.kind)) continue;
    const cluster = clusterOf(r.file);
    const members = clusters.get(cluster);
    if (members) members.push(r);
    else clusters.set(cluster, [r]);
  }
  return [...resources.filter((r) => r.kind !== 'k8s.namespace'), ...[...clusters.values()].flatMap(clusterNamespaces)];
}
