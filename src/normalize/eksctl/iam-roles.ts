/**
 * The instance role eksctl creates for each node group (pkg/cfn/builder/iam_helper.go,
 * `createRole` / `makeManagedPolicies`) as an `iam.role`: its managed policies (eksctl's defaults,
 * or `iam.attachPolicyARNs`, plus those `iam.withAddonPolicies` add) and the statements of
 * `iam.attachPolicy`. A group given an existing role or profile (`instanceRoleARN`,
 * `instanceProfileARN`) declares no role here.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import type { PMap } from '../../model/tree.js';
import { IamGrants } from '../aws/iam-fields.js';
import { canonicalPolicyArn } from '../aws/managed-policy.js';
import { readJsonPolicy } from '../aws/policy-document.js';
import { asWritten, readBoolean, readField, readList, readString, rootSection, section, type Section } from '../fields.js';
import { type EksctlNodeGroup, eksctlNodeGroups } from './node-groups.js';

const AWS_POLICY = 'arn:aws:iam::aws:policy/';

/**
 * The managed policies each `withAddonPolicies` switch attaches. The other switches (autoScaler,
 * externalDNS, certManager, appMesh, fsx, efs, albIngress, awsLoadBalancerController, xRay,
 * efsCSIController) add eksctl's own statements (pkg/cfn/builder/statement.go), which are not
 * modelled: none grants ECR writes, IAM or S3 on everything.
 */
const ADDON_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  imageBuilder: 'AmazonEC2ContainerRegistryPowerUser',
  cloudWatch: 'CloudWatchAgentServerPolicy',
  ebs: 'service-role/AmazonEBSCSIDriverPolicy',
};

export function eksctlNodeRoles(file: string, root: PMap, clusterResourceName: string, header: Range): Resource[] {
  const withOidc = readField(section(rootSection(root, header), 'iam', asWritten), 'withOIDC', asWritten, readBoolean)?.value;
  return eksctlNodeGroups(root, clusterResourceName).flatMap((group) => nodeRole(file, group, withOidc));
}

function nodeRole(file: string, group: EksctlNodeGroup, withOidc: unknown): Resource[] {
  const iam = section(group.section, 'iam', asWritten);
  if (readField(iam, 'instanceRoleARN', asWritten, readString) || readField(iam, 'instanceProfileARN', asWritten, readString)) return [];
  const grants = new IamGrants();
  const managed = group.list === 'managedNodeGroups';
  const addons = section(iam, 'withAddonPolicies', asWritten);
  const imageBuilder = readField(addons, 'imageBuilder', asWritten, readBoolean);

  const attached = readField(iam, 'attachPolicyARNs', asWritten, readList(asWritten, readString))?.value ?? [];
  if (isUnknown(attached)) grants.addPolicy(attached, iam.at);
  else if (attached.length > 0) {
    for (const arn of attached) grants.addPolicy(isUnknown(arn.value) ? arn.value : canonicalPolicyArn(arn.value), arn.range);
  } else {
    for (const policy of defaultPolicies(managed, withOidc)) grants.addPolicy(`${AWS_POLICY}${policy}`, iam.at);
  }
  // A self-managed group always gets pull access, unless imageBuilder gives it more.
  if (!managed && imageBuilder?.value !== true) grants.addPolicy(`${AWS_POLICY}AmazonEC2ContainerRegistryPullOnly`, iam.at);
  addAddonPolicies(grants, addons);

  const inline = readField(iam, 'attachPolicy', asWritten, (node) => readJsonPolicy(node, asWritten));
  if (inline) grants.addDocument(inline.value, inline.range);

  grants.locations['/name'] = group.header;
  grants.locations['/trustedServices'] = group.header;
  grants.locations['/nodeRole'] = group.header;
  const name = readField(iam, 'instanceRoleName', asWritten, readString)?.value ?? unknown('eksctl names the role');
  const props = { name, trustedServices: ['ec2.amazonaws.com'], ...grants.props(), nodeRole: true };
  return [{ kind: 'iam.role', name: `${group.resourceName}.iam`, format: 'eksctl', file, range: group.header, props, locations: grants.locations }];
}

/** eksctl's policies when `attachPolicyARNs` is empty. */
function defaultPolicies(managed: boolean, withOidc: unknown): string[] {
  return [
    'AmazonEKSWorkerNodePolicy',
    // With IRSA the VPC CNI gets its own role (withOIDC), else the node role carries its policy.
    ...(withOidc === true ? [] : ['AmazonEKS_CNI_Policy']),
    ...(managed ? ['AmazonEC2ContainerRegistryPullOnly'] : []),
    'AmazonSSMManagedInstanceCore',
  ];
}

function addAddonPolicies(grants: IamGrants, addons: Section): void {
  for (const [addon, policy] of Object.entries(ADDON_MANAGED_POLICIES)) {
    const on = readField(addons, addon, asWritten, readBoolean);
    if (on === undefined || on.value === false) continue;
    grants.addPolicy(isUnknown(on.value) ? on.value : `${AWS_POLICY}${policy}`, on.range);
  }
}
