/**
 * `module "eks" { source = "terraform-aws-modules/eks/aws" ... }` without downloading it: the
 * module's `aws_eks_cluster.this` is rebuilt from the call's inputs and the defaults of the major
 * version its `version` constraint picks (eks-module-versions.ts), then read by the ordinary
 * `aws_eks_cluster` adapter. A value set by an input is located at the input; a value the module's
 * default decides, at the `module` block's header.
 */
import type { Range } from '../../../model/range.js';
import { isUnknown, type Resource, unknown } from '../../../model/resource.js';
import { entry, type PEntry, type PMap, type PNode, scalarValue } from '../../../model/tree.js';
import { entryRange, type Locations, toPlain } from '../../plain.js';
import { setArgument } from '../blocks.js';
import { TerraformFields } from '../arguments.js';
import { eksClusterFromTerraform } from '../eks-cluster.js';
import { eksModuleLaunchTemplates } from './eks-module-launch-templates.js';
import { writeRemoteAccess, writeUnknownRemoteAccess } from '../node-groups.js';
import { eksModuleExtras } from './eks-module-addons.js';
import { type EksModuleMajor, EKS_MODULE_MAJORS, EKS_MODULE_SOURCE, type Json } from './eks-module-versions.js';
import type { RegistryModuleCall } from './module-calls.js';
import { chooseMajor } from './version-constraint.js';

/** The data of the major version a call's constraint picks, if eks-lint knows it. */
export function eksModuleMajor(call: RegistryModuleCall): EksModuleMajor | undefined {
  if (call.source !== EKS_MODULE_SOURCE) return undefined;
  const major = chooseMajor(call.version, EKS_MODULE_MAJORS.map((m) => m.major));
  return EKS_MODULE_MAJORS.find((m) => m.major === major);
}

/** A module default as a tree, located at `range`. */
function literal(value: Json, range: Range): PNode {
  if (Array.isArray(value)) return { type: 'seq', items: value.map((v) => literal(v, range)), range };
  if (value !== null && typeof value === 'object') {
    return { type: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, keyRange: range, value: literal(v, range) })), range };
  }
  return { type: 'scalar', value, range };
}

/** An argument of the rebuilt resource, with the input's position, or the default's at `range`. */
function argument(key: string, input: PEntry | undefined, fallback: Json, range: Range): PEntry {
  return input ? { key, keyRange: input.keyRange, value: input.value } : { key, keyRange: range, value: literal(fallback, range) };
}

/** A block the adapter cannot know (`dynamic "type"`): what it stands for is unknown. */
function opaqueBlock(type: string, range: Range): PEntry {
  return { key: 'dynamic', keyRange: range, value: { type: 'map', entries: [], range, labels: [type], block: true } };
}

function block(key: string, keyRange: Range, entries: PEntry[], range = keyRange): PEntry {
  return { key, keyRange, value: { type: 'map', entries, range, block: true } };
}

type Tri = boolean | 'unknown';

function truth(node: PNode | undefined, fallback: boolean): Tri {
  if (node === undefined) return fallback;
  const value = scalarValue(node);
  return value === true || value === 'true' ? true : value === false || value === 'false' ? false : 'unknown';
}

/**
 * `dynamic "encryption_config"` of the module's `main.tf`: written when the encryption input is
 * non-empty (v19, v20) or non-null (v21); its key is the module's own KMS key unless
 * `create_kms_key = false`, then the input's `provider_key_arn`. Returns the block (or an opaque
 * one when it cannot be known), or, when none is written, the range that decided so.
 */
