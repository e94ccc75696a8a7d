import type { Resource } from '../../model/resource.js';
import { scalarValue } from '../../model/tree.js';
import { setArgument } from './blocks.js';
import { ModuleScope } from './evaluate.js';
import type { TerraformFileFacts } from './facts.js';
import { terraformAdapter } from './resources.js';

/**
 * Canonical resources of one Terraform module (the facts of every file in one directory):
 * variables and locals are resolved across the module's files first, then each resource block
 * goes through its type's adapter.
 */
export function normalizeTerraformModule(files: TerraformFileFacts[]): Resource[] {
  const scope = new ModuleScope(files);
  const resources: Resource[] = [];
  for (const f of files) {
    for (const block of f.resources) {
      const adapter = terraformAdapter(block.type);
      const body = scope.substitute(block.body);
      if (!adapter || body.type !== 'map') continue;
      // `count = 0` declares no instance at all; any other count or for_each leaves one shape to check.
      if (scalarValue(setArgument(body, 'count')?.value) === 0) continue;
      resources.push(adapter({ ...block, body }, f.file));
    }
  }
  return resources;
}
