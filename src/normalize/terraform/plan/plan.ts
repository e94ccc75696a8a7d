/**
 * Terraform plan JSON (`terraform show -json plan.out`) → canonical resources. A plan holds what
 * a static reading cannot know: every module expanded, every `count`/`for_each` instance, every
 * variable and function evaluated. Its `planned_values` are read by the same resource adapters as
 * `.tf` files, after turning them into the body shape the HCL parser gives; a value Terraform
 * only knows after apply (`after_unknown` in `resource_changes`) is an expression, i.e. unknown.
 */
import type { Range } from '../../../model/range.js';
import type { Resource } from '../../../model/resource.js';
import { child, type PEntry, type PMap, type PNode, stringValue } from '../../../model/tree.js';
import { EmbeddedBudget } from '../../embedded-yaml.js';
import type { TerraformResourceBlock } from '../facts.js';
import { terraformAdapter } from '../resources.js';

/** Whether a JSON document is a plan: `format_version` with `planned_values` or `configuration`. */
export function isTerraformPlan(root: PNode | null | undefined): boolean {
  return root?.type === 'map' && stringValue(child(root, 'format_version')) !== undefined && (child(root, 'planned_values') !== undefined || child(root, 'configuration') !== undefined);
}

/** A plan resource with what is needed to find its configuration in the scanned `.tf` files. */
export interface PlanResource {
  resource: Resource;
  /** `module.eks.aws_eks_cluster.this[0]` */
  address: string;
  /**
   * The `source` of each module call from the root to the resource's module (`[]` at the root),
   * from the plan's `configuration`; undefined when a step is missing from it.
   */
  moduleSources?: string[];
}

/** Deeper module nesting than this is not read (real stacks nest a handful). */
const MAX_MODULE_DEPTH = 32;

/** A value Terraform knows only after apply: unknown here, like any expression. */
function knownAfterApply(range: Range): PNode {
  return { type: 'expr', text: '(known after apply)', range };
}

/**
 * Planned values → an HCL-like body: a list of objects is a list of nested blocks (plans write
 * every block that way), other values are arguments. `unknown` (the `after_unknown` mirror) marks
 * what Terraform knows only after apply. Such an attribute that the configuration does not set
 * (`config`, the resource's `expressions`, when the plan has them for this block) is one the
 * provider computes from the API's default, so it is left out and the adapter applies that default
 * (`public_access_cidrs` when unset is 0.0.0.0/0); one the configuration sets is unknown.
 */
function toBody(values: PMap, unknown: PNode | undefined, config: PNode | undefined, block: boolean): PMap {
  const entries: PEntry[] = [];
  const configured = (key: string) => config?.type !== 'map' || child(config, key) !== undefined;
  for (const e of values.entries) {
    const u = child(unknown, e.key);
    if (u?.type === 'scalar' && u.value === true) {
      if (configured(e.key)) entries.push({ key: e.key, keyRange: e.keyRange, value: knownAfterApply(e.value.range) });
    } else if (e.value.type === 'seq' && e.value.items.length > 0 && e.value.items.every((i) => i.type === 'map')) {
      const c = child(config, e.key);
      e.value.items.forEach((item, i) =>
        entries.push({ key: e.key, keyRange: e.keyRange, value: toBody(item, u?.type === 'seq' ? u.items[i] : undefined, c?.type === 'seq' ? c.items[i] : undefined, true) }),
      );
    } else entries.push({ key: e.key, keyRange: e.keyRange, value: withUnknowns(e.value, u) });
  }
  for (const e of unknown?.type === 'map' ? unknown.entries : []) {
    // Absent from the values and unknown: `key_arn = aws_kms_key.k.arn` before the key exists.
    if (e.value.type === 'scalar' && e.value.value === true && child(values, e.key) === undefined && configured(e.key)) {
      entries.push({ key: e.key, keyRange: values.range, value: knownAfterApply(values.range) });
    }
  }
  return { type: 'map', entries, range: values.range, ...(block ? { block: true } : {}) };
}

/** An argument's value with its unknown parts (list items, map values) replaced. */
function withUnknowns(value: PNode, unknown: PNode | undefined): PNode {
  if (unknown?.type === 'scalar' && unknown.value === true) return knownAfterApply(value.range);
  if (value.type === 'seq') return { ...value, items: value.items.map((item, i) => withUnknowns(item, unknown?.type === 'seq' ? unknown.items[i] : undefined)) };
  if (value.type === 'map') return { ...value, entries: value.entries.map((e) => ({ ...e, value: withUnknowns(e.value, child(unknown, e.key)) })) };
  return value;
}

