import type { Resource } from '../../model/resource.js';
import { EmbeddedBudget } from '../embedded-yaml.js';
import { type PMap, scalarValue } from '../../model/tree.js';
import { setArgument } from './blocks.js';
import { type EvaluationNote, ModuleScope } from './evaluate.js';
import type { TerraformFileFacts, TerraformResourceBlock } from './facts.js';
import { eksModuleResources } from './registry/eks-module.js';
import { terraformAdapter, type TerraformModuleBlocks } from './resources.js';

/**
 * Canonical resources of one Terraform module (the facts of every file in one directory):
 * variables and locals are resolved across the module's files first, then each resource block
 * goes through its type's adapter.
 */
export function normalizeTerraformModule(files: TerraformFileFacts[]): Resource[] {
  return terraformModule(files).resources;
}

/** The module's resources, and notes about values left unknown because an evaluation limit was hit. */
export function terraformModule(files: TerraformFileFacts[]): { resources: Resource[]; notes: EvaluationNote[] } {
  const scope = new ModuleScope(files);
  const resolved: { block: TerraformResourceBlock; file: string }[] = [];
  for (const f of files) {
    for (const block of f.resources) {
      const body = scope.substituteIn(f.file, block.body);
      if (!terraformAdapter(block.type) || body.type !== 'map') continue;
      // `count = 0` declares no instance at all; any other count or for_each leaves one shape to check.
      if (scalarValue(setArgument(body, 'count')?.value) === 0) continue;
      resolved.push({ block: { ...block, body }, file: f.file });
    }
  }
  const byAddress = new Map<string, TerraformResourceBlock>();
  for (const { block } of resolved) if (!byAddress.has(`${block.type}.${block.name}`)) byAddress.set(`${block.type}.${block.name}`, block);
  const module: TerraformModuleBlocks = { find: (type, name) => byAddress.get(`${type}.${name}`), embeddedBudget: new EmbeddedBudget() };
  const resources = [
    ...resolved.flatMap(({ block, file }) => terraformAdapter(block.type)?.(block, file, module) ?? []),
    // Registry modules eks-lint knows without downloading them (registry/).
    ...files.flatMap((f) => f.registryModules.flatMap((call) => eksModuleResources({ ...call, body: scope.substituteIn(f.file, call.body) as PMap }, f.file))),
  ];
  return { resources, notes: scope.notes };
}
