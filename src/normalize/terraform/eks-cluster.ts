/**
 * `aws_eks_cluster` → canonical `eks.cluster` (docs/canonical-model.md). Input is a resource block
 * whose variables and locals are already substituted; what is still an expression is unknown.
 */
import { terraformResource } from './arguments.js';
import type { Range } from '../../model/range.js';
import { isUnknown, type Reference, type Resource, unknown, type Unknown } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { resourceRefOf } from './ref-target.js';
import { entryRange, type Locations, toPlain } from '../plain.js';
import { nestedBlocks, setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import { EKS_API_ACCESS_DEFAULTS } from '../eks-cluster.js';

const LOG_TYPES = new Map(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((t) => [t.toLowerCase(), t]));

type Verdict = boolean | Unknown;

export function eksClusterFromTerraform(block: TerraformResourceBlock, file: string, module?: TerraformModuleBlocks): Resource {
  const locations: Locations = {};
  const { body, header } = block;
  const references = keyReferences(body, module);
  const props = {
    name: argumentValue(body, 'name', '/name', locations, { value: unknown('name is not set'), range: header }),
    logging: { enabledTypes: logTypes(body, header, locations) },
    endpoint: endpoint(body, header, locations),
    secretsEncryption: secretsEncryption(body, header, locations),
    access: access(body, header, locations),
    outpost: outpost(body, header, locations),
    ...autoMode(body, locations),
  };
  return terraformResource('eks.cluster', block, file, { props, locations, references });
}

/**
 * The KMS key the secrets are encrypted with, as a graph edge from `/secretsEncryption/keyArn`:
 * the resource its `key_arn` refers to, and through an `aws_kms_alias` of the same module the key
 * the alias targets.
 */
function keyReferences(body: PMap, module: TerraformModuleBlocks | undefined): Reference[] {
  const keyArn = nestedBlocks(body, 'encryption_config')
    .blocks.flatMap((config) => nestedBlocks(config.body, 'provider').blocks.map((p) => setArgument(p.body, 'key_arn')))
    .find((e) => e !== undefined);
  const target = resourceRefOf(keyArn?.value);
  if (target === undefined) return [];
  const from = '/secretsEncryption/keyArn';
  const alias = /^aws_kms_alias\.([^.[]+)$/.exec(target.to);
  const aliased = alias?.[1] !== undefined ? module?.find('aws_kms_alias', alias[1]) : undefined;
  const key = aliased ? resourceRefOf(setArgument(aliased.body, 'target_key_id')?.value) : undefined;
  return [{ from, ...target }, ...(key ? [{ from, ...key }] : [])];
}

/**
 * The plain value of an argument, located at the argument; when it is unset, `fallback`, located at
 * `fallback.range` — unless the argument is written as `= null`, which is the line to change.
 */
function argumentValue(
  body: PMap | undefined,
  key: string,
  at: string,
  locations: Locations,
  fallback: { value: unknown; range: Range },
): unknown {
  const e = setArgument(body, key);
  if (e) return toPlain(e.value, at, locations, entryRange(e));
  const written = body?.entries.find((x) => x.key === key);
  locations[at] = written ? entryRange(written) : fallback.range;
  return fallback.value;
}

/** Terraform converts the strings "true" and "false" to booleans where a bool is expected. */
function asBool(value: unknown): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function logTypes(body: PMap, header: Range, locations: Locations): unknown {
  const value = argumentValue(body, 'enabled_cluster_log_types', '/logging/enabledTypes', locations, { value: [], range: header });
  if (!Array.isArray(value)) return value;
  return value.map((t: unknown) => (typeof t === 'string' ? (LOG_TYPES.get(t.toLowerCase()) ?? t) : t));
}

function endpoint(body: PMap, header: Range, locations: Locations): Record<string, unknown> {
  const vpc = nestedBlocks(body, 'vpc_config');
  const [first] = vpc.blocks;
  if (!first && vpc.opaque) {
    const { range, reason } = vpc.opaque;
    locations['/endpoint'] = range;
    return { publicAccess: unknown(reason), privateAccess: unknown(reason), publicAccessCidrs: unknown(reason) };
  }
  // Defaults point at the block that should hold the argument, or the resource when there is none.
  const anchor = first ? first.entry.keyRange : header;
  if (first) locations['/endpoint'] = entryRange(first.entry);
  const publicAccess = first?.body.entries.find((e) => e.key === 'endpoint_public_access');
  return {
    publicAccess: asBool(argumentValue(first?.body, 'endpoint_public_access', '/endpoint/publicAccess', locations, { value: true, range: anchor })),
    privateAccess: asBool(argumentValue(first?.body, 'endpoint_private_access', '/endpoint/privateAccess', locations, { value: false, range: anchor })),
    // Open to the world by default: the line to change is the one that makes the endpoint public.
    publicAccessCidrs: argumentValue(first?.body, 'public_access_cidrs', '/endpoint/publicAccessCidrs', locations, {
      value: ['0.0.0.0/0'],
      range: publicAccess ? entryRange(publicAccess) : anchor,
    }),
  };
}

/**
 * `access_config`. Without the block the provider sends no access settings and the EKS API's
 * defaults apply; with it, an unset `bootstrap_cluster_creator_admin_permissions` is sent as
 * false (the provider's `expandCreateAccessConfigRequest` reads the unset bool as false), while an
 * unset `authentication_mode` is left out, so the API's default stands.
 */
function access(body: PMap, header: Range, locations: Locations): Record<string, unknown> {
  const config = nestedBlocks(body, 'access_config');
  const [first] = config.blocks;
  if (!first && config.opaque) {
    const { range, reason } = config.opaque;
    locations['/access'] = range;
    return { authenticationMode: unknown(reason), bootstrapCreatorAdmin: unknown(reason) };
  }
  const anchor = first ? first.entry.keyRange : header;
  if (first) locations['/access'] = entryRange(first.entry);
  return {
    authenticationMode: argumentValue(first?.body, 'authentication_mode', '/access/authenticationMode', locations, {
      value: EKS_API_ACCESS_DEFAULTS.authenticationMode,
      range: anchor,
    }),
    bootstrapCreatorAdmin: asBool(
      argumentValue(first?.body, 'bootstrap_cluster_creator_admin_permissions', '/access/bootstrapCreatorAdmin', locations, {
        value: first ? false : EKS_API_ACCESS_DEFAULTS.bootstrapCreatorAdmin,
        range: anchor,
      }),
    ),
  };
}

/** A local cluster: an `outpost_config` block puts the control plane on AWS Outposts. */
function outpost(body: PMap, header: Range, locations: Locations): unknown {
  const config = nestedBlocks(body, 'outpost_config');
  const [first] = config.blocks;
  if (first) {
    locations['/outpost'] = entryRange(first.entry);
    return true;
  }
  locations['/outpost'] = config.opaque?.range ?? header;
  return config.opaque ? unknown(config.opaque.reason) : false;
}

/** EKS Auto Mode: `compute_config { enabled = true }`; absent when no `compute_config` is written (off). */
function autoMode(body: PMap, locations: Locations): { autoMode?: unknown } {
  const config = nestedBlocks(body, 'compute_config');
  const [first] = config.blocks;
  if (first) return { autoMode: asBool(argumentValue(first.body, 'enabled', '/autoMode', locations, { value: false, range: first.entry.keyRange })) };
  if (!config.opaque) return {};
  locations['/autoMode'] = config.opaque.range;
  return { autoMode: unknown(config.opaque.reason) };
}

/** Three-valued AND: false wins over unknown, unknown over true. */
function and(a: Verdict, b: Verdict): Verdict {
  if (a === false || b === false) return false;
  return isUnknown(a) ? a : b;
}

function plain(e: PEntry): unknown {
  return toPlain(e.value, '', {});
}

/** Whether one `encryption_config` encrypts secrets: `resources` has "secrets" and a KMS key is given. */
function encryptsSecrets(config: PMap): { verdict: Verdict; keyArn?: PEntry } {
  const resources = setArgument(config, 'resources');
  const provider = nestedBlocks(config, 'provider');
  const keyArn = provider.blocks.map((p) => setArgument(p.body, 'key_arn')).find((e) => e !== undefined);
  const list = resources ? plain(resources) : [];
  let hasSecrets: Verdict = false;
  if (isUnknown(list)) hasSecrets = list;
  else if (Array.isArray(list)) {
    const unknownItem = list.find(isUnknown);
    hasSecrets = list.includes('secrets') ? true : unknownItem !== undefined ? unknownItem : false;
  }
  // Any key ARN counts, even an expression: the key exists even if its ARN is not known here.
  const keySet: Verdict = keyArn ? true : provider.opaque ? unknown(provider.opaque.reason) : false;
  return keyArn ? { verdict: and(hasSecrets, keySet), keyArn } : { verdict: and(hasSecrets, keySet) };
}

function secretsEncryption(body: PMap, header: Range, locations: Locations): Record<string, unknown> {
  const configs = nestedBlocks(body, 'encryption_config');
  const verdicts = configs.blocks.map((b) => ({ block: b, ...encryptsSecrets(b.body) }));
  const enabled = verdicts.find((v) => v.verdict === true);
  if (enabled) {
    locations['/secretsEncryption/enabled'] = entryRange(enabled.block.entry);
    return { enabled: true, ...keyArn(enabled.keyArn, locations) };
  }
  const undecided = configs.opaque
    ? { value: unknown(configs.opaque.reason), range: configs.opaque.range }
    : verdicts.flatMap((v) => (isUnknown(v.verdict) ? [{ value: v.verdict, range: entryRange(v.block.entry) }] : []))[0];
  if (undecided) {
    locations['/secretsEncryption/enabled'] = undecided.range;
    locations['/secretsEncryption/keyArn'] = undecided.range;
    return { enabled: undecided.value, keyArn: undecided.value };
  }
  // Not encrypting: point at the encryption_config that falls short, else at the resource.
  const [first] = verdicts;
  locations['/secretsEncryption/enabled'] = first ? entryRange(first.block.entry) : header;
  return { enabled: false, ...keyArn(verdicts.find((v) => v.keyArn)?.keyArn, locations) };
}

function keyArn(e: PEntry | undefined, locations: Locations): { keyArn?: unknown } {
  return e ? { keyArn: toPlain(e.value, '/secretsEncryption/keyArn', locations, entryRange(e)) } : {};
}
