/**
 * Plan resources back to the `.tf` code that declares them. A plan has no line numbers, but its
 * addresses and its `configuration` (each module call's `source`) lead to the resource block: at
 * the root, in the plan file's folder; in a local module (`./modules/eks`), in that folder; through
 * a registry module eks-lint knows, to the resource the built-in adapter named with the same
 * address. When the declaring resource is scanned, the plan's values (which know every variable,
 * function and instance) take its place, located at its lines; otherwise the finding stays in the
 * plan file, named by the resource's address.
 */
import { dirname, join } from 'node:path';
import type { Resource } from '../../../model/resource.js';
import type { PlanResource } from './plan.js';
import { isInside } from '../../../io/is-inside.js';

export interface PlanFile {
  file: string;
  resources: PlanResource[];
}

/** `module.eks["a"].aws_eks_cluster.this[0]` → `module.eks.aws_eks_cluster.this`. */
function withoutInstanceKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\]/g, '');
}

/** `module.eks.aws_eks_cluster.this` → `aws_eks_cluster.this`. */
function resourcePart(address: string): string {
  return address.split('.').slice(-2).join('.');
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** The scanned resource that declares a plan resource, if any. */
function declaringResource(planFile: string, plan: PlanResource, configured: readonly Resource[]): Resource | undefined {
  const root = dirname(planFile);
  const address = withoutInstanceKeys(plan.address);
  const sameKind = configured.filter((c) => c.kind === plan.resource.kind && c.format === 'terraform');
  // A resource named with the full address: a registry module read by a built-in adapter.
  const byAddress = sameKind.find((c) => isInside(c.file, root) && withoutInstanceKeys(c.name) === address);
  if (byAddress || plan.moduleSources === undefined || !plan.moduleSources.every(isLocalSource)) return byAddress;
  const dir = plan.moduleSources.reduce((d, source) => join(d, source), root);
  return sameKind.find((c) => dirname(c.file) === dir && withoutInstanceKeys(c.name) === resourcePart(address));
}

/**
 * The plans' resources, each located in the `.tf` code that declares it when that is scanned; and
 * the scanned resources they replace (their values came from a static reading, the plan's are
 * the ones Terraform will apply).
 */
export function mapPlansToConfiguration(plans: readonly PlanFile[], configured: readonly Resource[]): { resources: Resource[]; replaced: Set<Resource> } {
  const replaced = new Set<Resource>();
  const resources = plans.flatMap(({ file, resources: planned }) =>
    planned.map(({ resource, ...plan }) => {
      const declaring = declaringResource(file, { resource, ...plan }, configured);
      if (declaring === undefined) return resource;
      replaced.add(declaring);
      // The call chain comes along, so that findings name it and repeats of the module folder's
      // own reading are dropped as for the static reading (modules/stage.ts).
      const { file: at, range, locations, ignores, calls } = declaring;
      return { ...resource, file: at, range, locations, ...(ignores ? { ignores } : {}), ...(calls ? { calls } : {}) };
    }),
  );
  return { resources, replaced };
}
