import type { Range } from '../model/range.js';
import { isUnknown, type Pointer, pointer, type Reference, type Resource, type ResourceVariant, unknown, type Unknown } from '../model/resource.js';
import { child, type PEntry, type PMap, type PNode, stringValue } from '../model/tree.js';
import { assignments, CfnEvaluator } from './cfn-evaluate.js';
import { EKS_API_ACCESS_DEFAULTS, writeAccess, writeEndpoint, writeLogTypes, writeSecretsEncryption } from './eks-cluster.js';
import { launchConfigurationKubelet, launchTemplateKubelet, type TemplateText } from './cloudformation/kubelet.js';
import { cloudFormationIgnores } from './ignores.js';
import { type Field, Fields, readBoolean, readField, readList, readString, type Resolver, rootSection, type Section, section } from './fields.js';

export interface CloudFormationOptions {
  /** Parameter values (`--cfn-parameter Name=Value`), over the template's defaults. */
  parameters?: Readonly<Record<string, string>>;
  /** The template's syntax, for fix hints written in it. */
  syntax?: 'json' | 'yaml';
  /** The template's text, to place values read out of its strings (user data) exactly. */
  text?: string;
}

/**
 * A resource type's adapter: the canonical resource, given how to resolve the template's values,
 * or undefined when this resource declares nothing of the adapter's kind.
 */
type Adapter = (file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText) => Resource | undefined;

/** The resource types eks-lint reads, each with its adapters (one per canonical kind it declares). */
const ADAPTERS: Readonly<Record<string, readonly Adapter[]>> = {
  'AWS::EKS::Cluster': [eksCluster],
  'AWS::EKS::Nodegroup': [eksNodegroup],
  'Custom::AWSCDK-EKS-Cluster': [cdkEksCluster],
  'AWS::EC2::LaunchTemplate': [launchTemplateKubelet],
  'AWS::AutoScaling::LaunchConfiguration': [launchConfigurationKubelet],
};

/**
 * At most this many open conditions are branched on per resource (2^4 variants); an `Fn::If` on
 * any further one stays unknown, which can only silence a finding, never invent one.
 */
const MAX_BRANCH_CONDITIONS = 4;

/**
 * CloudFormation templates (YAML or JSON, short-form tags already in long form) to canonical
 * resources, with the template's parameters, conditions, mappings and intrinsic functions
 * evaluated where they can be known (cfn-evaluate.ts).
 */
export function normalizeCloudFormation(file: string, root: PMap, options: CloudFormationOptions = {}): Resource[] {
  const evaluator = new CfnEvaluator({ root, parameters: options.parameters ?? {} });
  const out: Resource[] = [];
  const text: TemplateText = options.text === undefined ? {} : { lines: options.text.split('\n') };
  for (const logical of resourceEntries(root)) {
    const typeName = logical.value.type === 'map' ? (stringValue(child(logical.value, 'Type')) ?? '') : '';
    const adapters = (Object.hasOwn(ADAPTERS, typeName) ? ADAPTERS[typeName] : undefined) ?? [];
    if (adapters.length === 0 || logical.value.type !== 'map' || !mayBeCreated(logical.value, evaluator)) continue;
    const resource = logical.value;
    for (const adapter of adapters) {
      const normalized = withBranches(evaluator, resource, (resolve) => adapter(file, logical, resource, resolve, text));
      if (normalized) out.push({ ...normalized, typeName, ...(options.syntax ? { syntax: options.syntax } : {}) });
    }
  }
  return out;
}

/** A resource whose `Condition` is known to be false is not created. */
function mayBeCreated(resource: PMap, evaluator: CfnEvaluator): boolean {
  const condition = stringValue(child(resource, 'Condition'));
  return condition === undefined || evaluator.condition(condition) !== false;
}

/**
 * The resource with its open `Fn::If` choices: `props` with them unknown, and one variant per
 * combination of their conditions, which the engine judges all (a rule fires only on every branch).
 */
