/**
 * What `terraform-aws-modules/eks/aws` does with its inputs, per major version: which input feeds
 * which argument of its `aws_eks_cluster.this`, and the input's default. Data, not code: a new
 * major version is a new entry. Each entry was read from the module's own sources at the newest
 * tag of that major (github.com/terraform-aws-modules/terraform-aws-eks), and the defaults checked
 * to be the same at the first tag of the major:
 *
 * - `variables.tf` for every input's name and `default`;
 * - `main.tf`, `resource "aws_eks_cluster" "this"`, for where each input goes (`name`,
 *   `enabled_cluster_log_types`, `vpc_config { endpoint_* public_access_cidrs }`), `count =
 *   local.create ? 1 : 0` with `create = var.create && var.putin_khuylo`, and `dynamic
 *   "encryption_config"`, whose `for_each` tests the encryption input (`length(...) > 0` in v19
 *   and v20, `!= null` in v21) and whose `key_arn` is `var.create_kms_key ? module.kms.key_arn :
 *   encryption_config.value.provider_key_arn`;
 * - `node_groups.tf`, `module "eks_managed_node_group"`, for node groups' `name` and `subnet_ids`.
 *
 * Access (v20 and v21; v19 predates access entries and writes no `access_config`, so the EKS API's
 * defaults apply): `access_config { authentication_mode = var.authentication_mode }`, and
 * `bootstrap_cluster_creator_admin_permissions = false` hard-coded, the module instead adding the
 * creator as a cluster admin through an access entry when `enable_cluster_creator_admin_permissions`
 * is true (`local.bootstrap_cluster_creator_admin_permissions`). That input therefore stands for the
 * bootstrap argument: either way, the identity that runs Terraform becomes cluster admin.
 *
 * Outposts (v21, `main.tf`): `outpost_config` not null writes the `outpost_config` block (a local
 * cluster). v19 and v20 are not mapped: their local-cluster inputs were not read.
 */

/** A plain JSON default, as `variables.tf` writes it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ClusterArgument {
  /** The argument of `aws_eks_cluster` (a nested block's argument as `block.argument`). */
  argument: string;
  input: string;
  default: Json;
  /**
   * When the input is not written, its default is located at this other input if that one is
   * written: an open CIDR list is the consequence of turning public access on, the line to change.
   */
  defaultAt?: string;
}

export interface EksModuleMajor {
  major: number;
  /** The tags whose `variables.tf` and `main.tf` this entry was read from. */
  readFrom: string;
  /** Inputs that must all be true for the cluster to exist (`local.create`). */
  create: { input: string; default: boolean }[];
  cluster: ClusterArgument[];
  encryption: {
    input: string;
    default: Json;
    /** How `main.tf` decides that no `encryption_config` is written: an empty map, or null. */
    disabledWhen: 'empty' | 'null';
    /** The `resources` an encryption input without one gets (v21's `optional(list(string), ["secrets"])`). */
    resourcesDefault?: string[];
  };
  createKmsKey: { input: string; default: boolean };
  /**
   * The input that, when not null, makes a local cluster on AWS Outposts (`dynamic
   * "outpost_config"` on `local.create_outposts_local_cluster = var.outpost_config != null`, v21).
   */
  outpost?: { input: string };
  nodeGroups: {
    input: string;
    /** Per-group defaults (`eks_managed_node_group_defaults`), where the major has them. */
    defaultsInput?: string;
    /** The module-wide `subnet_ids`, used by a group that sets none. */
    subnetsInput: string;
  };
}

/** `local.create = var.create && var.putin_khuylo`, the same in every major. */
const CREATE_INPUTS = [
  { input: 'create', default: true },
  { input: 'putin_khuylo', default: true },
];

const LOG_TYPES_DEFAULT: Json = ['audit', 'api', 'authenticator'];

/** v20 and v21 (`variables.tf`): `authentication_mode` and `enable_cluster_creator_admin_permissions`. */
const ACCESS_ARGUMENTS: ClusterArgument[] = [
  { argument: 'access_config.authentication_mode', input: 'authentication_mode', default: 'API_AND_CONFIG_MAP' },
  { argument: 'access_config.bootstrap_cluster_creator_admin_permissions', input: 'enable_cluster_creator_admin_permissions', default: false },
];

/** v19 and v20 share their input names; v21 dropped the `cluster_` prefix. */
function prefixedInputs(major: number, readFrom: string, access: ClusterArgument[]): EksModuleMajor {
  return {
    major,
    readFrom,
    create: CREATE_INPUTS,
    cluster: [
      { argument: 'name', input: 'cluster_name', default: '' },
      { argument: 'enabled_cluster_log_types', input: 'cluster_enabled_log_types', default: LOG_TYPES_DEFAULT },
      { argument: 'vpc_config.endpoint_private_access', input: 'cluster_endpoint_private_access', default: true },
      { argument: 'vpc_config.endpoint_public_access', input: 'cluster_endpoint_public_access', default: false },
      {
        argument: 'vpc_config.public_access_cidrs',
        input: 'cluster_endpoint_public_access_cidrs',
        default: ['0.0.0.0/0'],
        defaultAt: 'cluster_endpoint_public_access',
      },
      ...access,
    ],
    encryption: { input: 'cluster_encryption_config', default: { resources: ['secrets'] }, disabledWhen: 'empty' },
    createKmsKey: { input: 'create_kms_key', default: true },
    nodeGroups: { input: 'eks_managed_node_groups', defaultsInput: 'eks_managed_node_group_defaults', subnetsInput: 'subnet_ids' },
  };
}

export const EKS_MODULE_MAJORS: readonly EksModuleMajor[] = [
  prefixedInputs(19, 'v19.0.0 and v19.21.0: variables.tf, main.tf, node_groups.tf', []),
  prefixedInputs(20, 'v20.0.0 and v20.37.2: variables.tf, main.tf, node_groups.tf', ACCESS_ARGUMENTS),
  {
    major: 21,
    readFrom: 'v21.0.0 and v21.19.0: variables.tf, main.tf, node_groups.tf',
    create: CREATE_INPUTS,
    cluster: [
      { argument: 'name', input: 'name', default: '' },
      { argument: 'enabled_cluster_log_types', input: 'enabled_log_types', default: LOG_TYPES_DEFAULT },
      { argument: 'vpc_config.endpoint_private_access', input: 'endpoint_private_access', default: true },
      { argument: 'vpc_config.endpoint_public_access', input: 'endpoint_public_access', default: false },
      { argument: 'vpc_config.public_access_cidrs', input: 'endpoint_public_access_cidrs', default: ['0.0.0.0/0'], defaultAt: 'endpoint_public_access' },
      ...ACCESS_ARGUMENTS,
    ],
    encryption: { input: 'encryption_config', default: {}, disabledWhen: 'null', resourcesDefault: ['secrets'] },
    createKmsKey: { input: 'create_kms_key', default: true },
    outpost: { input: 'outpost_config' },
    nodeGroups: { input: 'eks_managed_node_groups', subnetsInput: 'subnet_ids' },
  },
];

/** The registry address of the module (`//modules/...` sub-modules are other modules). */
export const EKS_MODULE_SOURCE = 'terraform-aws-modules/eks/aws';
