/**
 * Module calls whose code eks-lint cannot read (a registry, git or other remote `source` that
 * `terraform init` has not downloaded). Built-in adapters for well-known registry modules
 * (registry/) turn a call's evaluated inputs into canonical resources; other registry modules get
 * a note that they were not analysed, and so do git, S3, GCS and URL sources; their outputs stay unknown.
 */
import type { Resource } from '../../../model/resource.js';
import type { PMap } from '../../../model/tree.js';
import type { TerraformNote } from '../module.js';
import { eksBlueprintsAddonsResources } from '../registry/eks-blueprints-addons.js';
import { eksModuleResources } from '../registry/eks-module.js';
import { registryModuleCall, remoteModuleNote, unanalysedModuleNotes } from '../registry/module-calls.js';
import type { ChildCall, ChildInstance, ModuleInstance } from '../scope.js';

export function externalModuleResources(child: ChildCall, caller: ModuleInstance): { resources: Resource[]; notes: TerraformNote[] } {
  const written = registryModuleCall(child.call.name, child.call.header, child.call.body);
  if (!written) {
    const remote = remoteModuleNote(child.call.name, child.call.body);
    return { resources: [], notes: remote ? [{ ...remote, file: child.file }] : [] };
  }
  const notes = unanalysedModuleNotes([written]).map((note) => ({ ...note, file: child.file }));
  const resources = child.instances.flatMap((instance) => {
    const call = registryModuleCall(`${child.call.name}${instance.suffix}`, child.call.header, withInputs(child.call.body, instance));
    if (!call) return [];
    // The chain of calls to the module, as for resources in local modules: findings name it and
    // point back at each call (SARIF related locations), and repeats through callers are dropped.
    const calls = [...caller.options.calls, instance.site].map(({ address, file, range }) => ({ address, file, range }));
    return [...eksModuleResources(call, child.file), ...eksBlueprintsAddonsResources(call, child.file)].map((r) => ({ ...r, name: `${caller.options.prefix}${r.name}`, calls }));
  });
  return { resources, notes };
}

/** The `module` block with each argument replaced by its value as evaluated in the caller. */
function withInputs(body: PMap, instance: ChildInstance): PMap {
  return { ...body, entries: body.entries.map((e) => ({ ...e, value: instance.inputs.get(e.key) ?? e.value })) };
}