function withBranches(evaluator: CfnEvaluator, resource: PMap, build: (resolve: Resolver) => Resource | undefined): Resource | undefined {
  const base = build(evaluator.resolve);
  if (base === undefined) return undefined;
  const open = evaluator.branchConditions(resource).slice(0, MAX_BRANCH_CONDITIONS);
  const variants: ResourceVariant[] = assignments(open)
    .slice(open.length > 0 ? 0 : 1)
    // A branch on which the resource declares nothing of this kind cannot fire: judged as empty.
    .map((assumed) => build(evaluator.assuming(assumed).resolve) ?? { props: {}, locations: {} })
    .map((variant) => ({ props: variant.props, locations: variant.locations }));
  const references = referencesIn([base.props, ...variants.map((v) => v.props)]);
  return { ...base, ...(references.length > 0 ? { references } : {}), ...(variants.length > 0 ? { variants } : {}) };
}

/** Graph edges: every field whose value is a `Ref` or `Fn::GetAtt` of another resource of the template. */
function referencesIn(propsList: unknown[]): Reference[] {
  const found = new Map<string, Reference>();
  const walk = (value: unknown, at: Pointer): void => {
    if (isUnknown(value)) {
      const ref = (value as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string') return;
      const [to = ref, ...attribute] = ref.split('.');
      found.set(`${at} ${ref}`, { from: at, to, ...(attribute.length > 0 ? { attribute: attribute.join('.') } : {}) });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}${pointer(i)}`));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, `${at}${pointer(k)}`);
  };
  propsList.forEach((props) => walk(props, ''));
  return [...found.values()];
}

/** A template's `Resources`, or the file's top level for the bare resource maps eksctl writes. */
function resourceEntries(root: PMap): PEntry[] {
  const resources = child(root, 'Resources');
  return (resources?.type === 'map' ? resources : root).entries;
}

function resourceOf(kind: Resource['kind'], file: string, logical: PEntry, resource: PMap, fields: Fields): Resource {
  const ignores = cloudFormationIgnores(resource);
  return {
    kind,
    name: logical.key,
    format: 'cloudformation',
    file,
    range: logical.keyRange,
    props: fields.props,
    locations: fields.locations,
    ...(ignores.length > 0 ? { ignores } : {}),
  };
}

/** Where a resource's fields are read, with defaults pointing at the header rather than the (long) Properties block. */
function propertiesOf(logical: PEntry, resource: PMap, resolve: Resolver): Section {
  return { ...section(rootSection(resource, logical.keyRange), 'Properties', resolve), at: logical.keyRange };
}

/** `AWS::EKS::Nodegroup` → `eks.nodegroup`: which cluster, role and subnets, kept for graph facts. */
function eksNodegroup(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const name = readField(props, 'NodegroupName', resolve, readString);
  fields.set(['name'], name?.value ?? unknown('NodegroupName is not set: CloudFormation generates one'), name?.range ?? header);
  const cluster = readField(props, 'ClusterName', resolve, readString);
  fields.set(['clusterName'], cluster?.value ?? unknown('ClusterName is not set'), cluster?.range ?? header);
  const role = readField(props, 'NodeRole', resolve, readString);
  fields.set(['nodeRole'], role?.value ?? unknown('NodeRole is not set'), role?.range ?? header);
  const subnets = readField(props, 'Subnets', resolve, readList(resolve, readString));
  fields.setList(['subnets'], subnets?.value ?? [], subnets?.range ?? header);
  return resourceOf('eks.nodegroup', file, logical, resource, fields);
}

/**
 * Where a cluster's settings sit: `AWS::EKS::Cluster` properties, or the EKS `CreateCluster` request
 * (camelCase) that the AWS CDK's `eks.Cluster` passes in the `Config` of its custom resource.
 */
interface ClusterShape {
  /** The section holding the settings, from the resource's `Properties`. */
  settings: (props: Section, resolve: Resolver) => Section;
  name: string;
  vpc: { block: string; publicAccess: string; privateAccess: string; cidrs: string };
  encryption: EncryptionNames;
  access: { block: string; authenticationMode: string; bootstrapCreatorAdmin: string };
  /** The block whose presence makes a local cluster on AWS Outposts. */
  outpost: string;
  /** The enabled log types, or undefined when none are configured. */
  logTypes: (settings: Section, resolve: Resolver) => Field<Field<string>[]> | undefined;
}

interface EncryptionNames {
  list: string;
  provider: string;
  keyArn: string;
  resources: string;
}

const CLOUDFORMATION_CLUSTER: ClusterShape = {
  settings: (props) => props,
  name: 'Name',
  vpc: { block: 'ResourcesVpcConfig', publicAccess: 'EndpointPublicAccess', privateAccess: 'EndpointPrivateAccess', cidrs: 'PublicAccessCidrs' },
  encryption: { list: 'EncryptionConfig', provider: 'Provider', keyArn: 'KeyArn', resources: 'Resources' },
  access: { block: 'AccessConfig', authenticationMode: 'AuthenticationMode', bootstrapCreatorAdmin: 'BootstrapClusterCreatorAdminPermissions' },
  outpost: 'OutpostConfig',
  logTypes: (settings, resolve) => {
    const logging = section(section(settings, 'Logging', resolve), 'ClusterLogging', resolve);
    return readField(logging, 'EnabledTypes', resolve, readList(resolve, (item) => logType(item, resolve)));
  },
};

/** `Custom::AWSCDK-EKS-Cluster` (aws-cdk-lib/aws-eks `cluster-resource.ts`): `Config` is a `CreateClusterRequest`. */
const CDK_CLUSTER: ClusterShape = {
  settings: (props, resolve) => section(props, 'Config', resolve),
  name: 'name',
  vpc: { block: 'resourcesVpcConfig', publicAccess: 'endpointPublicAccess', privateAccess: 'endpointPrivateAccess', cidrs: 'publicAccessCidrs' },
  encryption: { list: 'encryptionConfig', provider: 'provider', keyArn: 'keyArn', resources: 'resources' },
  access: { block: 'accessConfig', authenticationMode: 'authenticationMode', bootstrapCreatorAdmin: 'bootstrapClusterCreatorAdminPermissions' },
  outpost: 'outpostConfig',
  logTypes: (settings, resolve) => readField(section(settings, 'logging', resolve), 'clusterLogging', resolve, (node) => enabledLogTypes(node, resolve)),
};

/** `clusterLogging: [{types: [...], enabled: true}]`: the types of the enabled entries. */
function enabledLogTypes(node: PNode, resolve: Resolver): Field<string>[] | Unknown {
  const setups = readList(resolve, (setup) => setup)(node);
  if (isUnknown(setups)) return setups;
  const types: Field<string>[] = [];
  for (const setup of setups) {
    if (isUnknown(setup.value) || setup.value.type !== 'map') return unknown('not a log setup');
    const entry = rootSection(setup.value, setup.range);
    const enabled = readField(entry, 'enabled', resolve, readBoolean);
    if (enabled !== undefined && isUnknown(enabled.value)) return enabled.value;
    if (enabled?.value !== true) continue;
    const listed = readField(entry, 'types', resolve, readList(resolve, readString));
    if (listed !== undefined && isUnknown(listed.value)) return listed.value;
    types.push(...((listed?.value as Field<string>[] | undefined) ?? []));
  }
  return types;
}

function eksCluster(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  return clusterOf(CLOUDFORMATION_CLUSTER, file, logical, resource, resolve);
}

function cdkEksCluster(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  return clusterOf(CDK_CLUSTER, file, logical, resource, resolve);
}

function clusterOf(shape: ClusterShape, file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = shape.settings(propertiesOf(logical, resource, resolve), resolve);
  const fields = new Fields();

  const name = readField(props, shape.name, resolve, readString);
  fields.set(['name'], name?.value ?? unknown(`${shape.name} is not set: CloudFormation generates one`), name?.range ?? header);

  writeLogTypes(fields, shape.logTypes(props, resolve), header);

  const vpc = section(props, shape.vpc.block, resolve);
  writeEndpoint(fields, {
    publicAccess: readField(vpc, shape.vpc.publicAccess, resolve, readBoolean),
    privateAccess: readField(vpc, shape.vpc.privateAccess, resolve, readBoolean),
    publicAccessCidrs: readField(vpc, shape.vpc.cidrs, resolve, readList(resolve, readString)),
    defaultAt: vpc.at,
  });

  const secrets = secretsEncryption(props, resolve, header, shape.encryption);
  writeSecretsEncryption(fields, secrets.enabled, secrets.keyArn);

  const access = section(props, shape.access.block, resolve);
  writeAccess(fields, {
    authenticationMode: readField(access, shape.access.authenticationMode, resolve, readString),
    bootstrapCreatorAdmin: readField(access, shape.access.bootstrapCreatorAdmin, resolve, readBoolean),
    defaults: EKS_API_ACCESS_DEFAULTS,
    defaultAt: access.at,
  });

  // A local cluster: the control plane runs on AWS Outposts.
  const outpost = section(props, shape.outpost, resolve);
  fields.set(['outpost'], outpost.unknown ?? outpost.written, outpost.at);

  return resourceOf('eks.cluster', file, logical, resource, fields);
}

/** An `EnabledTypes` item: `{Type: audit}`. */
function logType(item: PNode, resolve: Resolver): string | Unknown {
  if (item.type !== 'map') return unknown('not a log type setting');
  return readField(rootSection(item, item.range), 'Type', resolve, readString)?.value ?? unknown('Type is not set');
}

/**
 * Secrets are encrypted when some `EncryptionConfig` entry lists `secrets` in `Resources` and sets
 * `Provider.KeyArn` (any intrinsic counts as set: the key exists even if its ARN is not known).
 * When no entry qualifies but an expression could make one qualify, the answer is unknown.
 */
function secretsEncryption(props: Section, resolve: Resolver, header: Range, names: EncryptionNames): { enabled: Field<boolean>; keyArn?: Field<string> } {
  const configs = readField(props, names.list, resolve, readList(resolve, (node) => node));
  if (configs === undefined) return { enabled: { value: false, range: header } };
  if (isUnknown(configs.value)) return { enabled: { value: configs.value, range: configs.range } };
  let undecided: Unknown | undefined;
  for (const item of configs.value) {
    if (isUnknown(item.value)) undecided ??= item.value;
    if (isUnknown(item.value) || item.value.type !== 'map') continue;
    const config = rootSection(item.value, item.range);
    const provider = section(config, names.provider, resolve);
    const keyArn = readField(provider, names.keyArn, resolve, readKeyArn);
    const keySet: Tri = keyArn === undefined || keyArn.value === null ? false : (provider.unknown ?? true);
    const enabled = both(coversSecrets(readField(config, names.resources, resolve, readList(resolve, readString))), keySet);
    if (enabled === true && keyArn !== undefined && keyArn.value !== null) return { enabled: { value: true, range: keyArn.range }, keyArn: { value: keyArn.value, range: keyArn.range } };
    if (isUnknown(enabled)) undecided ??= enabled;
  }
  return { enabled: { value: undecided ?? false, range: configs.range } };
}

/** A yes/no answer that an expression may leave open. */
type Tri = boolean | Unknown;

function both(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (isUnknown(a)) return a;
  return b;
}

/** Whether a `Resources` list names `secrets`: yes, no, or unknown when an item is an expression. */
function coversSecrets(resources: Field<Field<string>[]> | undefined): Tri {
  if (resources === undefined) return false;
  if (isUnknown(resources.value)) return resources.value;
  if (resources.value.some((r) => r.value === 'secrets')) return true;
  for (const r of resources.value) if (isUnknown(r.value)) return r.value;
  return false;
}

/** A `KeyArn` is set unless it is empty; an intrinsic (unknown) counts as set. */
function readKeyArn(node: PNode): string | Unknown | null {
  if (node.type === 'scalar' && (node.value === null || node.value === '')) return null;
  return readString(node);
}
