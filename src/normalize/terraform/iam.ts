/**
 * Terraform IAM resources → `iam.role`, and the `iam.policy` / `iam.instanceprofile` pieces the
 * graph joins onto roles (docs/canonical-model.md, `iam.role`): `aws_iam_role` (trust policy,
 * `managed_policy_arns`, `inline_policy`), `aws_iam_role_policy`, `aws_iam_role_policy_attachment`,
 * `aws_iam_policy_attachment`, `aws_iam_policy`, the `aws_iam_policy_document` data source and
 * `aws_iam_instance_profile`.
 */
import type { Range } from '../../model/range.js';
import { type Resource, unknown, type Unknown } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { IamGrants } from '../aws/iam-fields.js';
import { canonicalPolicyArn, managedPolicyOfTemplate } from '../aws/managed-policy.js';
import { type DocumentRead, jsonencodeArgument, readJsonPolicy, readPolicyString, readTerraformPolicyDocument, trustedServices } from '../aws/policy-document.js';
import type { EmbeddedBudget } from '../embedded-yaml.js';
import { entryRange, type Locations } from '../plain.js';
import { terraformResource } from './arguments.js';
import { nestedBlocks, setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { resourceRefOf } from './ref-target.js';

const asWritten = (node: PNode): PNode => node;

/** A policy argument: its statements when written here, or the document it refers to. */
type PolicyValue = { document: DocumentRead } | { reference: NonNullable<ReturnType<typeof resourceRefOf>> };

/**
 * A policy document argument: a JSON string (heredoc, quoted, a known `jsonencode`), a
 * `jsonencode` with some unknown values, or a reference to `data.aws_iam_policy_document.x.json`
 * (or another policy's `policy`).
 */
function policyValue(e: PEntry, budget: EmbeddedBudget): PolicyValue {
  const node = e.value;
  const at = entryRange(e);
  if (node.type === 'scalar' && typeof node.value === 'string') return { document: readPolicyString(node.value, at, budget) };
  if (node.type === 'map') return { document: readJsonPolicy(node, asWritten) };
  if (node.type !== 'expr') return { document: unknown('the policy is not a document') };
  const reference = resourceRefOf(node);
  if (reference) return { reference };
  const literal = jsonencodeArgument(node, at);
  return { document: literal ? readJsonPolicy(literal, asWritten) : unknown(node.text) };
}

function addPolicyValue(grants: IamGrants, e: PEntry, budget: EmbeddedBudget): void {
  const value = policyValue(e, budget);
  if ('reference' in value) grants.addDocumentReference(value.reference);
  else grants.addDocument(value.document, entryRange(e));
}

/** One managed policy ARN: a literal, a partition template, or a reference to a policy of the module. */
function addPolicyArn(grants: IamGrants, node: PNode, range: Range): void {
  if (node.type === 'scalar' && typeof node.value === 'string') return grants.addPolicy(canonicalPolicyArn(node.value), range);
  if (node.type !== 'expr') return grants.addPolicy(unknown('not a policy ARN'), range);
  const managed = managedPolicyOfTemplate(node.text);
  if (managed) return grants.addPolicy(managed, range);
  const reference = resourceRefOf(node);
  grants.addPolicy(unknown(node.text), range, reference);
}

/** A list of policy ARNs (`managed_policy_arns`, `policy_arns`), each item located. */
function addPolicyArns(grants: IamGrants, e: PEntry): void {
  if (e.value.type !== 'seq') return grants.addPolicy(unknown(`${e.key} is not a list`), entryRange(e));
  for (const item of e.value.items) addPolicyArn(grants, item, item.range);
}

/** Role names (or references to roles) an attachment or profile names, under `/roles`. */
function roleNames(nodes: { node: PNode; range: Range }[], locations: Locations, references: Resource['references'] & object): (string | Unknown)[] {
  return nodes.map(({ node, range }, i) => {
    locations[`/roles/${i}`] = range;
    if (node.type === 'scalar' && typeof node.value === 'string') return node.value;
    const reference = node.type === 'expr' ? resourceRefOf(node) : undefined;
    if (reference) references.push({ from: `/roles/${i}`, ...reference });
    return unknown(node.type === 'expr' ? node.text : 'not a role name');
  });
}

function listItems(e: PEntry | undefined): { node: PNode; range: Range }[] {
  if (!e) return [];
  if (e.value.type === 'seq') return e.value.items.map((node) => ({ node, range: node.range }));
  return [{ node: e.value, range: entryRange(e) }];
}

function nameOf(body: PMap, header: Range, locations: Locations): string | Unknown {
  const e = setArgument(body, 'name');
  locations['/name'] = e ? entryRange(e) : header;
  if (e?.value.type === 'scalar' && typeof e.value.value === 'string') return e.value.value;
  return unknown(e ? 'name is an expression' : 'name is generated');
}


/** `aws_iam_role` → `iam.role`. */
export function iamRoleFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const { body, header } = block;
  const grants = new IamGrants();
  const name = nameOf(body, header, grants.locations);
  const managed = setArgument(body, 'managed_policy_arns');
  if (managed) addPolicyArns(grants, managed);
  const inline = nestedBlocks(body, 'inline_policy');
  for (const b of inline.blocks) {
    const policy = setArgument(b.body, 'policy');
    if (policy) addPolicyValue(grants, policy, module.embeddedBudget);
  }
  if (inline.opaque) grants.addDocument(unknown(inline.opaque.reason), inline.opaque.range);

  const trust = setArgument(body, 'assume_role_policy');
  const trustValue = trust ? policyValue(trust, module.embeddedBudget) : { document: unknown('assume_role_policy is not set') };
  grants.locations['/trustedServices'] = trust ? entryRange(trust) : header;
  if ('reference' in trustValue) grants.references.push({ from: '/trust', ...trustValue.reference });
  const services = 'document' in trustValue ? trustedServices(trustValue.document) : unknown('the trust policy is another resource');

  const props = { name, trustedServices: services, ...grants.props(), nodeRole: false };
  grants.locations['/nodeRole'] = header;
  return [terraformResource('iam.role', block, file, { props, locations: grants.locations, references: grants.references })];
}

