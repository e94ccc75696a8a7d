/**
 * An eksctl `ClusterConfig`'s add-ons and access policies as `eks.addon` and `eks.accesspolicy`
 * (docs/canonical-model.md), and what its `iam` and `autoModeConfig` sections say about the
 * cluster's identity and compute. eksctl files hold no expressions: values are read as written.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import type { PMap } from '../../model/tree.js';
import { writeConfiguration, writeScope } from '../cloudformation/eks-addons.js';
import { EKSCTL_DEFAULT_ADDONS, POD_IDENTITY_AGENT_ADDON } from '../eks-addon.js';
import { asWritten, Fields, readBoolean, readField, readList, readString, rootSection, type Section, section } from '../fields.js';

interface ClusterContext {
  file: string;
  config: Section;
  /** `ClusterConfig <name>`: the cluster resource's name, which its add-ons' names extend. */
  clusterResource: string;
  clusterName: unknown;
  header: Range;
}

/** The items of a list field, each with its section (a non-map item is skipped). */
function items(parent: Section, key: string): { section: Section; range: Range }[] {
  const list = readField(parent, key, asWritten, readList(asWritten, (node) => node));
  if (list === undefined || isUnknown(list.value)) return [];
  return list.value.flatMap((item) => (isUnknown(item.value) || item.value.type !== 'map' ? [] : [{ section: rootSection(item.value, item.range), range: item.range }]));
}

function addonResource(context: ClusterContext, name: string, fields: Fields, range: Range): Resource {
  fields.set(['clusterName'], context.clusterName, context.header);
  return { kind: 'eks.addon', name: `${context.clusterResource} addons[${name}]`, format: 'eksctl', file: context.file, range, props: fields.props, locations: fields.locations };
}

/**
 * `addons[]`, plus the add-ons eksctl installs by default (vpc-cni, kube-proxy, coredns as EKS
 * add-ons since eksctl v0.184.0) unless `addonsConfig.disableDefaultAddons` is true, the cluster
 * runs in EKS Auto Mode or is a local cluster on AWS Outposts, located at `addons:` (else the header) since that is where they would be
 * configured.
 */
function addons(context: ClusterContext, autoMode: unknown): Resource[] {
  const written = items(context.config, 'addons').map(({ section: addon, range }) => {
    const fields = new Fields();
    const name = readField(addon, 'name', asWritten, readString);
    fields.set(['name'], name?.value ?? unknown('name is not set'), name?.range ?? range);
    const version = readField(addon, 'version', asWritten, readString);
    if (version) fields.set(['version'], version.value, version.range);
    writeConfiguration(fields, readField(addon, 'configurationValues', asWritten, readString), range, true);
    return addonResource(context, typeof name?.value === 'string' ? name.value : String(range.line), fields, range);
  });
  const listed = section(context.config, 'addons', asWritten);
  const disabled = readField(section(context.config, 'addonsConfig', asWritten), 'disableDefaultAddons', asWritten, readBoolean);
  // eksctl compares add-on names case-insensitively.
  const names = new Set(written.map((a) => (typeof a.props.name === 'string' ? a.props.name.toLowerCase() : a.props.name)));
  const off = disabled?.value ?? false;
  // A switch that is not a boolean leaves open whether the default add-ons are there.
  const open = isUnknown(off) ? off : isUnknown(autoMode) ? autoMode : undefined;
  // Local clusters on AWS Outposts take no EKS add-ons: their networking components are self-managed.
  const local = section(context.config, 'outpost', asWritten).written;
  const installsDefaults = off !== true && autoMode !== true && !local;
  const defaults = EKSCTL_DEFAULT_ADDONS.filter((name) => installsDefaults && !names.has(name)).map((name) => {
    const fields = new Fields();
    fields.set(['name'], open ?? name, open ? (disabled?.range ?? listed.at) : listed.at);
    fields.set(['configuration'], {}, listed.at);
    return addonResource(context, name, fields, listed.at);
  });
  return [...written, ...defaults];
}

