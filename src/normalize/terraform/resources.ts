import type { Resource } from '../../model/resource.js';
import { eksClusterFromTerraform } from './eks-cluster.js';
import type { TerraformResourceBlock } from './facts.js';

/** Turns one resolved resource block into its canonical resource. */
export type TerraformAdapter = (block: TerraformResourceBlock, file: string) => Resource;

/** The Terraform resource types eks-lint reads, each with its adapter: add a type here to read it. */
const ADAPTERS: Readonly<Record<string, TerraformAdapter>> = {
  aws_eks_cluster: eksClusterFromTerraform,
};

/** The adapter for a resource type, or undefined when eks-lint does not read that type. */
export function terraformAdapter(type: string): TerraformAdapter | undefined {
  return Object.hasOwn(ADAPTERS, type) ? ADAPTERS[type] : undefined;
}
