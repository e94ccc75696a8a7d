/**
 * eksctl's node groups (`nodeGroups`: self-managed, `managedNodeGroups`: EKS-managed) as
 * `eks.nodegroup` (docs/canonical-model.md). eksctl files hold no expressions: values are read as
 * written, and a value of the wrong type is unknown.
 */
import type { PMap } from '../../model/tree.js';
import { isUnknown, type Resource, unknown, type Unknown } from '../../model/resource.js';
import { asWritten, type Field, Fields, readBoolean, readField, readList, readString } from '../fields.js';
import { EKSCTL_SSH_OPEN_TO, openWithoutGroups } from '../node-group.js';
import { type EksctlNodeGroup, eksctlNodeGroups, nodeGroupSection } from './node-groups.js';

/** The key eksctl uses when `ssh.allow` is true and no key is given (`DefaultNodeSSHPublicKeyPath`). */
const DEFAULT_PUBLIC_KEY_PATH = '~/.ssh/id_rsa.pub';

/** The three ways to give eksctl an SSH key; eksctl accepts at most one. */
const KEY_FIELDS = ['publicKeyName', 'publicKeyPath', 'publicKey'];

/**
 * `cluster` is the `ClusterConfig`'s name (`metadata.name`) and `resourceName` its resource's name;
 * `vpcCidr` is `vpc.cidr` as written, which SSH is opened to on private networking.
 */
export function eksctlNodeGroupResources(file: string, root: PMap, resourceName: string, cluster: Field<string> | undefined, vpcCidr: Field<string> | undefined): Resource[] {
  return eksctlNodeGroups(root, resourceName).map((group) => {
    const fields = new Fields();
    const name = readField(group.section, 'name', asWritten, readString);
    fields.set(['name'], name?.value ?? unknown('name is not set'), group.header);
    fields.set(['clusterName'], cluster?.value ?? unknown('metadata.name is not set'), cluster?.range ?? group.header);
    fields.set(['managed'], group.list === 'managedNodeGroups', group.header);
    const role = readField(nodeGroupSection(group, 'iam'), 'instanceRoleARN', asWritten, readString);
    fields.set(['nodeRole'], role?.value ?? unknown('created by eksctl'), role?.range ?? group.header);
    const subnets = readField(group.section, 'subnets', asWritten, readList(asWritten, readString));
    fields.setList(['subnets'], subnets?.value ?? [], subnets?.range ?? group.header);
    if (group.list === 'managedNodeGroups') launchTemplate(fields, group);
    remoteAccess(fields, group, vpcCidr);
    return { kind: 'eks.nodegroup', name: group.resourceName, format: 'eksctl', file, range: group.header, props: fields.props, locations: fields.locations };
  });
}

/** A managed group's `launchTemplate: {id, version}`, as written. */
function launchTemplate(fields: Fields, group: EksctlNodeGroup): void {
  const template = nodeGroupSection(group, 'launchTemplate');
  if (!template.written) return;
  fields.set(['launchTemplate'], template.unknown ?? {}, template.at);
  for (const key of ['id', 'version']) {
    const value = readField(template, key, asWritten, readString);
    if (value) fields.set(['launchTemplate', key], value.value, value.range);
  }
}

/**
 * `ssh`, as eksctl reads it (v1alpha5 `setSSHDefaults`, `cfn/builder` `makeSSHIngressRules`): a
 * key turns SSH on unless `allow: false`; `allow: true` without a key uses `~/.ssh/id_rsa.pub`.
 * Without `sourceSecurityGroupIds`, eksctl's security group opens port 22 to 0.0.0.0/0 and ::/0,
 * or to the VPC's CIDR only with `privateNetworking: true`, and not at all for a self-managed group
 * without its own security group. Located at `ssh`, where the fix goes.
 */
function remoteAccess(fields: Fields, group: EksctlNodeGroup, vpcCidr: Field<string> | undefined): void {
  const ssh = nodeGroupSection(group, 'ssh');
  const allow = readField(ssh, 'allow', asWritten, readBoolean);
  const key = KEY_FIELDS.map((k) => readField(ssh, k, asWritten, readString)).find((k) => k !== undefined && k.value !== '');
  const enabled: boolean | Unknown = ssh.unknown ?? (allow !== undefined ? allow.value : key !== undefined);
  const sshKey = enabled === true ? (key?.value ?? DEFAULT_PUBLIC_KEY_PATH) : null;
  const groups = readField(ssh, 'sourceSecurityGroupIds', asWritten, readList(asWritten, readString));
  const groupList = groups === undefined ? [] : isUnknown(groups.value) ? groups.value : groups.value.map((g) => g.value);
  const privateNetworking = readField(group.section, 'privateNetworking', asWritten, readBoolean)?.value ?? false;
  // A self-managed group's SSH rules belong to the security group eksctl makes for it, which
  // `securityGroups.withLocal: false` leaves out (builder/nodegroup.go `addResourcesForSecurityGroups`).
  const withLocal = group.list === 'nodeGroups' ? (readField(nodeGroupSection(group, 'securityGroups'), 'withLocal', asWritten, readBoolean)?.value ?? true) : true;
  const open = isUnknown(withLocal) ? withLocal : !withLocal ? [] : isUnknown(privateNetworking) ? privateNetworking : privateNetworking ? [vpcCidr?.value ?? unknown("the VPC's CIDR")] : EKSCTL_SSH_OPEN_TO;
  fields.set(['remoteAccess'], {}, ssh.at);
  fields.set(['remoteAccess', 'enabled'], enabled, allow?.range ?? key?.range ?? ssh.at);
  fields.set(['remoteAccess', 'sshKey'], sshKey, key?.range ?? ssh.at);
  fields.setList(['remoteAccess', 'sourceSecurityGroups'], groups?.value ?? [], groups?.range ?? ssh.at);
  fields.set(['remoteAccess', 'sourceCidrs'], openWithoutGroups(enabled, groupList, open), ssh.at);
}
