/**
 * What one Terraform file contributes to its module, computed from that file alone. Terraform
 * resolves variables and locals across all files of a directory, so resources are only normalised
 * once every file's facts are in (module.ts). Plain data — arrays, not maps keyed by user-chosen
 * names — so that it survives structured cloning and JSON caching unchanged.
 */
import type { Range } from '../../model/range.js';
import type { PMap, PNode } from '../../model/tree.js';

export interface TerraformVariable {
  name: string;
  /** The `variable "name"` header. */
  range: Range;
  /** Absent when the variable has no default (a caller must set it). */
  default?: PNode;
  /** The `type` constraint as written, when there is one. */
  type?: PNode;
}

/** A `locals` entry or a `.tfvars` assignment: a name bound to a value. */
export interface TerraformBinding {
  name: string;
  range: Range;
  value: PNode;
}

export interface TerraformResourceBlock {
  /** `aws_eks_cluster` */
  type: string;
  /** The resource's local name: `this` in `aws_eks_cluster.this`. */
  name: string;
  /** The block header, from `resource` to the opening brace. */
  header: Range;
  body: PMap;
}

/** A `module "name" { source = ... }` call. */
export interface TerraformModuleCall {
  name: string;
  /** The block header, from `module` to the opening brace. */
  header: Range;
  body: PMap;
}

export interface TerraformFileFacts {
  file: string;
  kind: 'tf' | 'tfvars';
  variables: TerraformVariable[];
  locals: TerraformBinding[];
  /** Assignments of a `.tfvars` file; empty for `.tf` files. */
  assignments: TerraformBinding[];
  /** Resource blocks of the types eks-lint normalises (see resources.ts). */
  resources: TerraformResourceBlock[];
  /** `module` blocks: local ones are evaluated with their inputs (modules/). */
  modules: TerraformModuleCall[];
  /** `output` blocks: name and the `value` expression, for the module's callers. */
  outputs: TerraformBinding[];
  /** Addresses (`type.name`) of every other resource block, so references to them are recognised. */
  otherResources: string[];
}