function encryptionConfig(major: EksModuleMajor, body: PMap, header: Range): { entry?: PEntry; disabledAt?: Range } {
  const input = entry(body, major.encryption.input);
  const config = input?.value ?? literal(major.encryption.default, header);
  const at = input ? entryRange(input) : header;
  const isNull = config.type === 'scalar' && config.value === null;
  if (config.type !== 'map' && !isNull) return { entry: opaqueBlock('encryption_config', at) };
  const written = major.encryption.disabledWhen === 'null' ? !isNull : config.type === 'map' && config.entries.length > 0;
  if (!written) return isNull && major.encryption.disabledWhen === 'empty' ? { entry: opaqueBlock('encryption_config', at) } : { disabledAt: at };
  const map = config as PMap;
  const resources = entry(map, 'resources') ?? (major.encryption.resourcesDefault ? argument('resources', undefined, major.encryption.resourcesDefault, at) : undefined);
  const createKey = entry(body, major.createKmsKey.input);
  const ownKey = truth(createKey?.value, major.createKmsKey.default);
  const keyArn: PEntry | undefined =
    ownKey === true
      ? { key: 'key_arn', keyRange: createKey?.keyRange ?? at, value: { type: 'expr', text: 'module.kms.key_arn', range: createKey?.value.range ?? at } }
      : ownKey === false
        ? setArgument(map, 'provider_key_arn')
        : undefined;
  // Without resources or key, Terraform would stop with an error rather than create the cluster.
  if (resources === undefined || keyArn === undefined) return { entry: opaqueBlock('encryption_config', at) };
  const provider = block('provider', keyArn.keyRange, [{ ...keyArn, key: 'key_arn' }]);
  return { entry: block('encryption_config', input?.keyRange ?? header, [{ ...resources, key: 'resources' }, provider], at) };
}

/** The `outpost_config` block a non-null outpost input writes: a local cluster, or unknown for an expression. */
function outpostConfig(major: EksModuleMajor, body: PMap): PEntry | undefined {
  const input = major.outpost ? entry(body, major.outpost.input) : undefined;
  if (input === undefined) return undefined;
  const { value } = input;
  if (value.type === 'scalar' && value.value === null) return undefined;
  return value.type === 'map' ? block('outpost_config', input.keyRange, [], entryRange(input)) : opaqueBlock('outpost_config', entryRange(input));
}

/** The module's `aws_eks_cluster.this` arguments, rebuilt from the call. */
function clusterBody(major: EksModuleMajor, body: PMap, header: Range): { body: PMap; disabledAt?: Range } {
  const top: PEntry[] = [];
  // Nested blocks in the order their first argument appears; `vpc_config` is always written.
  const nested = new Map<string, PEntry[]>([['vpc_config', []]]);
  for (const arg of major.cluster) {
    const input = entry(body, arg.input);
    const anchor = arg.defaultAt ? entry(body, arg.defaultAt) : undefined;
    const [blockName, name] = arg.argument.includes('.') ? arg.argument.split('.') : [undefined, arg.argument];
    const into = blockName === undefined ? top : (nested.get(blockName) ?? []);
    if (blockName !== undefined) nested.set(blockName, into);
    into.push(argument(name ?? arg.argument, input, arg.default, anchor ? entryRange(anchor) : header));
  }
  const encryption = encryptionConfig(major, body, header);
  const blocks = [...nested].map(([name, args]) => block(name, header, args));
  const outpost = outpostConfig(major, body);
  const entries = [...top, ...blocks, ...(encryption.entry ? [encryption.entry] : []), ...(outpost ? [outpost] : [])];
  return { body: { type: 'map', entries, range: header, block: true }, ...(encryption.disabledAt ? { disabledAt: encryption.disabledAt } : {}) };
}

/** Whether the module creates its cluster: `local.create` (every create input true) and the call's `count`. */
function creates(major: EksModuleMajor, body: PMap): boolean {
  if (scalarValue(setArgument(body, 'count')?.value) === 0) return false;
  return major.create.every((c) => truth(entry(body, c.input)?.value, c.default) !== false);
}

