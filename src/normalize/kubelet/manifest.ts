/**
 * Kubelet configuration files among the YAML/JSON a scan reads: a `KubeletConfiguration`
 * (kubelet.config.k8s.io/v1beta1, the kubelet's `--config` file) and a nodeadm `NodeConfig`
 * (node.eks.aws/v1alpha1). Both are recognised as Kubernetes-style objects by their apiVersion and
 * kind, and each becomes one `node.kubelet` resource.
 */
import { basename } from 'node:path';
import type { Range } from '../../model/range.js';
import type { Resource } from '../../model/resource.js';
import type { PMap } from '../../model/tree.js';
import { asWritten } from '../fields.js';
import { kubeletResource } from './resource.js';
import { readKubeletConfig } from './settings.js';
import { readNodeConfig } from './sources.js';

export interface KubeletManifest {
  map: PMap;
  kind: string;
  /** API group: `kubelet.config.k8s.io`, `node.eks.aws`. */
  group: string;
  name: string | undefined;
  file: string;
  header: Range;
}

export function kubeletFromManifest(object: KubeletManifest): Resource | undefined {
  const origin = { name: `${object.kind} ${object.name ?? basename(object.file)}`, format: 'kubernetes' as const, file: object.file, range: object.header };
  if (object.kind === 'KubeletConfiguration' && object.group === 'kubelet.config.k8s.io') {
    return kubeletResource(origin, (settings) => {
      settings.from('KubeletConfiguration');
      readKubeletConfig(settings, object.map, asWritten);
    });
  }
  if (object.kind === 'NodeConfig' && object.group === 'node.eks.aws') return kubeletResource(origin, (settings) => readNodeConfig(settings, object.map, asWritten));
  return undefined;
}
