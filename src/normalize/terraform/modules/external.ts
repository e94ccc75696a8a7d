/**
 * Module calls whose code eks-lint cannot read (a registry, git or other remote `source` that
 * `terraform init` has not downloaded). This is where built-in adapters for well-known registry
 * modules turn a call's evaluated inputs into canonical resources; without one, the call
 * contributes nothing and its outputs stay unknown.
 */
import type { Resource } from '../../../model/resource.js';
import type { ChildCall, ModuleInstance } from '../scope.js';

export function externalModuleResources(_call: ChildCall, _caller: ModuleInstance): Resource[] {
  return [];
}