/** Every managed node group the call declares literally: name, cluster, role, subnets and remote access. */
function nodeGroups(major: EksModuleMajor, call: RegistryModuleCall, file: string, clusterName: unknown): Resource[] {
  const groups = entry(call.body, major.nodeGroups.input)?.value;
  if (groups?.type !== 'map') return [];
  const defaults = major.nodeGroups.defaultsInput ? entry(call.body, major.nodeGroups.defaultsInput)?.value : undefined;
  const moduleSubnets = entry(call.body, major.nodeGroups.subnetsInput);
  return groups.entries.flatMap((group): Resource[] => {
    if (group.value.type !== 'map') return [];
    const locations: Locations = {};
    const own = (key: string) => setArgument(group.value as PMap, key) ?? (defaults?.type === 'map' ? setArgument(defaults, key) : undefined);
    const at = (key: string, e: PEntry | undefined, fallback: unknown): unknown => (e ? toPlain(e.value, `/${key}`, locations, entryRange(e)) : ((locations[`/${key}`] = group.keyRange), fallback));
    const subnets = own('subnet_ids') ?? moduleSubnets;
    const access = remoteAccess(own('remote_access'), own('use_custom_launch_template'), group.keyRange);
    const props = {
      name: at('name', setArgument(group.value, 'name'), group.key),
      clusterName,
      nodeRole: at('nodeRole', own('iam_role_arn'), unknown('created by the module')),
      subnets: at('subnets', subnets, []),
      managed: true,
      remoteAccess: access.props.remoteAccess,
    };
    locations['/clusterName'] = call.header;
    locations['/managed'] = group.keyRange;
    Object.assign(locations, access.locations);
    const address = `module.${call.name}.module.eks_managed_node_group["${group.key}"].aws_eks_node_group.this[0]`;
    return [{ kind: 'eks.nodegroup', name: address, format: 'terraform', file, range: group.keyRange, props, locations }];
  });
}

/**
 * A group's `remote_access` object. The module documents it as valid only with
 * `use_custom_launch_template = false` (default `true`): EKS refuses remote access next to a launch
 * template, so with the module's own template no SSH is opened.
 */
function remoteAccess(input: PEntry | undefined, customTemplate: PEntry | undefined, header: Range): TerraformFields {
  const fields = new TerraformFields();
  const custom = truth(customTemplate?.value, true);
  const at = input ? entryRange(input) : header;
  if (input === undefined || custom === true) writeRemoteAccess(fields, undefined, at);
  else if (custom === 'unknown') writeUnknownRemoteAccess(fields, unknown('use_custom_launch_template'), at);
  else if (input.value.type === 'map') writeRemoteAccess(fields, input.value, at);
  else writeUnknownRemoteAccess(fields, unknown('remote_access is not an object'), at);
  return fields;
}

/**
 * The canonical resources of a call of `terraform-aws-modules/eks/aws` whose variables and locals
 * are already substituted: its cluster, its managed node groups and its node groups' launch templates.
 */
export function eksModuleResources(call: RegistryModuleCall, file: string): Resource[] {
  const major = eksModuleMajor(call);
  if (major === undefined || !creates(major, call.body)) return [];
  const { body, disabledAt } = clusterBody(major, call.body, call.header);
  const cluster = eksClusterFromTerraform({ type: 'aws_eks_cluster', name: 'this', header: call.header, body }, file);
  // Encryption switched off by an input is that input's doing.
  if (disabledAt) cluster.locations['/secretsEncryption/enabled'] = disabledAt;
  const name = cluster.props.name;
  const resource: Resource = { ...cluster, name: `module.${call.name}.aws_eks_cluster.this[0]` };
  const [withExtras = resource, ...extras] = eksModuleExtras(resource, { name: call.name, header: call.header, body: call.body, file, major: major.major });
  return [withExtras, ...nodeGroups(major, call, file, isUnknown(name) || name === '' ? unknown('cluster name') : name), ...eksModuleLaunchTemplates(major, call, file), ...extras];
}
