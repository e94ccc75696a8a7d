import { dirname } from 'node:path';
import type { Problem } from '../../model/finding.js';
import { ANALYSIS_LIMIT, SKIPPED_FILE } from '../../model/finding.js';
import type { Range } from '../../model/range.js';
import type { Reference, Resource } from '../../model/resource.js';
import { EmbeddedBudget } from '../embedded-yaml.js';
import { Budget } from './expressions/budget.js';
import type { TerraformFileFacts, TerraformResourceBlock } from './facts.js';
import type { ModuleCallSite, ModuleLoader } from './modules/call-site.js';
import { externalModuleResources } from './modules/external.js';
import { terraformAdapter, type TerraformModuleBlocks } from './resources.js';
import { ModuleInstance, type ResourceInstance, type TerraformReference } from './scope.js';
import { rootVariableValues, type VariableInputs } from './variables.js';

export interface TerraformModuleOptions {
  /** The module's folder; by default the folder of its first file. */
  dir?: string;
  /** Follows `module` blocks; without one, module calls are not evaluated. */
  loader?: ModuleLoader;
  /** `--var`, `--var-file` and `TF_VAR_` values, for the module evaluated as a root. */
  variables?: VariableInputs;
  /** Reads template files for `templatefile`; without it, templatefile is unknown. */
  readTemplate?: (file: string) => string | undefined;
}

/** A note about the module stage's input, in a given file (a module source it did not read). */
export interface TerraformNote extends Problem {
  file: string;
}

const NO_LOADER: ModuleLoader = { load: () => undefined };

/**
 * Canonical resources of one Terraform module (the facts of every file in one directory),
 * evaluated as a root module: variables from defaults, `.tfvars` files and the command line,
 * locals, expressions, `count`/`for_each` instances, then the modules it calls with their inputs.
 * Each resource block instance goes through its type's adapter.
 */
export function evaluateTerraformModule(files: TerraformFileFacts[], options: TerraformModuleOptions = {}): { resources: Resource[]; notes: TerraformNote[] } {
  const dir = options.dir ?? dirname(files[0]?.file ?? '.');
  const root = new ModuleInstance({
    dir,
    rootDir: dir,
    files,
    variables: rootVariableValues(files, options.variables),
    prefix: '',
    pathModule: '.',
    calls: [],
    loader: options.loader ?? NO_LOADER,
    budget: new Budget(),
    ancestors: [],
    ...(options.readTemplate ? { readTemplate: options.readTemplate } : {}),
  });
  const resources: Resource[] = [];
  const notes: TerraformNote[] = [];
  collect(root, resources, notes);
  return { resources, notes };
}

/** The resources of one module (directory), evaluated with its own defaults: no module calls followed. */
export function normalizeTerraformModule(files: TerraformFileFacts[], options: TerraformModuleOptions = {}): Resource[] {
  return evaluateTerraformModule(files, options).resources;
}

function collect(module: ModuleInstance, resources: Resource[], notes: TerraformNote[]): void {
  const instances = module.allResources();
  const byAddress = new Map<string, TerraformResourceBlock>();
  for (const i of instances) {
    const address = `${i.block.type}.${i.block.name}`;
    if (!byAddress.has(address)) byAddress.set(address, { ...i.block, body: i.body });
  }
  const { readTemplate, rootDir, pathModule } = module.options;
  const blocks: TerraformModuleBlocks = {
    find: (type, name) => byAddress.get(`${type}.${name}`),
    embeddedBudget: new EmbeddedBudget(),
    ...(readTemplate ? { files: { read: readTemplate, rootDir, pathModule } } : {}),
  };
  for (const instance of instances) resources.push(...adapt(instance, blocks, module));
  for (const note of module.notes) notes.push({ ruleId: ANALYSIS_LIMIT, severity: 'info', message: note.message, file: note.file, range: note.range });
  for (const child of module.allChildren()) {
    if (child.note !== undefined) {
      const source = child.call.body.entries.find((e) => e.key === 'source');
      notes.push({ ruleId: SKIPPED_FILE, severity: 'info', message: child.note, file: child.file, range: source ? source.keyRange : child.call.header });
    }
    if (!child.resolved && child.note === undefined) {
      const external = externalModuleResources(child, module);
      resources.push(...external.resources);
      notes.push(...external.notes);
    }
    for (const i of child.instances) if (i.module) collect(i.module, resources, notes);
  }
}

function adapt(instance: ResourceInstance, blocks: TerraformModuleBlocks, module: ModuleInstance): Resource[] {
  const adapter = terraformAdapter(instance.block.type);
  if (!adapter) return [];
  const block: TerraformResourceBlock = { ...instance.block, name: `${instance.block.name}${instance.suffix}`, body: instance.body };
  const { prefix, calls, reportAt } = module.options;
  return adapter(block, instance.file, blocks).map((resource) => {
    const named: Resource = {
      ...resource,
      name: resource.name.startsWith(`${block.type}.`) ? `${prefix}${resource.name}` : resource.name,
      ...(calls.length > 0 ? { calls: calls.map(({ address, file, range }) => ({ address, file, range })) } : {}),
      ...withReferences(resource.references, instance.references),
    };
    return reportAt ? reportAtCall(named, reportAt) : stripFiles(named);
  });
}

/**
 * The adapter's field-level references (`from` set) followed by every other reference the
 * instance's arguments made, each target once.
 */
function withReferences(fromAdapter: Reference[] | undefined, made: TerraformReference[]): { references?: Reference[] } {
  const references = [...(fromAdapter ?? [])];
  for (const { address, attribute } of made) {
    if (references.some((r) => r.to === address && r.attribute === attribute)) continue;
    references.push({ to: address, ...(attribute !== undefined ? { attribute } : {}) });
  }
  return references.length > 0 ? { references } : {};
}

/**
 * A resource in downloaded code is reported in the repository's own code: at the calling module
 * block's argument that set a value, else at the module block.
 */
function reportAtCall(resource: Resource, call: ModuleCallSite): Resource {
  const locations: Record<string, Range> = {};
  for (const [pointer, range] of Object.entries(resource.locations)) {
    locations[pointer] = range.file === call.file ? withoutFile(range) : call.range;
  }
  return { ...resource, file: call.file, range: call.range, locations };
}

/** Ranges keep a `file` only while values cross into downloaded code. */
function stripFiles(resource: Resource): Resource {
  if (!Object.values(resource.locations).some((r) => r.file !== undefined)) return resource;
  return { ...resource, locations: Object.fromEntries(Object.entries(resource.locations).map(([p, r]) => [p, withoutFile(r)])) };
}

function withoutFile(range: Range): Range {
  const { file: _file, ...rest } = range;
  return rest;
}