/** `after_unknown` of every resource change, by address. */
function unknownsByAddress(root: PMap): Map<string, PNode> {
  const byAddress = new Map<string, PNode>();
  const changes = child(root, 'resource_changes');
  for (const change of changes?.type === 'seq' ? changes.items : []) {
    const address = stringValue(child(change, 'address'));
    const unknown = child(child(change, 'change'), 'after_unknown');
    if (address !== undefined && unknown !== undefined) byAddress.set(address, unknown);
  }
  return byAddress;
}

/** `module.a["x"].module.b` → `["a", "b"]`: the module call names, without instance keys. */
export function moduleCallNames(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

/** A module of the plan's `configuration`, and the sources of the module calls that lead to it. */
function configuredModule(root: PMap, names: string[]): { module: PNode | undefined; sources?: string[] } {
  let module = child(child(root, 'configuration'), 'root_module');
  const sources: string[] = [];
  for (const name of names) {
    const call = child(child(module, 'module_calls'), name);
    const source = stringValue(child(call, 'source'));
    module = child(call, 'module');
    if (source === undefined) return { module };
    sources.push(source);
  }
  return { module, sources };
}

/** A resource's `expressions` in the configuration: the arguments its code sets. */
function configuredExpressions(module: PNode | undefined, type: string, name: string): PNode | undefined {
  const resources = child(module, 'resources');
  const resource = (resources?.type === 'seq' ? resources.items : []).find((r) => stringValue(child(r, 'type')) === type && stringValue(child(r, 'name')) === name);
  if (resource === undefined) return undefined;
  return child(resource, 'expressions') ?? { type: 'map', entries: [], range: resource.range };
}

interface PlannedModule {
  address: string;
  node: PNode;
}

/** Every module of `planned_values`, the root first, children expanded (bounded depth). */
function plannedModules(root: PMap): PlannedModule[] {
  const out: PlannedModule[] = [];
  const walk = (node: PNode | undefined, address: string, depth: number) => {
    if (node?.type !== 'map' || depth > MAX_MODULE_DEPTH) return;
    out.push({ address, node });
    const children = child(node, 'child_modules');
    for (const c of children?.type === 'seq' ? children.items : []) walk(c, stringValue(child(c, 'address')) ?? address, depth + 1);
  };
  walk(child(child(root, 'planned_values'), 'root_module'), '', 0);
  return out;
}

export function normalizeTerraformPlan(file: string, root: PMap): PlanResource[] {
  const unknowns = unknownsByAddress(root);
  const out: PlanResource[] = [];
  for (const module of plannedModules(root)) {
    const blocks: { block: TerraformResourceBlock; address: string }[] = [];
    const configured = configuredModule(root, moduleCallNames(module.address));
    const list = child(module.node, 'resources');
    for (const r of list?.type === 'seq' ? list.items : []) {
      const [address, type, name, mode] = ['address', 'type', 'name', 'mode'].map((k) => stringValue(child(r, k)));
      const values = child(r, 'values');
      if (mode !== 'managed' || address === undefined || type === undefined || name === undefined || values?.type !== 'map') continue;
      const header = r.type === 'map' ? (r.entries.find((e) => e.key === 'address')?.keyRange ?? r.range) : r.range;
      const body = toBody(values, unknowns.get(address), configuredExpressions(configured.module, type, name), false);
      blocks.push({ block: { type, name, header, body }, address });
    }
    const byName = new Map<string, TerraformResourceBlock>();
    for (const { block } of blocks) if (!byName.has(`${block.type}.${block.name}`)) byName.set(`${block.type}.${block.name}`, block);
    const blocksOfModule = { find: (type: string, name: string) => byName.get(`${type}.${name}`), embeddedBudget: new EmbeddedBudget() };
    const sources = configured.sources;
    for (const { block, address } of blocks) {
      for (const resource of terraformAdapter(block.type)?.(block, file, blocksOfModule) ?? []) {
        // The adapter names the resource by its configuration address; the plan knows the instance's.
        const named = resource.name.startsWith(`${block.type}.${block.name}`) ? { ...resource, name: address + resource.name.slice(`${block.type}.${block.name}`.length) } : resource;
        out.push({ resource: named, address, ...(sources ? { moduleSources: sources } : {}) });
      }
    }
  }
  return out;
}
