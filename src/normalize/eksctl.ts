import type { Resource } from '../model/resource.js';
import { isUnknown, unknown } from '../model/resource.js';
import { at, entry, type PMap } from '../model/tree.js';
import { LOG_TYPES, writeAccess, writeEndpoint, writeLogTypes, writeSecretsEncryption } from './eks-cluster.js';
import { asWritten, type Field, Fields, readField, readList, readString, readBoolean, rootSection, section, type Section } from './fields.js';
import { eksctlIdentityMappings } from './eksctl-identity.js';
import { eksctlKubelets } from './eksctl/kubelet.js';
import { annotationIgnores } from './ignores.js';
import { entryRange } from './plain.js';

/**
 * What eksctl sets when `accessConfig` leaves a field out: access entries next to aws-auth
 * (eksctl.io/usage/access-entries: "API_AND_CONFIG_MAP - default in eksctl"), and the EKS API's
 * default of making the creator a cluster admin.
 */
const EKSCTL_ACCESS_DEFAULTS = { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: true };

/** eksctl's words for "every log type" in `cloudWatch.clusterLogging.enableTypes`. */
const ALL_LOG_TYPES = new Set(['*', 'all']);

/**
 * An eksctl `ClusterConfig` (eksctl.io/v1alpha5) as an `eks.cluster`. eksctl files hold no
 * expressions, so values are read as written; a value of the wrong type is unknown.
 */
export function normalizeEksctl(file: string, root: PMap, text?: string): Resource[] {
  const metadata = at(root, 'metadata');
  const nameEntry = metadata?.type === 'map' ? entry(metadata, 'name') : undefined;
  const kindEntry = entry(root, 'kind');
  const header = nameEntry ? entryRange(nameEntry) : kindEntry ? entryRange(kindEntry) : root.range;
  const config = rootSection(root, header);
  const fields = new Fields();

  const name = readField(section(config, 'metadata', asWritten), 'name', asWritten, readString);
  fields.set(['name'], name?.value ?? unknown('metadata.name is not set'), name?.range ?? header);

  const cloudWatch = section(config, 'cloudWatch', asWritten);
  const clusterLogging = section(cloudWatch, 'clusterLogging', asWritten);
  const types = readField(clusterLogging, 'enableTypes', asWritten, readList(asWritten, readString));
  writeLogTypes(fields, types && expandAll(types), clusterLogging.at);

  const vpc = section(config, 'vpc', asWritten);
  const endpoints = section(vpc, 'clusterEndpoints', asWritten);
  const fullyPrivate = fullyPrivateDefaults(config);
  writeEndpoint(fields, {
    publicAccess: readField(endpoints, 'publicAccess', asWritten, readBoolean) ?? fullyPrivate?.(false),
    privateAccess: readField(endpoints, 'privateAccess', asWritten, readBoolean) ?? fullyPrivate?.(true),
    publicAccessCidrs: readField(vpc, 'publicAccessCIDRs', asWritten, readList(asWritten, readString)),
    // A missing field points at its closest written parent: `clusterEndpoints`, else `vpc`, else the header.
    defaultAt: endpoints.at,
  });

  const secrets = section(config, 'secretsEncryption', asWritten);
  const keyArn = readField(secrets, 'keyARN', asWritten, readString);
  if (keyArn !== undefined && typeof keyArn.value === 'string' && keyArn.value !== '') {
    writeSecretsEncryption(fields, { value: true, range: keyArn.range }, keyArn);
  } else {
    writeSecretsEncryption(fields, { value: false, range: secrets.at });
  }

  const accessConfig = section(config, 'accessConfig', asWritten);
  writeAccess(fields, {
    authenticationMode: readField(accessConfig, 'authenticationMode', asWritten, readString),
    bootstrapCreatorAdmin: readField(accessConfig, 'bootstrapClusterCreatorAdminPermissions', asWritten, readBoolean),
    defaults: EKSCTL_ACCESS_DEFAULTS,
    defaultAt: accessConfig.at,
  });

  // A local cluster: the control plane runs on AWS Outposts (`outpost.controlPlaneOutpostARN`).
  const outpost = section(config, 'outpost', asWritten);
  fields.set(['outpost'], outpost.unknown ?? outpost.written, outpost.at);

  const resourceName = typeof name?.value === 'string' ? `ClusterConfig ${name.value}` : 'ClusterConfig';
  // eksctl keeps annotations in metadata too; only eks-lint's own are read (peer tools do not scan eksctl files).
  const ignores = annotationIgnores(metadata, false);
  return [
    {
      kind: 'eks.cluster',
      name: resourceName,
      format: 'eksctl',
      file,
      range: header,
      props: fields.props,
      locations: fields.locations,
      ...(ignores.length > 0 ? { ignores } : {}),
    },
    ...[...eksctlIdentityMappings(file, root, resourceName, header), ...eksctlKubelets(file, root, resourceName, text)].map((r) => (ignores.length > 0 ? { ...r, ignores } : r)),
  ];
}

/**
 * `privateCluster.enabled: true` makes a fully-private cluster, whose endpoint eksctl defaults to
 * private-only (and it rejects `vpc.clusterEndpoints` there): the endpoint defaults, located at
 * `enabled`, or unknown when `enabled` is not a boolean. Undefined for a regular cluster.
 */
function fullyPrivateDefaults(config: Section): ((privateSide: boolean) => Field<boolean>) | undefined {
  const enabled = readField(section(config, 'privateCluster', asWritten), 'enabled', asWritten, readBoolean);
  if (enabled === undefined || enabled.value === false) return undefined;
  const { value, range } = enabled;
  return (privateSide) => ({ value: isUnknown(value) ? value : privateSide, range });
}

/** `["*"]` or `["all"]` stands for all five log types, located at the item that says so. */
function expandAll(types: Field<Field<string>[]>): Field<Field<string>[]> {
  if (isUnknown(types.value)) return types;
  const all = types.value.find((t) => typeof t.value === 'string' && ALL_LOG_TYPES.has(t.value.toLowerCase()));
  return all ? { ...types, value: LOG_TYPES.map((value) => ({ value, range: all.range })) } : types;
}
