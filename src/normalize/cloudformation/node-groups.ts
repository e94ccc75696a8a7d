/**
 * Node groups from CloudFormation (docs/canonical-model.md, `eks.nodegroup`): `AWS::EKS::Nodegroup`
 * (managed) and the `AWS::AutoScaling::AutoScalingGroup`s tagged as a cluster's nodes
 * (self-managed). References to other resources of the template become graph edges on their own
 * (cloudformation.ts, `withBranches`).
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, unknown, type Unknown } from '../../model/resource.js';
import { child, type PEntry, type PMap, type PNode, stringValue } from '../../model/tree.js';
import { propertiesOf, resourceOf } from '../cloudformation.js';
import { Fields, readField, readList, readString, type Resolver, rootSection, type Section, section } from '../fields.js';
import { clusterOfTagKey, eksRemoteAccess } from '../node-group.js';

/** `AWS::EKS::Nodegroup` → a managed `eks.nodegroup`. */
export function eksNodegroup(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const name = readField(props, 'NodegroupName', resolve, readString);
  fields.set(['name'], name?.value ?? unknown('NodegroupName is not set: CloudFormation generates one'), name?.range ?? header);
  const cluster = readField(props, 'ClusterName', resolve, readString);
  fields.set(['clusterName'], cluster?.value ?? unknown('ClusterName is not set'), cluster?.range ?? header);
  fields.set(['managed'], true, header);
  const role = readField(props, 'NodeRole', resolve, readString);
  fields.set(['nodeRole'], role?.value ?? unknown('NodeRole is not set'), role?.range ?? header);
  const subnets = readField(props, 'Subnets', resolve, readList(resolve, readString));
  fields.setList(['subnets'], subnets?.value ?? [], subnets?.range ?? header);
  launchTemplate(fields, section(props, 'LaunchTemplate', resolve), resolve, { id: 'Id', name: 'Name', version: 'Version' });
  remoteAccess(fields, section(props, 'RemoteAccess', resolve), resolve);
  return resourceOf('eks.nodegroup', file, logical, resource, fields);
}

/** `AWS::AutoScaling::AutoScalingGroup` → a self-managed `eks.nodegroup`, when it tags its instances as a cluster's nodes. */
export function autoScalingNodeGroup(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource | undefined {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const cluster = clusterTag(props, resolve);
  if (cluster === undefined) return undefined;
  const fields = new Fields();
  const name = readField(props, 'AutoScalingGroupName', resolve, readString);
  fields.set(['name'], name?.value ?? unknown('AutoScalingGroupName is not set: CloudFormation generates one'), name?.range ?? header);
  fields.set(['clusterName'], cluster.value, cluster.range);
  fields.set(['managed'], false, header);
  // The nodes' role is the instance profile's, set in the launch template or configuration.
  fields.set(['nodeRole'], unknown('the instance profile of the launch template or configuration'), header);
  const subnets = readField(props, 'VPCZoneIdentifier', resolve, readList(resolve, readString));
  fields.setList(['subnets'], subnets?.value ?? [], subnets?.range ?? header);
  const names = { id: 'LaunchTemplateId', name: 'LaunchTemplateName', version: 'Version' };
  const mixed = section(section(section(props, 'MixedInstancesPolicy', resolve), 'LaunchTemplate', resolve), 'LaunchTemplateSpecification', resolve);
  launchTemplate(fields, mixed.written ? mixed : section(props, 'LaunchTemplate', resolve), resolve, names);
  const configuration = readField(props, 'LaunchConfigurationName', resolve, readString);
  if (configuration) fields.set(['launchConfiguration'], configuration.value, configuration.range);
  return resourceOf('eks.nodegroup', file, logical, resource, fields);
}

/** `/launchTemplate` as written (`{id, name, version}`), when the group names one. */
function launchTemplate(fields: Fields, template: Section, resolve: Resolver, keys: { id: string; name: string; version: string }): void {
  if (!template.written) return;
  fields.set(['launchTemplate'], template.unknown ?? {}, template.at);
  if (template.unknown) return;
  for (const [field, key] of Object.entries(keys)) {
    const value = readField(template, key, resolve, readString);
    if (value) fields.set(['launchTemplate', field], value.value, value.range);
  }
}

/**
 * `RemoteAccess {Ec2SshKey, SourceSecurityGroups}`. `Ec2SshKey` is required there, so a written
 * `RemoteAccess` gives the nodes a key (an expression counts: the template cannot leave it empty);
 * EKS then opens port 22 to the internet unless `SourceSecurityGroups` lists groups.
 */
function remoteAccess(fields: Fields, access: Section, resolve: Resolver): void {
  const key = readField(access, 'Ec2SshKey', resolve, readString);
  const groups = readField(access, 'SourceSecurityGroups', resolve, readList(resolve, readString));
  const enabled = access.unknown ?? (key === undefined ? false : key.value !== '');
  const groupList = groups === undefined ? [] : isUnknown(groups.value) ? groups.value : groups.value.map((g) => g.value);
  const result = eksRemoteAccess(enabled, key?.value ?? access.unknown ?? null, groupList);
  fields.set(['remoteAccess'], result, access.at);
  fields.set(['remoteAccess', 'enabled'], result.enabled, key?.range ?? access.at);
  fields.set(['remoteAccess', 'sshKey'], result.sshKey, key?.range ?? access.at);
  fields.setList(['remoteAccess', 'sourceSecurityGroups'], groups?.value ?? [], groups?.range ?? access.at);
  fields.set(['remoteAccess', 'sourceCidrs'], result.sourceCidrs, access.at);
}

/** The cluster a `kubernetes.io/cluster/<name>` tag names, where one is written. */
function clusterTag(props: Section, resolve: Resolver): { value: string | Unknown; range: Range } | undefined {
  const tags = readField(props, 'Tags', resolve, readList(resolve, (node) => node));
  if (tags === undefined || isUnknown(tags.value)) return undefined;
  for (const tag of tags.value) {
    if (isUnknown(tag.value) || tag.value.type !== 'map') continue;
    const keyNode = child(tag.value, 'Key');
    const key = readField(rootSection(tag.value, tag.range), 'Key', resolve, readString);
    if (keyNode === undefined || key === undefined) continue;
    const cluster = typeof key.value === 'string' ? clusterOfTagKey(key.value) : clusterOfTagKey(undefined, writtenText(keyNode));
    if (cluster !== undefined) return { value: cluster, range: key.range };
  }
  return undefined;
}

/** The literal text an `Fn::Sub` or `Fn::Join` starts with, to recognise a tag key whose value is not known. */
function writtenText(node: PNode): string | undefined {
  const sub = child(node, 'Fn::Sub');
  if (sub) return stringValue(sub) ?? (sub.type === 'seq' ? stringValue(sub.items[0]) : undefined);
  const join = child(node, 'Fn::Join');
  const parts = join?.type === 'seq' ? join.items[1] : undefined;
  return parts?.type === 'seq' ? stringValue(parts.items[0]) : undefined;
}
