/**
 * A container that runs the kubelet (`command: [kubelet, --flag=value, ...]`, then `args`), as a
 * static pod or a kubelet-in-a-container setup does: its flags are kubelet settings like any
 * other, one `node.kubelet` per such container of a workload. Each argument is one word, as the
 * container runtime passes it (no shell splitting); an argument that is not known is skipped.
 * Without `--config`, the kubelet runs on its flags' defaults, which the resource then holds.
 */
import { posix } from 'node:path';
import type { Resource } from '../../model/resource.js';
import { pointer } from '../../model/resource.js';
import { kubeletResource } from './resource.js';
import { type FlagWord, readKubeletFlags } from './settings.js';
import { FLAG_DEFAULTS, kubeletField } from './vocabulary.js';

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
    const flags = [...words(command, 'command', 1), ...words(args, 'args', 0)];
    const allKnown = [...command.slice(1), ...(Array.isArray(args) ? args : [])].every((word) => typeof word === 'string');
    const resource = kubeletResource(origin, (settings) => {
      settings.from('container');
      // Without a configuration file, the flags' own defaults apply; an unknown argument may be `--config`.
      if (allKnown && (args === undefined || Array.isArray(args)) && !flags.some((w) => /^--config(=|$)/.test(w.text))) {
        const at = workload.locations[pointer('containers', i, 'command')] ?? origin.range;
        for (const [prop, value] of FLAG_DEFAULTS) settings.set(kubeletField(prop), value, at);
      }
      readKubeletFlags(settings, flags);
    });
    if (resource) out.push(workload.ignores ? { ...resource, ignores: workload.ignores } : resource);
  });
  return out;
}
