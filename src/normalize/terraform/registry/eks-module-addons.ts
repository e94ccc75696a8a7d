/**
 * What a `terraform-aws-modules/eks/aws` call declares besides its cluster and node groups: its
 * add-ons (`cluster_addons` in v19 and v20, `addons` in v21, each a map keyed by add-on name),
 * its access policy associations (`access_entries[*].policy_associations`, v20 and v21), whether
 * it creates an IAM OIDC provider (`enable_irsa`, default true in v19–v21) and whether the
 * cluster runs in EKS Auto Mode (`cluster_compute_config` in v20, `compute_config` in v21). Read
 * from the module's `main.tf` and `variables.tf` at the first and last tag of each major.
 */
import type { Range } from '../../../model/range.js';
import { isUnknown, type Reference, type Resource, unknown } from '../../../model/resource.js';
import { entry, type PEntry, type PMap, scalarValue } from '../../../model/tree.js';
import { locateConfiguration, parseAddonConfiguration } from '../../eks-addon.js';
import { entryRange, type Locations, toPlain } from '../../plain.js';
import { setArgument } from '../blocks.js';

const INPUTS: Record<number, { addons: string; accessEntries?: string; computeConfig?: string }> = {
  19: { addons: 'cluster_addons' },
  20: { addons: 'cluster_addons', accessEntries: 'access_entries', computeConfig: 'cluster_compute_config' },
  21: { addons: 'addons', accessEntries: 'access_entries', computeConfig: 'compute_config' },
};

/** Every add-on and access policy of the module refers to the module's own cluster. */
const CLUSTER_REFERENCE: Reference = { from: '/clusterName', to: 'aws_eks_cluster.this', attribute: 'name' };

/** A registry module call, with the cluster its add-ons and access policies belong to. */
export interface ModuleCallContext {
  name: string;
  header: Range;
  body: PMap;
  file: string;
  clusterName: unknown;
  /** The cluster's field reference, when the module declares the cluster itself. */
  clusterReference?: Reference;
}

interface Call extends ModuleCallContext {
  major: number;
}

function resource(call: ModuleCallContext, kind: Resource['kind'], address: string, range: Range, props: Record<string, unknown>, locations: Locations): Resource {
  locations['/clusterName'] ??= call.header;
  const references = call.clusterReference ? { references: [call.clusterReference] } : {};
  return { kind, name: `module.${call.name}.${address}`, format: 'terraform', file: call.file, range, props: { clusterName: call.clusterName, ...props }, locations, ...references };
}

/** A value of a map entry, as plain JSON located under `pointer`, or undefined when not set. */
function field(map: PMap, key: string, pointer: string, locations: Locations): unknown {
  const e = setArgument(map, key);
  return e ? toPlain(e.value, pointer, locations, entryRange(e)) : undefined;
}

function addon(call: ModuleCallContext, item: PEntry): Resource {
  const locations: Locations = { '/name': item.keyRange };
  if (item.value.type !== 'map') {
    const why = unknown(`${item.key} is not a literal object`);
    return resource(call, 'eks.addon', `aws_eks_addon.this["${item.key}"]`, item.keyRange, { name: why, configuration: why }, locations);
  }
  const props: Record<string, unknown> = { name: field(item.value, 'name', '/name', locations) ?? item.key };
  locations['/name'] ??= item.keyRange;
  const version = field(item.value, 'addon_version', '/version', locations);
  if (version !== undefined) props.version = version;
  const text = field(item.value, 'configuration_values', '/configuration', locations);
  const at = locations['/configuration'] ?? item.keyRange;
  props.configuration = text === undefined ? {} : typeof text === 'string' ? parseAddonConfiguration(text, false) : isUnknown(text) ? text : unknown('configuration_values is not a string');
  if (typeof text === 'string') locateConfiguration(props.configuration, at, locations);
  else locations['/configuration'] = at;
  const before = scalarValue(entry(item.value, 'before_compute')?.value);
  const address = `aws_eks_addon.${before === true || before === 'true' ? 'before_compute' : 'this'}["${item.key}"]`;
  return resource(call, 'eks.addon', address, item.keyRange, props, locations);
}

/** The `aws_eks_addon` of each entry of a module's add-on map input (keyed by add-on name). */
export function addonsOfInput(call: ModuleCallContext, inputName: string): Resource[] {
  const input = entry(call.body, inputName);
  if (input === undefined || scalarValue(input.value) === null) return [];
  if (input.value.type !== 'map') {
    const why = unknown(`${input.key} is not a literal map`);
    return [resource(call, 'eks.addon', 'aws_eks_addon.this', entryRange(input), { name: why, configuration: why }, { '/name': entryRange(input) })];
  }
  return input.value.entries.map((item) => addon(call, item));
}