/** `aws_iam_role_policy` (inline policy of one role) → `iam.policy`. */
export function iamRolePolicyFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const grants = new IamGrants();
  const policy = setArgument(block.body, 'policy');
  if (policy) addPolicyValue(grants, policy, module.embeddedBudget);
  return [policyResource(block, file, grants, listItems(setArgument(block.body, 'role')))];
}

/** `aws_iam_role_policy_attachment` (`role`, `policy_arn`) and `aws_iam_policy_attachment` (`roles`, `policy_arn`) → `iam.policy`. */
export function iamAttachmentFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const grants = new IamGrants();
  const arn = setArgument(block.body, 'policy_arn');
  if (arn) addPolicyArn(grants, arn.value, entryRange(arn));
  const roles = setArgument(block.body, block.type === 'aws_iam_policy_attachment' ? 'roles' : 'role');
  return [policyResource(block, file, grants, listItems(roles))];
}

/** `aws_iam_role_policy_attachments_exclusive` (`role_name`, `policy_arns`) → `iam.policy`. */
export function iamExclusiveAttachmentsFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const grants = new IamGrants();
  const arns = setArgument(block.body, 'policy_arns');
  if (arns) addPolicyArns(grants, arns);
  return [policyResource(block, file, grants, listItems(setArgument(block.body, 'role_name')))];
}

/** `aws_iam_policy` (a customer managed policy, attached elsewhere) → `iam.policy` without roles. */
export function iamPolicyFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const grants = new IamGrants();
  const policy = setArgument(block.body, 'policy');
  if (policy) addPolicyValue(grants, policy, module.embeddedBudget);
  return [policyResource(block, file, grants, [])];
}

/** `data "aws_iam_policy_document"` → `iam.policy` without roles: its statements, for whoever refers to its `json`. */
export function iamPolicyDocumentFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const grants = new IamGrants();
  grants.addDocument(readTerraformPolicyDocument(block.body), block.header);
  return [policyResource(block, file, grants, [])];
}

function policyResource(block: TerraformResourceBlock, file: string, grants: IamGrants, roles: { node: PNode; range: Range }[]): Resource {
  const name = nameOf(block.body, block.header, grants.locations);
  grants.locations['/roles'] = block.header;
  const props = { name, roles: roleNames(roles, grants.locations, grants.references), ...grants.props() };
  return terraformResource('iam.policy', block, file, { props, locations: grants.locations, references: grants.references });
}

/** `aws_iam_instance_profile` → `iam.instanceprofile`: which role its instances get. */
export function iamInstanceProfileFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const locations: Locations = {};
  const references: NonNullable<Resource['references']> = [];
  const name = nameOf(block.body, block.header, locations);
  locations['/roles'] = block.header;
  const roles = roleNames(listItems(setArgument(block.body, 'role')), locations, references);
  return [terraformResource('iam.instanceprofile', block, file, { props: { name, roles }, locations, references })];
}

export const IAM_ADAPTERS = {
  aws_iam_role: iamRoleFromTerraform,
  aws_iam_role_policy: iamRolePolicyFromTerraform,
  aws_iam_role_policy_attachment: iamAttachmentFromTerraform,
  aws_iam_policy_attachment: iamAttachmentFromTerraform,
  aws_iam_role_policy_attachments_exclusive: iamExclusiveAttachmentsFromTerraform,
  aws_iam_policy: iamPolicyFromTerraform,
  'data.aws_iam_policy_document': iamPolicyDocumentFromTerraform,
  aws_iam_instance_profile: iamInstanceProfileFromTerraform,
};
