/**
 * `aws_eks_addon`, `aws_eks_access_policy_association`, `aws_iam_openid_connect_provider` and
 * `helm_release` → `eks.addon`, `eks.accesspolicy`, `iam.oidcprovider` and `helm.release`
 * (docs/canonical-model.md). Input is a resource block whose variables and locals are already
 * substituted; what is still an expression is unknown.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Reference, type Resource, unknown } from '../../model/resource.js';
import type { PMap } from '../../model/tree.js';
import { locateConfiguration, parseAddonConfiguration } from '../eks-addon.js';
import { entryRange, type Locations, toPlain } from '../plain.js';
import { terraformResource } from './arguments.js';
import { nestedBlocks, setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import { resourceRefOf } from './ref-target.js';

/** Reads a block's arguments into `props`, each located at its argument (a default at `fallbackAt`). */
class Reader {
  readonly props: Record<string, unknown> = {};
  readonly locations: Locations = {};
  readonly references: Reference[] = [];

  constructor(private readonly body: PMap | undefined) {}

  /** The argument's plain value at `pointer`, else `fallback` (nothing when undefined), located at `fallbackAt`. */
  read(key: string, pointer: string, fallback: unknown, fallbackAt: Range): unknown {
    const e = setArgument(this.body, key);
    const segments = pointer.slice(1).split('/');
    let value: unknown;
    if (e) {
      value = toPlain(e.value, pointer, this.locations, entryRange(e));
      const target = resourceRefOf(e.value);
      if (target) this.references.push({ from: pointer, ...target });
    } else {
      if (fallback === undefined) return undefined;
      value = fallback;
      this.locations[pointer] = fallbackAt;
    }
    let into = this.props;
    for (const segment of segments.slice(0, -1)) into = (into[segment] ??= {}) as Record<string, unknown>;
    into[segments[segments.length - 1]!] = value;
    return value;
  }

  resource(kind: Resource['kind'], block: TerraformResourceBlock, file: string): Resource {
    return terraformResource(kind, block, file, this);
  }
}

export function eksAddonFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { body, header } = block;
  const reader = new Reader(body);
  reader.read('addon_name', '/name', unknown('addon_name is not set'), header);
  reader.read('addon_version', '/version', undefined, header);
  reader.read('cluster_name', '/clusterName', unknown('cluster_name is not set'), header);
  const text = reader.read('configuration_values', '/configuration', {}, header);
  if (typeof text === 'string') {
    const range = reader.locations['/configuration'] ?? header;
    const configuration = parseAddonConfiguration(text, false);
    reader.props.configuration = configuration;
    locateConfiguration(configuration, range, reader.locations);
  } else if (!isUnknown(text) && (typeof text !== 'object' || text === null || Object.keys(text).length > 0)) {
    reader.props.configuration = unknown('configuration_values is not a string');
  }
  return [reader.resource('eks.addon', block, file)];
}

export function eksAccessPolicyFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { body, header } = block;
  const reader = new Reader(body);
  reader.read('cluster_name', '/clusterName', unknown('cluster_name is not set'), header);
  reader.read('principal_arn', '/principalArn', unknown('principal_arn is not set'), header);
  reader.read('policy_arn', '/policyArn', unknown('policy_arn is not set'), header);
  const scopes = nestedBlocks(body, 'access_scope');
  const [scope] = scopes.blocks;
  if (!scope) {
    const at = scopes.opaque?.range ?? header;
    reader.props.scope = scopes.opaque ? unknown(scopes.opaque.reason) : unknown('access_scope is not set');
    reader.locations['/scope'] = at;
  } else {
    reader.locations['/scope'] = entryRange(scope.entry);
    const scoped = new Reader(scope.body);
    scoped.read('type', '/type', unknown('type is not set'), scope.entry.keyRange);
    scoped.read('namespaces', '/namespaces', [], scope.entry.keyRange);
    reader.props.scope = scoped.props;
    for (const [p, range] of Object.entries(scoped.locations)) reader.locations[`/scope${p}`] = range;
  }
  return [reader.resource('eks.accesspolicy', block, file)];
}

export function oidcProviderFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const reader = new Reader(block.body);
  reader.read('url', '/url', unknown('url is not set'), block.header);
  return [reader.resource('iam.oidcprovider', block, file)];
}

export function helmReleaseFactsFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const reader = new Reader(block.body);
  reader.read('chart', '/chart', unknown('chart is not set'), block.header);
  reader.read('repository', '/repository', null, block.header);
  reader.read('namespace', '/namespace', 'default', block.header);
  return [reader.resource('helm.release', block, file)];
}
