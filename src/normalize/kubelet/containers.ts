/**
 * A container that runs the kubelet (`command: [kubelet, --flag=value, ...]`, then `args`), as a
 * static pod or a kubelet-in-a-container setup does: its flags are kubelet settings like any
 * other, one `node.kubelet` per such container of a workload. Each argument is one word, as the
 * container runtime passes it (no shell splitting); an argument that is not known is skipped.
 */
import { posix } from 'node:path';
import type { Resource } from '../../model/resource.js';
import { pointer } from '../../model/resource.js';
import { kubeletResource } from './resource.js';
import { type FlagWord, readKubeletFlags } from './settings.js';

export function kubeletContainers(workload: Resource): Resource[] {
  const containers = workload.props['containers'];
  if (!Array.isArray(containers)) return [];
  const out: Resource[] = [];
  containers.forEach((container: unknown, i) => {
    if (typeof container !== 'object' || container === null) return;
    const { command, args, name } = container as Record<string, unknown>;
    if (!Array.isArray(command) || typeof command[0] !== 'string' || posix.basename(command[0]) !== 'kubelet') return;
    const words = (list: unknown, field: string, from: number): FlagWord[] =>
      Array.isArray(list)
        ? list.flatMap((word: unknown, j) => (typeof word === 'string' && j >= from ? [{ text: word, range: workload.locations[pointer('containers', i, field, j)] ?? workload.range }] : []))
        : [];
    const origin = {
      name: `${workload.name} containers[${typeof name === 'string' ? name : i}]`,
      format: workload.format,
      file: workload.file,
      range: workload.locations[pointer('containers', i)] ?? workload.range,
    };
    const resource = kubeletResource(origin, (settings) => {
      settings.from('container');
      readKubeletFlags(settings, [...words(command, 'command', 1), ...words(args, 'args', 0)]);
    });
    if (resource) out.push(workload.ignores ? { ...resource, ignores: workload.ignores } : resource);
  });
  return out;
}