/** `accessConfig.accessEntries[].accessPolicies[]`, one `eks.accesspolicy` each. */
function accessPolicies(context: ClusterContext): Resource[] {
  const entries = items(section(context.config, 'accessConfig', asWritten), 'accessEntries');
  return entries.flatMap(({ section: accessEntry }, entryIndex) => {
    const principal = readField(accessEntry, 'principalARN', asWritten, readString);
    return items(accessEntry, 'accessPolicies').map(({ section: policy, range }, policyIndex) => {
      const fields = new Fields();
      fields.set(['principalArn'], principal?.value ?? unknown('principalARN is not set'), principal?.range ?? range);
      fields.set(['clusterName'], context.clusterName, context.header);
      const arn = readField(policy, 'policyARN', asWritten, readString);
      fields.set(['policyArn'], arn?.value ?? unknown('policyARN is not set'), arn?.range ?? range);
      const scope = section(policy, 'accessScope', asWritten);
      writeScope(fields, readField(scope, 'type', asWritten, readString), readField(scope, 'namespaces', asWritten, readList(asWritten, readString)), scope.at);
      const name = `${context.clusterResource} accessConfig.accessEntries[${entryIndex}].accessPolicies[${policyIndex}]`;
      return { kind: 'eks.accesspolicy' as const, name, format: 'eksctl' as const, file: context.file, range, props: fields.props, locations: fields.locations };
    });
  });
}

/** `/autoMode` from `autoModeConfig.enabled` (absent, that is off, without `autoModeConfig`); returns it. */
export function eksctlClusterCompute(fields: Fields, config: Section): unknown {
  const autoMode = section(config, 'autoModeConfig', asWritten);
  if (!autoMode.written) return false;
  const enabled = readField(autoMode, 'enabled', asWritten, readBoolean);
  fields.set(['autoMode'], enabled?.value ?? false, enabled?.range ?? autoMode.at);
  return enabled?.value ?? false;
}

/**
 * What the cluster itself says about pod identity, before the graph adds what other resources say:
 * `/identity/podIdentityAgent` is unknown when pod identity associations are declared without the
 * agent add-on (eksctl refuses them unless the agent is already installed, which the file does not
 * say). A missing `iam.withOIDC` is the line to change: findings about `/identity` point there.
 */
export function eksctlClusterIdentity(fields: Fields, config: Section): void {
  const iam = section(config, 'iam', asWritten);
  const withOidc = readField(iam, 'withOIDC', asWritten, readBoolean);
  if (iam.written) fields.locations['/identity'] = withOidc?.range ?? iam.at;
  const associations = readField(iam, 'podIdentityAssociations', asWritten, readList(asWritten, (node) => node));
  const autoApply = readField(section(config, 'addonsConfig', asWritten), 'autoApplyPodIdentityAssociations', asWritten, readBoolean);
  const agentListed = items(config, 'addons').some(({ section: addon }) => readField(addon, 'name', asWritten, readString)?.value === POD_IDENTITY_AGENT_ADDON);
  const declared = (associations !== undefined && (isUnknown(associations.value) || associations.value.length > 0)) || autoApply?.value === true;
  if (declared && !agentListed) {
    fields.set(['identity', 'podIdentityAgent'], unknown('pod identity associations are declared without the agent add-on'), associations?.range ?? autoApply?.range ?? iam.at);
  }
}

/**
 * `iam.withOIDC: true` makes eksctl create an IAM OIDC provider for the cluster's issuer: an
 * `iam.oidcprovider` tied to the cluster by `/clusterName`. A value that is not a boolean gives one
 * whose cluster is unknown.
 */
function oidcProvider(context: ClusterContext): Resource[] {
  const withOidc = readField(section(context.config, 'iam', asWritten), 'withOIDC', asWritten, readBoolean);
  if (withOidc === undefined || withOidc.value === false) return [];
  const clusterName = isUnknown(withOidc.value) ? withOidc.value : context.clusterName;
  const props = { url: unknown('the cluster\'s issuer URL'), clusterName };
  const locations = { '/url': withOidc.range, '/clusterName': withOidc.range };
  return [{ kind: 'iam.oidcprovider', name: `${context.clusterResource} iam.withOIDC`, format: 'eksctl', file: context.file, range: withOidc.range, props, locations }];
}

/** The add-ons and access policies of a ClusterConfig whose cluster resource is `clusterResource`. */
export function eksctlAddonResources(file: string, root: PMap, clusterResource: string, clusterName: unknown, header: Range, autoMode: unknown): Resource[] {
  const context: ClusterContext = { file, config: rootSection(root, header), clusterResource, clusterName, header };
  return [...addons(context, autoMode), ...accessPolicies(context), ...oidcProvider(context)];
}
