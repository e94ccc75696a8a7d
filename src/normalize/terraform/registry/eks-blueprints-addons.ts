/**
 * `module "x" { source = "aws-ia/eks-blueprints-addons/aws" }` without downloading it: its
 * `eks_addons` map becomes one `aws_eks_addon` per entry (keyed by add-on name, with `name`,
 * `addon_version`, `configuration_values`, as in terraform-aws-modules/eks) and its
 * `helm_releases` map one `helm_release` per entry (`chart`, `repository`, `namespace`). The
 * cluster is the call's `cluster_name`, usually another module's output and so unknown. Read from
 * the module's `main.tf` (v1).
 */
import { type Resource, unknown } from '../../../model/resource.js';
import { entry, type PEntry } from '../../../model/tree.js';
import { entryRange, type Locations, toPlain } from '../../plain.js';
import { setArgument } from '../blocks.js';
import { addonsOfInput, type ModuleCallContext } from './eks-module-addons.js';
import type { RegistryModuleCall } from './module-calls.js';

const EKS_BLUEPRINTS_ADDONS_SOURCE = 'aws-ia/eks-blueprints-addons/aws';

function helmRelease(call: ModuleCallContext, item: PEntry): Resource {
  const locations: Locations = {};
  const props: Record<string, unknown> = {};
  const read = (key: string, pointer: string, fallback: unknown): void => {
    const e = item.value.type === 'map' ? setArgument(item.value, key) : undefined;
    props[pointer.slice(1)] = e ? toPlain(e.value, pointer, locations, entryRange(e)) : item.value.type === 'map' ? fallback : unknown(`${item.key} is not a literal object`);
    locations[pointer] ??= item.keyRange;
  };
  read('chart', '/chart', unknown('chart is not set'));
  read('repository', '/repository', null);
  read('namespace', '/namespace', 'default');
  return { kind: 'helm.release', name: `module.${call.name}.module.helm_release["${item.key}"].helm_release.this[0]`, format: 'terraform', file: call.file, range: item.keyRange, props, locations };
}

function helmReleases(call: ModuleCallContext): Resource[] {
  const input = entry(call.body, 'helm_releases');
  if (input === undefined) return [];
  if (input.value.type !== 'map') return [helmRelease(call, { ...input, value: { type: 'expr', text: input.key, range: input.value.range } })];
  return input.value.entries.map((item) => helmRelease(call, item));
}

/** The add-ons and Helm releases of a call of aws-ia/eks-blueprints-addons/aws, inputs already evaluated. */
export function eksBlueprintsAddonsResources(call: RegistryModuleCall, file: string): Resource[] {
  if (call.source !== EKS_BLUEPRINTS_ADDONS_SOURCE) return [];
  const cluster = setArgument(call.body, 'cluster_name');
  const clusterName = cluster ? toPlain(cluster.value, '', {}) : unknown('cluster_name is not set');
  const context: ModuleCallContext = { name: call.name, header: call.header, body: call.body, file, clusterName };
  return [...addonsOfInput(context, 'eks_addons'), ...helmReleases(context)];
}
