/**
 * The launch templates a `terraform-aws-modules/eks/aws` call creates for its node groups
 * (`modules/eks-managed-node-group` and `modules/self-managed-node-group`, `aws_launch_template.this`),
 * rebuilt from each group's inputs and the defaults of the module's major version, then read by the
 * ordinary `aws_launch_template` adapter. Every such template starts EKS nodes.
 */
import type { Range } from '../../../model/range.js';
import type { Resource } from '../../../model/resource.js';
import { entry, type PEntry, type PMap, type PNode, scalarValue } from '../../../model/tree.js';
import { entryRange } from '../../plain.js';
import { setArgument } from '../blocks.js';
import { launchTemplateFromTerraform } from '../launch-templates.js';
import type { EksModuleMajor } from './eks-module-versions.js';
import type { RegistryModuleCall } from './module-calls.js';

/** The two kinds of node group, the input listing them, their defaults input (v19, v20) and the submodule. */
const GROUP_KINDS = [
  { input: 'eks_managed_node_groups', defaultsInput: 'eks_managed_node_group_defaults', module: 'eks_managed_node_group' },
  { input: 'self_managed_node_groups', defaultsInput: 'self_managed_node_group_defaults', module: 'self_managed_node_group' },
] as const;

/**
 * The metadata options a group gets when it sets none. v19 and v20 pass `local.metadata_options`
 * (`node_groups.tf`: endpoint on, tokens required, hop limit 2), and a group's own map replaces it
 * whole, so a key it leaves out is left to EC2. v21's submodules default each attribute
 * (`variables.tf`: `optional(number, 1)` hop limit, tokens required), whatever the group sets.
 */
const METADATA_DEFAULTS: Record<number, { values: Record<string, string | number>; perAttribute: boolean }> = {
  19: { values: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 2 }, perAttribute: false },
  20: { values: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 2 }, perAttribute: false },
  21: { values: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 }, perAttribute: true },
};

function scalar(value: string | number, range: Range): PNode {
  return { type: 'scalar', value, range };
}

function block(key: string, keyRange: Range, entries: PEntry[]): PEntry {
  return { key, keyRange, value: { type: 'map', entries, range: keyRange, block: true } };
}

/** A block whose content cannot be known (an expression in place of the map). */
function opaque(type: string, range: Range): PEntry {
  return { key: 'dynamic', keyRange: range, value: { type: 'map', entries: [], range, labels: [type], block: true } };
}

/** `metadata_options`: the group's map (filled per attribute in v21), else the version's default, located at the group. */
function metadataOptions(major: number, input: PEntry | undefined, groupAt: Range): PEntry {
  const defaults = METADATA_DEFAULTS[major] ?? METADATA_DEFAULTS[21]!;
  if (input === undefined) return block('metadata_options', groupAt, Object.entries(defaults.values).map(([key, v]) => ({ key, keyRange: groupAt, value: scalar(v, groupAt) })));
  if (input.value.type !== 'map') return opaque('metadata_options', entryRange(input));
  const given = input.value.entries;
  const filled = defaults.perAttribute
    ? Object.entries(defaults.values)
        .filter(([key]) => setArgument(input.value as PMap, key) === undefined)
        .map(([key, v]) => ({ key, keyRange: input.keyRange, value: scalar(v, entryRange(input)) }))
    : [];
  return block('metadata_options', input.keyRange, [...given.filter((e) => !(e.value.type === 'scalar' && e.value.value === null)), ...filled]);
}

/** `block_device_mappings`: a map of `{device_name, ebs = {...}}` objects, one block each. */
function blockDeviceMappings(input: PEntry | undefined): PEntry[] {
  if (input === undefined || (input.value.type === 'scalar' && input.value.value === null)) return [];
  if (input.value.type !== 'map') return [opaque('block_device_mappings', entryRange(input))];
  return input.value.entries.map((mapping) => {
    if (mapping.value.type !== 'map') return opaque('block_device_mappings', entryRange(mapping));
    const ebs = entry(mapping.value, 'ebs');
    const nested = ebs === undefined ? [] : ebs.value.type === 'map' ? [block('ebs', ebs.keyRange, ebs.value.entries)] : [opaque('ebs', entryRange(ebs))];
    return block('block_device_mappings', mapping.keyRange, nested);
  });
}

/** Whether a switch is known to be on: `create_launch_template` and `use_custom_launch_template` default to true. */
function on(node: PNode | undefined): boolean {
  if (node === undefined) return true;
  const value = scalarValue(node);
  return value === true || value === 'true';
}

/** The launch template of every node group the call declares literally, when the module creates one. */
export function eksModuleLaunchTemplates(major: EksModuleMajor, call: RegistryModuleCall, file: string): Resource[] {
  return GROUP_KINDS.flatMap((kind) => {
    const groups = entry(call.body, kind.input)?.value;
    if (groups?.type !== 'map') return [];
    // v21 has no per-kind defaults input: its groups are objects with optional attributes.
    const defaults = major.major < 21 ? entry(call.body, kind.defaultsInput)?.value : undefined;
    return groups.entries.flatMap((group): Resource[] => {
      if (group.value.type !== 'map') return [];
      const groupBody = group.value;
      const own = (key: string) => setArgument(groupBody, key) ?? (defaults?.type === 'map' ? setArgument(defaults, key) : undefined);
      const creates = on(own('create_launch_template')?.value) && (kind.module === 'self_managed_node_group' || on(own('use_custom_launch_template')?.value));
      if (!creates) return [];
      const body: PMap = { type: 'map', entries: [metadataOptions(major.major, own('metadata_options'), group.keyRange), ...blockDeviceMappings(own('block_device_mappings'))], range: group.keyRange, block: true };
      const address = `module.${call.name}.module.${kind.module}["${group.key}"].aws_launch_template.this[0]`;
      return launchTemplateFromTerraform({ type: 'aws_launch_template', name: 'this', header: group.keyRange, body }, file).map((template) => ({
        ...template,
        name: address,
        props: { ...template.props, name: group.key, eksNodes: true },
        locations: { ...template.locations, '/eksNodes': group.keyRange },
      }));
    });
  });
}
