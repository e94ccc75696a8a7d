import type { Range } from '../../model/range.js';
import { at, entry, type PMap, stringValue } from '../../model/tree.js';
import { asWritten, rootSection, section, type Section } from '../fields.js';
import { entryRange } from '../plain.js';

/** eksctl's two lists of node groups: self-managed (an Auto Scaling group eksctl creates) and EKS-managed. */
export type EksctlNodeGroupList = 'nodeGroups' | 'managedNodeGroups';

/** One node group of a `ClusterConfig`, for every adapter that reads node groups. */
export interface EksctlNodeGroup {
  list: EksctlNodeGroupList;
  /** Its `name`, or its position when the name is missing. */
  name: string;
  /** Its fields, located: defaults of a missing field point at `header`. */
  section: Section;
  /** The group's `name` entry, else the list item's first line. */
  header: Range;
  /** How messages name it: `ClusterConfig prod managedNodeGroups[workers]`. */
  resourceName: string;
}

/**
 * The node groups of an eksctl `ClusterConfig` in the order written, both lists. `clusterName` is
 * the `ClusterConfig`'s resource name (`ClusterConfig prod`). An item that is not a map is skipped.
 */
export function eksctlNodeGroups(root: PMap, clusterResourceName: string): EksctlNodeGroup[] {
  const out: EksctlNodeGroup[] = [];
  for (const list of ['nodeGroups', 'managedNodeGroups'] as const) {
    const node = at(root, list);
    if (node?.type !== 'seq') continue;
    node.items.forEach((item, index) => {
      if (item.type !== 'map') return;
      const nameEntry = entry(item, 'name');
      const written = nameEntry ? stringValue(nameEntry.value) : undefined;
      const name = written ?? String(index);
      const header = nameEntry ? entryRange(nameEntry) : item.range;
      out.push({ list, name, section: rootSection(item, header), header, resourceName: `${clusterResourceName} ${list}[${name}]` });
    });
  }
  return out;
}

/** A field section of a node group (`ssh`, `iam`), located at the group when not written. */
export function nodeGroupSection(group: EksctlNodeGroup, key: string): Section {
  return section(group.section, key, asWritten);
}
