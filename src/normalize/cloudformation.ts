import type { Range } from '../model/range.js';
import { isUnknown, type Resource, unknown, type Unknown } from '../model/resource.js';
import { child, type PEntry, type PMap, type PNode, stringValue } from '../model/tree.js';
import { cfnResolver } from './cfn-resolve.js';
import { writeEndpoint, writeLogTypes, writeSecretsEncryption } from './eks-cluster.js';
import { cloudFormationIgnores } from './ignores.js';
import { type Field, Fields, readBoolean, readField, readList, readString, type Resolver, rootSection, type Section, section } from './fields.js';

/**
 * CloudFormation templates (YAML or JSON, short-form tags already in long form) to canonical
 * resources. Intrinsics are unknown, except `Ref`s to parameters with a literal default.
 */
export function normalizeCloudFormation(file: string, root: PMap): Resource[] {
  const resolve = cfnResolver(root);
  const out: Resource[] = [];
  for (const logical of resourceEntries(root)) {
    if (logical.value.type === 'map' && stringValue(child(logical.value, 'Type')) === 'AWS::EKS::Cluster') {
      out.push(eksCluster(file, logical, logical.value, resolve));
    }
  }
  return out;
}

/** A template's `Resources`, or the file's top level for the bare resource maps eksctl writes. */
function resourceEntries(root: PMap): PEntry[] {
  const resources = child(root, 'Resources');
  return (resources?.type === 'map' ? resources : root).entries;
}

function eksCluster(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  // Defaults point at the resource header rather than at the (usually long) Properties block.
  const props: Section = { ...section(rootSection(resource, header), 'Properties', resolve), at: header };
  const fields = new Fields();

  const name = readField(props, 'Name', resolve, readString);
  fields.set(['name'], name?.value ?? unknown('Name is not set: CloudFormation generates one'), name?.range ?? header);

  const logging = section(section(props, 'Logging', resolve), 'ClusterLogging', resolve);
  writeLogTypes(fields, readField(logging, 'EnabledTypes', resolve, readList(resolve, (item) => logType(item, resolve))), header);

  const vpc = section(props, 'ResourcesVpcConfig', resolve);
  writeEndpoint(fields, {
    publicAccess: readField(vpc, 'EndpointPublicAccess', resolve, readBoolean),
    privateAccess: readField(vpc, 'EndpointPrivateAccess', resolve, readBoolean),
    publicAccessCidrs: readField(vpc, 'PublicAccessCidrs', resolve, readList(resolve, readString)),
    defaultAt: vpc.at,
  });

  const secrets = secretsEncryption(props, resolve, header);
  writeSecretsEncryption(fields, secrets.enabled, secrets.keyArn);

  const ignores = cloudFormationIgnores(resource);
  return {
    kind: 'eks.cluster',
    name: logical.key,
    format: 'cloudformation',
    file,
    range: header,
    props: fields.props,
    locations: fields.locations,
    ...(ignores.length > 0 ? { ignores } : {}),
  };
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
function secretsEncryption(props: Section, resolve: Resolver, header: Range): { enabled: Field<boolean>; keyArn?: Field<string> } {
  const configs = readField(props, 'EncryptionConfig', resolve, readList(resolve, (node) => node));
  if (configs === undefined) return { enabled: { value: false, range: header } };
  if (isUnknown(configs.value)) return { enabled: { value: configs.value, range: configs.range } };
  let undecided: Unknown | undefined;
  for (const item of configs.value) {
    if (isUnknown(item.value)) undecided ??= item.value;
    if (isUnknown(item.value) || item.value.type !== 'map') continue;
    const config = rootSection(item.value, item.range);
    const provider = section(config, 'Provider', resolve);
    const keyArn = readField(provider, 'KeyArn', resolve, readKeyArn);
    const keySet: Tri = keyArn === undefined || keyArn.value === null ? false : (provider.unknown ?? true);
    const enabled = both(coversSecrets(readField(config, 'Resources', resolve, readList(resolve, readString))), keySet);
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
