/**
 * CloudFormation IAM resources → `iam.role`, and the `iam.policy` / `iam.instanceprofile` pieces
 * the graph joins onto roles (docs/canonical-model.md, `iam.role`): `AWS::IAM::Role`
 * (`AssumeRolePolicyDocument`, `ManagedPolicyArns`, `Policies`), `AWS::IAM::Policy`,
 * `AWS::IAM::ManagedPolicy`, `AWS::IAM::RolePolicy` and `AWS::IAM::InstanceProfile`. A `Ref` to a
 * role or policy of the template stays unknown and becomes a graph edge (`withBranches`).
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, type ResourceKind, unknown, type Unknown } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { IamGrants } from '../aws/iam-fields.js';
import { canonicalPolicyArn, withAwsPartition } from '../aws/managed-policy.js';
import { readJsonPolicy, trustedServices } from '../aws/policy-document.js';
import { type Field, readField, readList, readString, type Resolver, rootSection, section, type Section } from '../fields.js';
import { cloudFormationIgnores } from '../ignores.js';
import type { Locations } from '../plain.js';

function propertiesOf(logical: PEntry, resource: PMap, resolve: Resolver): Section {
  return { ...section(rootSection(resource, logical.keyRange), 'Properties', resolve), at: logical.keyRange };
}

function resourceOf(kind: ResourceKind, file: string, logical: PEntry, resource: PMap, props: Record<string, unknown>, locations: Locations): Resource {
  const ignores = cloudFormationIgnores(resource);
  return { kind, name: logical.key, format: 'cloudformation', file, range: logical.keyRange, props, locations, ...(ignores.length > 0 ? { ignores } : {}) };
}

/** A `PolicyDocument` (or `AssumeRolePolicyDocument`) field: its statements, located. */
function addDocument(grants: IamGrants, props: Section, key: string, resolve: Resolver): void {
  const document = readField(props, key, resolve, (node) => readJsonPolicy(node, resolve));
  if (document) grants.addDocument(document.value, document.range);
}

/** `ManagedPolicyArns`: each ARN read with the partition as `aws`; a `Ref` to a managed policy of the template stays unknown. */
function addManagedPolicies(grants: IamGrants, props: Section, resolve: Resolver): void {
  const arnOf = (node: PNode) => {
    const value = readString(node);
    return isUnknown(value) ? value : canonicalPolicyArn(value);
  };
  const partitionFree: Resolver = (node) => resolve(withAwsPartition(node));
  const arns = readField(props, 'ManagedPolicyArns', partitionFree, readList(partitionFree, arnOf));
  if (arns === undefined) return;
  if (isUnknown(arns.value)) return grants.addPolicy(arns.value, arns.range);
  for (const arn of arns.value) grants.addPolicy(arn.value, arn.range);
}

/** `Roles: [!Ref NodeRole]` (or `RoleName`), under `/roles`, each located. */
function roles(props: Section, key: string, resolve: Resolver, locations: Locations): (string | Unknown)[] | Unknown {
  const single = key === 'RoleName';
  const read = single ? readField(props, key, resolve, (node) => [{ value: readString(node), range: node.range }] as Field<string>[]) : readField(props, key, resolve, readList(resolve, readString));
  locations['/roles'] = read?.range ?? props.at;
  if (read === undefined) return [];
  if (isUnknown(read.value)) return read.value;
  read.value.forEach((role, i) => (locations[`/roles/${i}`] = single ? read.range : role.range));
  return read.value.map((role) => role.value);
}

function nameOf(props: Section, key: string, resolve: Resolver, header: Range, locations: Locations): string | Unknown {
  const name = readField(props, key, resolve, readString);
  locations['/name'] = name?.range ?? header;
  return name?.value ?? unknown(`${key} is not set: CloudFormation generates one`);
}

/** `AWS::IAM::Role` → `iam.role`. */
export function iamRole(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const grants = new IamGrants();
  const name = nameOf(props, 'RoleName', resolve, logical.keyRange, grants.locations);
  addManagedPolicies(grants, props, resolve);
  const inline = readField(props, 'Policies', resolve, readList(resolve, (node) => node));
  if (inline !== undefined && isUnknown(inline.value)) grants.addDocument(inline.value, inline.range);
  else if (inline !== undefined && !isUnknown(inline.value)) {
    for (const policy of inline.value) {
      if (isUnknown(policy.value) || policy.value.type !== 'map') grants.addDocument(unknown('not a policy'), policy.range);
      else addDocument(grants, rootSection(policy.value, policy.range), 'PolicyDocument', resolve);
    }
  }
  const trust = readField(props, 'AssumeRolePolicyDocument', resolve, (node) => readJsonPolicy(node, resolve));
  grants.locations['/trustedServices'] = trust?.range ?? logical.keyRange;
  grants.locations['/nodeRole'] = logical.keyRange;
  const trusted = trust ? trustedServices(trust.value) : unknown('AssumeRolePolicyDocument is not set');
  return resourceOf('iam.role', file, logical, resource, { name, trustedServices: trusted, ...grants.props(), nodeRole: false }, grants.locations);
}

/** `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` (`Roles`) and `AWS::IAM::RolePolicy` (`RoleName`) → `iam.policy`. */
function policyOf(rolesKey: string, nameKey: string): (file: string, logical: PEntry, resource: PMap, resolve: Resolver) => Resource {
  return (file, logical, resource, resolve) => {
    const props = propertiesOf(logical, resource, resolve);
    const grants = new IamGrants();
    const name = nameOf(props, nameKey, resolve, logical.keyRange, grants.locations);
    addDocument(grants, props, 'PolicyDocument', resolve);
    const attachedTo = roles(props, rolesKey, resolve, grants.locations);
    return resourceOf('iam.policy', file, logical, resource, { name, roles: attachedTo, ...grants.props() }, grants.locations);
  };
}

export const iamPolicy = policyOf('Roles', 'PolicyName');
export const iamManagedPolicy = policyOf('Roles', 'ManagedPolicyName');
export const iamRolePolicy = policyOf('RoleName', 'PolicyName');

/** `AWS::IAM::InstanceProfile` → `iam.instanceprofile`. */
export function iamInstanceProfile(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const locations: Locations = {};
  const name = nameOf(props, 'InstanceProfileName', resolve, logical.keyRange, locations);
  return resourceOf('iam.instanceprofile', file, logical, resource, { name, roles: roles(props, 'Roles', resolve, locations) }, locations);
}
