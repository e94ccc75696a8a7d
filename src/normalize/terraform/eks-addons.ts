/**
 * `aws_eks_addon`, `aws_eks_access_policy_association`, `aws_iam_openid_connect_provider` and
 * `helm_release` → `eks.addon`, `eks.accesspolicy`, `iam.oidcprovider` and `helm.release`
 * (docs/canonical-model.md). Input is a resource block whose variables and locals are already
 * substituted; what is still an expression is unknown.
 */
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import { locateConfiguration, parseAddonConfiguration } from '../eks-addon.js';
import { entryRange } from '../plain.js';
import { TerraformFields, terraformResource } from './arguments.js';
import { nestedBlocks } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';

export function eksAddonFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { body, header } = block;
  const fields = new TerraformFields();
  fields.argument(['name'], body, 'addon_name', { value: unknown('addon_name is not set'), range: header });
  fields.argument(['version'], body, 'addon_version', undefined);
  fields.argument(['clusterName'], body, 'cluster_name', { value: unknown('cluster_name is not set'), range: header });
  const text = fields.argument(['configuration'], body, 'configuration_values', { value: {}, range: header });
  if (typeof text === 'string') {
    const range = fields.locations['/configuration'] ?? header;
    const configuration = parseAddonConfiguration(text, false);
    fields.props.configuration = configuration;
    locateConfiguration(configuration, range, fields.locations);
  } else if (!isUnknown(text) && (typeof text !== 'object' || text === null || Object.keys(text).length > 0)) {
    fields.props.configuration = unknown('configuration_values is not a string');
  }
  return [terraformResource('eks.addon', block, file, fields)];
}

export function eksAccessPolicyFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { body, header } = block;
  const fields = new TerraformFields();
  fields.argument(['clusterName'], body, 'cluster_name', { value: unknown('cluster_name is not set'), range: header });
  fields.argument(['principalArn'], body, 'principal_arn', { value: unknown('principal_arn is not set'), range: header });
  fields.argument(['policyArn'], body, 'policy_arn', { value: unknown('policy_arn is not set'), range: header });
  const scopes = nestedBlocks(body, 'access_scope');
  const [scope] = scopes.blocks;
  if (!scope) {
    fields.set(['scope'], unknown(scopes.opaque?.reason ?? 'access_scope is not set'), scopes.opaque?.range ?? header);
  } else {
    fields.set(['scope'], {}, entryRange(scope.entry));
    const at = scope.entry.keyRange;
    fields.argument(['scope', 'type'], scope.body, 'type', { value: unknown('type is not set'), range: at });
    fields.argument(['scope', 'namespaces'], scope.body, 'namespaces', { value: [], range: at });
  }
  return [terraformResource('eks.accesspolicy', block, file, fields)];
}

export function oidcProviderFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const fields = new TerraformFields();
  fields.argument(['url'], block.body, 'url', { value: unknown('url is not set'), range: block.header });
  return [terraformResource('iam.oidcprovider', block, file, fields)];
}

export function helmReleaseFactsFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const fields = new TerraformFields();
  const { body, header } = block;
  fields.argument(['chart'], body, 'chart', { value: unknown('chart is not set'), range: header });
  fields.argument(['repository'], body, 'repository', { value: null, range: header });
  fields.argument(['namespace'], body, 'namespace', { value: 'default', range: header });
  return [terraformResource('helm.release', block, file, fields)];
}
