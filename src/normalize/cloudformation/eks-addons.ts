/**
 * CloudFormation add-ons, access policies, IAM OIDC providers and Helm charts (the AWS CDK's), as
 * `eks.addon`, `eks.accesspolicy`, `iam.oidcprovider` and `helm.release` (docs/canonical-model.md).
 */
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import { propertiesOf, resourceOf } from './resource.js';
import { locateConfiguration, parseAddonConfiguration } from '../eks-addon.js';
import { type Field, Fields, readField, readList, readString, type Resolver, rootSection, section } from '../fields.js';

/** `AWS::EKS::Addon` → `eks.addon`. */
export function eksAddon(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const name = readField(props, 'AddonName', resolve, readString);
  fields.set(['name'], name?.value ?? unknown('AddonName is not set'), name?.range ?? header);
  const version = readField(props, 'AddonVersion', resolve, readString);
  if (version) fields.set(['version'], version.value, version.range);
  const cluster = readField(props, 'ClusterName', resolve, readString);
  fields.set(['clusterName'], cluster?.value ?? unknown('ClusterName is not set'), cluster?.range ?? header);
  writeConfiguration(fields, readField(props, 'ConfigurationValues', resolve, readString), header, false);
  return resourceOf('eks.addon', file, logical, resource, fields);
}

/** `/configuration`: the object the configuration string holds (`{}` when none), located at the string. */
export function writeConfiguration(fields: Fields, text: Field<string> | undefined, header: Field<string>['range'], yamlToo: boolean): void {
  if (text === undefined) {
    fields.set(['configuration'], {}, header);
    return;
  }
  const value = isUnknown(text.value) ? text.value : parseAddonConfiguration(text.value, yamlToo);
  fields.set(['configuration'], value, text.range);
  locateConfiguration(value, text.range, fields.locations);
}

/**
 * An access entry associates at most one policy of each kind, and EKS offers fewer access policies
 * than this: the adapters below read that many associations per `AWS::EKS::AccessEntry`.
 */
const MAX_ACCESS_POLICIES = 24;

/**
 * `AWS::EKS::AccessEntry` `AccessPolicies[index]` → one `eks.accesspolicy`, or undefined when the
 * entry has no such item. A list that is an expression gives one association whose values are
 * unknown.
 */
function accessPolicy(index: number) {
  return (file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource | undefined => {
    const header = logical.keyRange;
    const props = propertiesOf(logical, resource, resolve);
    const policies = readField(props, 'AccessPolicies', resolve, readList(resolve, (node) => node));
    if (policies === undefined) return undefined;
    const fields = new Fields();
    const principal = readField(props, 'PrincipalArn', resolve, readString);
    fields.set(['principalArn'], principal?.value ?? unknown('PrincipalArn is not set'), principal?.range ?? header);
    const cluster = readField(props, 'ClusterName', resolve, readString);
    fields.set(['clusterName'], cluster?.value ?? unknown('ClusterName is not set'), cluster?.range ?? header);
    if (isUnknown(policies.value)) {
      if (index > 0) return undefined;
      for (const key of ['policyArn', 'scope']) fields.set([key], policies.value, policies.range);
      return named(resourceOf('eks.accesspolicy', file, logical, resource, fields), index);
    }
    const item = policies.value[index];
    if (item === undefined) return undefined;
    if (isUnknown(item.value) || item.value.type !== 'map') {
      const why = isUnknown(item.value) ? item.value : unknown('not an access policy');
      for (const key of ['policyArn', 'scope']) fields.set([key], why, item.range);
      return named(resourceOf('eks.accesspolicy', file, logical, resource, fields), index);
    }
    const policy = rootSection(item.value, item.range);
    const arn = readField(policy, 'PolicyArn', resolve, readString);
    fields.set(['policyArn'], arn?.value ?? unknown('PolicyArn is not set'), arn?.range ?? item.range);
    const scope = section(policy, 'AccessScope', resolve);
    writeScope(fields, scope.unknown ? { value: scope.unknown, range: scope.at } : readField(scope, 'Type', resolve, readString), scope.unknown ? undefined : readField(scope, 'Namespaces', resolve, readList(resolve, readString)), scope.at);
    return named(resourceOf('eks.accesspolicy', file, logical, resource, fields), index);
  };
}

/** `/scope/type` and `/scope/namespaces` (`[]` when not written). */
export function writeScope(fields: Fields, type: Field<string> | undefined, namespaces: Field<Field<string>[]> | undefined, at: Field<string>['range']): void {
  fields.set(['scope', 'type'], type?.value ?? unknown('access scope type is not set'), type?.range ?? at);
  fields.setList(['scope', 'namespaces'], namespaces?.value ?? [], namespaces?.range ?? at);
}

/** The `index`-th association of an entry is named after it: `Entry AccessPolicies[1]`. */
function named(resource: Resource, index: number): Resource {
  return { ...resource, name: `${resource.name} AccessPolicies[${index}]` };
}

export const ACCESS_POLICY_ADAPTERS = Array.from({ length: MAX_ACCESS_POLICIES }, (_, i) => accessPolicy(i));

/**
 * `AWS::IAM::OIDCProvider` and the AWS CDK's `Custom::AWSCDKOpenIdConnectProvider` → an
 * `iam.oidcprovider` with its `/url` (`!GetAtt Cluster.OpenIdConnectIssuerUrl` becomes a reference).
 */
export function oidcProvider(urlKey: string) {
  return (file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource => {
    const header = logical.keyRange;
    const fields = new Fields();
    const url = readField(propertiesOf(logical, resource, resolve), urlKey, resolve, readString);
    fields.set(['url'], url?.value ?? unknown(`${urlKey} is not set`), url?.range ?? header);
    return resourceOf('iam.oidcprovider', file, logical, resource, fields);
  };
}

/** The AWS CDK's `Custom::AWSCDK-EKS-HelmChart` → `helm.release`: `/chart`, `/repository`, `/namespace`. */
export function cdkHelmChart(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  for (const [canonical, key] of [['chart', 'Chart'], ['repository', 'Repository'], ['namespace', 'Namespace']] as const) {
    const value = readField(props, key, resolve, readString);
    fields.set([canonical], value?.value ?? (canonical === 'chart' ? unknown('Chart is not set') : null), value?.range ?? header);
  }
  return resourceOf('helm.release', file, logical, resource, fields);
}