function accessPolicies(call: Call): Resource[] {
  const inputName = INPUTS[call.major]!.accessEntries;
  const input = inputName ? entry(call.body, inputName) : undefined;
  if (input?.value.type !== 'map') return [];
  return input.value.entries.flatMap((accessEntry) => {
    if (accessEntry.value.type !== 'map') return [];
    const associations = entry(accessEntry.value, 'policy_associations');
    if (associations?.value.type !== 'map') return [];
    const principal = setArgument(accessEntry.value, 'principal_arn');
    return associations.value.entries.map((association) => {
      const locations: Locations = {};
      const principalArn = principal ? toPlain(principal.value, '/principalArn', locations, entryRange(principal)) : unknown('principal_arn is not set');
      locations['/principalArn'] ??= accessEntry.keyRange;
      const address = `aws_eks_access_policy_association.this["${accessEntry.key}_${association.key}"]`;
      if (association.value.type !== 'map') {
        const why = unknown(`${association.key} is not a literal object`);
        return resource(call, 'eks.accesspolicy', address, association.keyRange, { principalArn, policyArn: why, scope: why }, locations);
      }
      const policyArn = field(association.value, 'policy_arn', '/policyArn', locations) ?? unknown('policy_arn is not set');
      const scopeEntry = setArgument(association.value, 'access_scope');
      const scope = scopeEntry?.value.type === 'map' ? scopeOf(scopeEntry.value, locations, entryRange(scopeEntry)) : unknown('access_scope is not a literal object');
      locations['/scope'] = scopeEntry ? entryRange(scopeEntry) : association.keyRange;
      locations['/policyArn'] ??= association.keyRange;
      return resource(call, 'eks.accesspolicy', address, association.keyRange, { principalArn, policyArn, scope }, locations);
    });
  });
}

function scopeOf(map: PMap, locations: Locations, at: Range): Record<string, unknown> {
  const type = field(map, 'type', '/scope/type', locations) ?? unknown('type is not set');
  const namespaces = field(map, 'namespaces', '/scope/namespaces', locations) ?? [];
  locations['/scope/type'] ??= at;
  locations['/scope/namespaces'] ??= at;
  return { type, namespaces };
}

/** A boolean input as Terraform converts it: `true`/`"true"`, the default when unset, unknown for an expression. */
function flag(body: PMap, key: string, fallback: boolean): unknown {
  const e = setArgument(body, key);
  if (e === undefined) return fallback;
  const value = scalarValue(e.value);
  return value === true || value === 'true' ? true : value === false || value === 'false' ? false : unknown(`${key} is an expression`);
}

/**
 * The module's `aws_iam_openid_connect_provider.oidc_provider[0]`, created unless `enable_irsa` is
 * false (default true) or the cluster is a local one on AWS Outposts; its URL is the cluster's issuer.
 */
function oidcProvider(cluster: Resource, call: Call): Resource[] {
  const local = cluster.props.outpost;
  const irsaInput = setArgument(call.body, 'enable_irsa');
  const enabled = local === true ? false : flag(call.body, 'enable_irsa', true);
  if (enabled === false) return [];
  const at = irsaInput ? entryRange(irsaInput) : call.header;
  // Whether it is made at all may be open; only a provider certainly made is tied to the cluster.
  const certain = enabled === true && !isUnknown(local);
  const url = unknown(certain ? "the cluster's issuer URL" : 'whether the module makes a provider is not known');
  const references: Reference[] = certain ? [{ from: '/url', to: 'aws_eks_cluster.this', attribute: 'identity.oidc.issuer' }] : [];
  const name = `module.${call.name}.aws_iam_openid_connect_provider.oidc_provider[0]`;
  return [{ kind: 'iam.oidcprovider', name, format: 'terraform', file: call.file, range: at, props: { url }, locations: { '/url': at }, ...(references.length > 0 ? { references } : {}) }];
}

/**
 * The call's cluster with `/autoMode` when a compute input is written, followed by the module's
 * add-ons, access policies and OIDC provider. A local cluster on AWS Outposts gets no add-ons.
 * `enable_irsa`, when written, is where findings about the cluster's `/identity` point.
 */
export function eksModuleExtras(cluster: Resource, call: Omit<Call, 'clusterName' | 'clusterReference'>): Resource[] {
  const computeName = INPUTS[call.major]!.computeConfig;
  const compute = computeName ? setArgument(call.body, computeName) : undefined;
  const irsaInput = setArgument(call.body, 'enable_irsa');
  const locations: Locations = { ...cluster.locations, ...(irsaInput ? { '/identity': entryRange(irsaInput) } : {}) };
  const props = { ...cluster.props };
  if (compute) {
    props.autoMode = compute.value.type === 'map' ? flag(compute.value, 'enabled', false) : unknown(`${compute.key} is not a literal object`);
    locations['/autoMode'] = entryRange(compute);
  }
  const name = cluster.props.name;
  const full: Call = { ...call, clusterName: typeof name === 'string' && name !== '' ? name : unknown('cluster name'), clusterReference: CLUSTER_REFERENCE };
  const local = cluster.props.outpost === true;
  return [{ ...cluster, props, locations }, ...(local ? [] : addonsOfInput(full, INPUTS[call.major]!.addons)), ...accessPolicies(full), ...oidcProvider(cluster, full)];
}
