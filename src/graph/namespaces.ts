import type { Resource } from '../model/resource.js';

function namespaceOf(resource: Resource): string | undefined {
  const namespace = resource.props.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/**
 * The namespaces of the scanned manifests, each knowing whether a NetworkPolicy lives in it.
 * A namespace exists when a Namespace manifest declares it or when any namespaced object names it
 * in `metadata.namespace`; an implied one is located at the first object that names it, in scan
 * order, since that is the manifest a person would open.
 */
export function linkNamespaces(resources: readonly Resource[]): Resource[] {
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
  const namespaces = [...declared.values(), ...implied.values()].map((ns) => ({
    ...ns,
    props: { ...ns.props, hasNetworkPolicy: withPolicy.has(ns.props.name as string) },
  }));
  return [...resources.filter((r) => r.kind !== 'k8s.namespace'), ...namespaces];
}
