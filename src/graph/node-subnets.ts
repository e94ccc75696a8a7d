import { displayName, type Resource } from '../model/resource.js';
import { ReferenceIndex } from './references.js';

/**
 * Each subnet learns which scanned node groups run in it (`/nodeGroups`, by their display names,
 * in scan order; `[]` when none): a node group's `/subnets` references reach the subnets declared
 * in the same template or module instance. A subnet given by a value that cannot be followed (an ID,
 * a splat over a `count` block, a module output) is not linked, so a subnet can only gain groups, never
 * be judged on a guess. Pure: returns a new list.
 */
export function linkNodeSubnets(resources: readonly Resource[]): Resource[] {
  const groups = resources.filter((r) => r.kind === 'eks.nodegroup' && r.references?.some((ref) => ref.from?.startsWith('/subnets/')));
  if (!resources.some((r) => r.kind === 'ec2.subnet')) return [...resources];
  const index = new ReferenceIndex(resources);
  const hosted = new Map<Resource, string[]>();
  for (const group of groups) {
    for (const subnet of index.targetsOf(group, '/subnets')) {
      if (subnet.kind !== 'ec2.subnet') continue;
      const names = hosted.get(subnet) ?? [];
      if (!names.includes(displayName(group))) names.push(displayName(group));
      hosted.set(subnet, names);
    }
  }
  return resources.map((r) =>
    r.kind === 'ec2.subnet' ? { ...r, props: { ...r.props, nodeGroups: hosted.get(r) ?? [] }, locations: { ...r.locations, '/nodeGroups': r.range } } : r,
  );
}
