/**
 * eksctl node groups → `node.kubelet`: `kubeletExtraConfig` (merged into the node's
 * KubeletConfiguration), `overrideBootstrapCommand` (user data: bootstrap.sh flags or a nodeadm
 * NodeConfig) and Bottlerocket's `bottlerocket.settings.kubernetes`, in that order.
 */
import type { Resource } from '../../model/resource.js';
import { at, entry } from '../../model/tree.js';
import { asWritten } from '../fields.js';
import { kubeletResource } from '../kubelet/resource.js';
import { readKubeletConfig } from '../kubelet/settings.js';
import { readBottlerocketSetting, readUserData } from '../kubelet/sources.js';
import { entryRange } from '../plain.js';
import { scalarText } from '../userdata/scalar.js';
import { eksctlNodeGroups } from './node-groups.js';

export function eksctlKubelets(file: string, root: Parameters<typeof eksctlNodeGroups>[0], clusterResourceName: string, text: string | undefined): Resource[] {
  const outerLines = text?.split('\n');
  const out: Resource[] = [];
  for (const group of eksctlNodeGroups(root, clusterResourceName)) {
    const map = group.section.map;
    if (map === undefined) continue;
    const resource = kubeletResource({ name: group.resourceName, format: 'eksctl', file, range: group.header }, (settings) => {
      const extra = entry(map, 'kubeletExtraConfig');
      if (extra) {
        settings.from('eksctl');
        if (extra.value.type === 'map') readKubeletConfig(settings, extra.value, asWritten);
      }
      const override = entry(map, 'overrideBootstrapCommand');
      if (override?.value.type === 'scalar' && typeof override.value.value === 'string') {
        settings.from('eksctl');
        readUserData(settings, scalarText(override.value, entryRange(override), outerLines));
      }
      const kubernetes = at(map, 'bottlerocket', 'settings', 'kubernetes');
      if (kubernetes?.type === 'map') {
        settings.from('eksctl');
        for (const e of kubernetes.entries) {
          const written = e.value.type === 'scalar' && e.value.value !== null ? String(e.value.value) : undefined;
          if (written !== undefined) readBottlerocketSetting(settings, e.key, written, entryRange(e));
        }
      }
    });
    if (resource) out.push(resource);
  }
  return out;
}
