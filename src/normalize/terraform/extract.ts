import { entryRange } from '../plain.js';
import { entry, type PMap } from '../../model/tree.js';
import type { TerraformFileFacts } from './facts.js';
import { terraformAdapter } from './resources.js';

/**
 * Collects what one file declares: variables (with their literal defaults), locals, `.tfvars`
 * assignments, and the resource blocks that some adapter turns into canonical resources.
 * Nothing is resolved here; that needs every file of the module (module.ts).
 */
export function extractTerraform(file: string, body: PMap, kind: 'tf' | 'tfvars'): TerraformFileFacts {
  const facts: TerraformFileFacts = { file, kind, variables: [], locals: [], assignments: [], resources: [], modules: [], outputs: [], otherResources: [] };
  if (kind === 'tfvars') {
    for (const e of body.entries) {
      if (e.value.type !== 'map' || !e.value.block) facts.assignments.push({ name: e.key, range: entryRange(e), value: e.value });
    }
    return facts;
  }
  for (const e of body.entries) {
    const block = e.value;
    if (block.type !== 'map' || !block.block) continue;
    const [first, second] = block.labels ?? [];
    if (e.key === 'variable' && first !== undefined) {
      const defaultValue = entry(block, 'default')?.value;
      const type = entry(block, 'type')?.value;
      facts.variables.push({ name: first, range: e.keyRange, ...(defaultValue ? { default: defaultValue } : {}), ...(type ? { type } : {}) });
    } else if (e.key === 'locals') {
      for (const local of block.entries) {
        if (local.value.type !== 'map' || !local.value.block) facts.locals.push({ name: local.key, range: entryRange(local), value: local.value });
      }
    } else if (e.key === 'resource' && first !== undefined && second !== undefined && terraformAdapter(first) !== undefined) {
      facts.resources.push({ type: first, name: second, header: e.keyRange, body: block });
    } else if (e.key === 'data' && first !== undefined && second !== undefined && terraformAdapter(`data.${first}`) !== undefined) {
      // A data source some adapter reads (a policy document): addressed `data.<type>.<name>`, as references name it.
      facts.resources.push({ type: `data.${first}`, name: second, header: e.keyRange, body: block });
    } else if (e.key === 'resource' && first !== undefined && second !== undefined) {
      facts.otherResources.push(`${first}.${second}`);
    } else if (e.key === 'module' && first !== undefined) {
      facts.modules.push({ name: first, header: e.keyRange, body: block });
    } else if (e.key === 'output' && first !== undefined) {
      const value = entry(block, 'value');
      if (value) facts.outputs.push({ name: first, range: entryRange(value), value: value.value });
    }
  }
  return facts;
}
