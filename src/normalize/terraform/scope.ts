/**
 * One instance of one Terraform module: its variables, locals, resources and module calls, and
 * the `Scope` that resolves the names its expressions use. Resource references are recorded (the
 * graph edges of the resource being evaluated), with the referenced argument's value when it is
 * written in the configuration.
 */
import { posix, resolve, win32 } from 'node:path';
import type { HclExpr } from '../../model/hcl-expr.js';
import type { Range } from '../../model/range.js';
import type { PMap, PNode } from '../../model/tree.js';
import { parseTemplateSync } from '../../parse/hcl.js';
import { evaluateBody, evaluateNode } from './body.js';
import type { Budget } from './expressions/budget.js';
import { applySteps, Evaluator, type Scope, type Step } from './expressions/evaluate.js';
import { convertToType, typeSyntax } from './expressions/types.js';
import { list, object, relocate, scalar, sortedEntries, unknownValue, type Value } from './expressions/values.js';
import type { TerraformFileFacts, TerraformModuleCall, TerraformResourceBlock } from './facts.js';
import { type Instance, instancesOf } from './instances.js';
import type { ModuleCallSite, ModuleLoader } from './modules/call-site.js';

/** A reference from a resource to another object of the module: a graph edge. */
export interface TerraformReference {
  /** `aws_kms_key.this`, `data.aws_iam_policy_document.x`, `module.vpc` */
  address: string;
  attribute?: string;
}

export interface ModuleInstanceOptions {
  dir: string;
  rootDir: string;
  files: readonly TerraformFileFacts[];
  variables: Map<string, PNode>;
  /** '' for the root module, else the call address ending in `.` (`module.eks.`). */
  prefix: string;
  /** `path.module`: the module's folder relative to the root module's. */
  pathModule: string;
  calls: readonly ModuleCallSite[];
  loader: ModuleLoader;
  budget: Budget;
  /** Set inside modules downloaded by `terraform init`: findings go to this call in the repository's own code. */
  reportAt?: ModuleCallSite;
  /** Folders of the modules on the way here, to stop a module calling itself. */
  ancestors: readonly string[];
  /** Reads a template file for `templatefile`, or undefined when it may not be read (modules/templates.ts). */
  readTemplate?: (file: string) => string | undefined;
}

export interface ResourceInstance {
  block: TerraformResourceBlock;
  file: string;
  suffix: string;
  body: PMap;
  references: TerraformReference[];
  /** The instance stands for a `count`/`for_each` collection that is not known. */
  keysUnknown?: true;
}

export interface ChildInstance {
  suffix: string;
  site: ModuleCallSite;
  /** The `module` block's arguments, evaluated in the caller. */
  inputs: Map<string, PNode>;
  /** The called module, evaluated with `inputs`; absent when its code is not available. */
  module?: ModuleInstance;
}

export interface ChildCall {
  call: TerraformModuleCall;
  file: string;
  /** The `source` argument, when it is a literal string. */
  source?: string;
  instances: ChildInstance[];
  /** The module's code was found and evaluated (a local or downloaded module). */
  resolved: boolean;
  /** The call's `count`/`for_each` collection is not known. */
  keysUnknown?: true;
  /** Why the called module was not evaluated (outside the scan, a cycle...). */
  note?: string;
}

/** Longest chain of module calls followed; real stacks nest two or three deep. */
const MAX_MODULE_DEPTH = 16;

/**
 * Longest chain of locals followed (`local.a` defined from `local.b`, from `local.c`, …); real code
 * chains a handful. Past it the value is unknown, and an `analysis-limit` note says where.
 */
export const MAX_LOCAL_CHAIN = 64;

/** A value left unknown because a limit of the analysis was hit, at the expression that hit it. */
export interface ScopeNote {
  file: string;
  range: Range;
  message: string;
}

export class ModuleInstance implements Scope {
  readonly evaluator: Evaluator;
  private readonly localDefinitions = new Map<string, { value: PNode; file: string; range: Range }>();
  /** The locals being resolved, outermost first. */
  private readonly localChain: { file: string; range: Range }[] = [];
  /** Values left unknown by a limit; each location once. */
  readonly notes: ScopeNote[] = [];
  private readonly localValues = new Map<string, Value>();
  private readonly resolving = new Set<string>();
  private readonly resources = new Map<string, { block: TerraformResourceBlock; file: string }>();
  private readonly otherResources = new Set<string>();
  private readonly resourceCache = new Map<string, ResourceInstance[] | 'pending'>();
  private readonly childCache = new Map<string, ChildCall | 'pending'>();
  private readonly calls = new Map<string, { call: TerraformModuleCall; file: string }>();
  private readonly outputs = new Map<string, PNode>();
  private readonly variableTypes = new Map<string, HclExpr>();
  private readonly variableValues = new Map<string, Value>();
  /** The references of the resource being evaluated, or undefined outside a resource. */
  private sink: TerraformReference[] | undefined;

  constructor(readonly options: ModuleInstanceOptions) {
    this.evaluator = new Evaluator(options.budget, this, { templatefile: (path, vars) => this.templatefile(path, vars) });
    for (const f of options.files) {
      for (const l of f.locals) if (!this.localDefinitions.has(l.name)) this.localDefinitions.set(l.name, { value: l.value, file: f.file, range: l.range });
      for (const r of f.resources) {
        const address = `${r.type}.${r.name}`;
        if (!this.resources.has(address)) this.resources.set(address, { block: r, file: f.file });
      }
      for (const a of f.otherResources) this.otherResources.add(a);
      for (const m of f.modules) if (!this.calls.has(m.name)) this.calls.set(m.name, { call: m, file: f.file });
      for (const o of f.outputs) if (!this.outputs.has(o.name)) this.outputs.set(o.name, o.value);
      for (const v of f.variables) {
        const type = typeSyntax(v.type);
        if (type && !this.variableTypes.has(v.name)) this.variableTypes.set(v.name, type);
      }
    }
  }

  lookup(root: string, steps: Step[]): Value | undefined {
    const [first, ...rest] = steps;
    const name = first && 'attr' in first ? first.attr : undefined;
    switch (root) {
      case 'var': {
        const value = name === undefined ? undefined : this.variable(name);
        return value === undefined ? undefined : applySteps(value, rest);
      }
      case 'local': {
        const value = name === undefined ? undefined : this.local(name);
        return value === undefined ? undefined : applySteps(value, rest);
      }
      case 'path':
        return name === 'module' ? applySteps(scalar(this.options.pathModule), rest) : name === 'root' || name === 'cwd' ? applySteps(scalar('.'), rest) : undefined;
      case 'module':
        return name === undefined ? undefined : this.moduleOutputs(name, rest);
      case 'data': {
        const type = name;
        const second = rest[0];
        if (type !== undefined && second && 'attr' in second) this.record(`data.${type}.${second.attr}`, attributeName(rest.slice(1)));
        return undefined;
      }
      default:
        return name === undefined ? undefined : this.resourceReference(`${root}.${name}`, rest);
    }
  }

  /**
   * `templatefile(path, vars)`: a relative path is relative to the root module's folder, as in
   * Terraform. The template sees only `vars`, never the module's names.
   */
  private templatefile(path: string, vars: Value): Value | undefined {
    if (!this.options.readTemplate || vars.type !== 'map') return undefined;
    const text = this.options.readTemplate(resolve(this.options.rootDir, path));
    const ast = text === undefined ? undefined : parseTemplateSync(text);
    if (!ast) return undefined;
    const isolated = new Evaluator(this.options.budget, { lookup: () => undefined }, {});
    const frame = new Map(sortedEntries(vars));
    const result = isolated.withVariables(frame, () => isolated.evaluate(ast, 'templatefile'));
    return result.type === 'scalar' && result.value !== null ? scalar(String(result.value)) : result.type === 'expr' ? result : undefined;
  }

  /** A variable's value, converted to its declared type (optional attributes filled in). */
  private variable(name: string): Value | undefined {
    const cached = this.variableValues.get(name);
    if (cached) return cached;
    const given = this.options.variables.get(name);
    if (given === undefined) return undefined;
    const type = this.variableTypes.get(name);
    const value = type ? convertToType(given, type, this.evaluator) : given;
    this.variableValues.set(name, value);
    return value;
  }

  private record(address: string, attribute: string | undefined): void {
    if (!this.sink) return;
    if (this.sink.some((r) => r.address === address && r.attribute === attribute)) return;
    this.sink.push(attribute === undefined ? { address } : { address, attribute });
  }

  private local(name: string): Value | undefined {
    const cached = this.localValues.get(name);
    if (cached) return cached;
    const definition = this.localDefinitions.get(name);
    // A cycle leaves the reference unresolved, hence unknown.
    if (!definition || this.resolving.has(name)) return undefined;
    if (this.localChain.length >= MAX_LOCAL_CHAIN) {
      const at = this.localChain[this.localChain.length - 1]!;
      if (!this.notes.some((n) => n.file === at.file && n.range.line === at.range.line)) {
        this.notes.push({ ...at, message: `local.${name} is not followed: a chain of more than ${MAX_LOCAL_CHAIN} locals is not evaluated, so this value is unknown and not checked` });
      }
      return undefined;
    }
    this.resolving.add(name);
    this.localChain.push({ file: definition.file, range: definition.range });
    const sink = this.sink;
    this.sink = undefined;
    try {
      const value = evaluateNode(definition.value, this.evaluator);
      this.localValues.set(name, value);
      return value;
    } finally {
      this.sink = sink;
      this.localChain.pop();
      this.resolving.delete(name);
    }
  }

  private resourceReference(address: string, rest: Step[]): Value | undefined {
    const known = this.resources.get(address);
    if (!known && !this.otherResources.has(address)) return undefined;
    const sink = this.sink;
    const instances = known ? this.resourceInstances(address) : undefined;
    this.sink = sink;
    let remaining = rest;
    let selected: ResourceInstance | undefined;
    if (instances?.some((i) => i.keysUnknown)) selected = undefined;
    else if (instances && instances.length === 1 && instances[0]?.suffix === '') selected = instances[0];
    else if (instances) {
      const [index, ...after] = rest;
      if (index && 'index' in index && index.index.type === 'scalar' && index.index.value !== null) {
        const suffix = typeof index.index.value === 'number' ? `[${index.index.value}]` : `[${JSON.stringify(String(index.index.value))}]`;
        selected = instances.find((i) => i.suffix === suffix);
        remaining = after;
      }
    }
    const [attr, ...after] = remaining;
    const attribute = attr && 'attr' in attr ? attr.attr : undefined;
    this.record(address, attribute);
    if (!selected || attribute === undefined) return undefined;
    const argument = selected.body.entries.find((e) => e.key === attribute && !(e.value.type === 'map' && e.value.block));
    // An attribute not written in the configuration is computed by the provider: unknown.
    return argument ? applySteps(argument.value, after) : undefined;
  }

  /** The instances of a resource block with their bodies evaluated (cached; a cycle is unknown). */
  resourceInstances(address: string): ResourceInstance[] | undefined {
    const cached = this.resourceCache.get(address);
    if (cached === 'pending') return undefined;
    if (cached) return cached;
    const known = this.resources.get(address);
    if (!known) return undefined;
    this.resourceCache.set(address, 'pending');
    const instances = this.evaluateResource(known.block, known.file);
    this.resourceCache.set(address, instances);
    return instances;
  }

  private evaluateResource(block: TerraformResourceBlock, file: string): ResourceInstance[] {
    const saved = this.sink;
    try {
      this.sink = undefined;
      const instances = instancesOf(block.body, this.evaluator);
      return instances.map((instance) => {
        const references: TerraformReference[] = [];
        this.sink = references;
        const body = this.evaluator.withVariables(instance.vars, () => evaluateBody(block.body, this.evaluator, true));
        this.sink = undefined;
        return { block, file, suffix: instance.suffix, body, references, ...(instance.keysUnknown ? { keysUnknown: true as const } : {}) };
      });
    } finally {
      this.sink = saved;
    }
  }

  /** Every resource instance of this module (not of its children). */
  allResources(): ResourceInstance[] {
    return [...this.resources.keys()].flatMap((address) => this.resourceInstances(address) ?? []);
  }

  /** Every module call of this module, evaluated. */
  allChildren(): ChildCall[] {
    return [...this.calls.keys()].flatMap((name) => {
      const child = this.child(name);
      return child ? [child] : [];
    });
  }

  private moduleOutputs(name: string, rest: Step[]): Value | undefined {
    const sink = this.sink;
    const child = this.child(name);
    this.sink = sink;
    this.record(`module.${name}`, attributeName(rest));
    // Code not read, or instances not known: outputs are unknown (never a missing-attribute error for try()).
    if (!child || !child.resolved || child.keysUnknown) return undefined;
    const value = (instance: ChildInstance) => (instance.module ? instance.module.outputObject() : unknownValue(`module.${name} is not evaluated`));
    const [only] = child.instances;
    if (child.instances.length === 1 && only?.suffix === '') return applySteps(value(only), rest);
    const keyed = child.instances.every((i) => i.suffix.startsWith('["'));
    return applySteps(
      keyed ? object(child.instances.map((i) => [JSON.parse(i.suffix.slice(1, -1)) as string, value(i)])) : list(child.instances.map(value)),
      rest,
    );
  }

  /** The module's outputs as one object (evaluated lazily by the caller's reference). */
  outputObject(): Value {
    return object([...this.outputs.entries()].map(([name, node]) => [name, evaluateNode(node, this.evaluator)]));
  }

  private child(name: string): ChildCall | undefined {
    const cached = this.childCache.get(name);
    if (cached === 'pending') return undefined;
    if (cached) return cached;
    const known = this.calls.get(name);
    if (!known) return undefined;
    this.childCache.set(name, 'pending');
    const saved = this.sink;
    this.sink = undefined;
    try {
      const child = this.evaluateCall(known.call, known.file);
      this.childCache.set(name, child);
      return child;
    } finally {
      this.sink = saved;
    }
  }

  private evaluateCall(call: TerraformModuleCall, file: string): ChildCall {
    const sourceEntry = call.body.entries.find((e) => e.key === 'source');
    const source = sourceEntry?.value.type === 'scalar' && typeof sourceEntry.value.value === 'string' ? sourceEntry.value.value : undefined;
    const base = { call, file, ...(source !== undefined ? { source } : {}) };
    if (source === undefined) return { ...base, instances: [], resolved: false };
    const callKey = [...this.options.calls.map((c) => moduleName(c.address)), call.name].join('.');
    const loaded = this.options.loader.load(this.options.dir, source, callKey, this.options.rootDir);
    if (loaded && 'note' in loaded) return { ...base, instances: [], resolved: false, note: loaded.note };
    if (loaded && (this.options.ancestors.includes(loaded.dir) || this.options.calls.length >= MAX_MODULE_DEPTH)) {
      return { ...base, instances: [], resolved: false, note: `module.${call.name} calls a module already being evaluated; it is not followed again` };
    }
    const instances = instancesOf(call.body, this.evaluator);
    const children = instances.map((instance: Instance): ChildInstance => {
      const address = `${this.options.prefix}module.${call.name}${instance.suffix}`;
      const site: ModuleCallSite = { address, file, range: call.header };
      const reportAt = this.options.reportAt ?? (loaded?.downloaded ? site : undefined);
      const inputs = this.evaluator.withVariables(instance.vars, () => this.callInputs(call, reportAt && !this.options.reportAt ? file : undefined));
      return loaded ? { suffix: instance.suffix, site, inputs, module: this.callee(loaded, site, inputs, reportAt) } : { suffix: instance.suffix, site, inputs };
    });
    return { ...base, instances: children, resolved: loaded !== undefined, ...(instances.some((i) => i.keysUnknown) ? { keysUnknown: true as const } : {}) };
  }

  /** The called module, with the caller's inputs over its variables' defaults. */
  private callee(loaded: { dir: string; files: TerraformFileFacts[] }, site: ModuleCallSite, inputs: Map<string, PNode>, reportAt: ModuleCallSite | undefined): ModuleInstance {
    const variables = new Map<string, PNode>();
    for (const f of loaded.files) for (const v of f.variables) if (!variables.has(v.name) && v.default) variables.set(v.name, v.default);
    for (const [k, v] of inputs) variables.set(k, v);
    return new ModuleInstance({
      dir: loaded.dir,
      rootDir: this.options.rootDir,
      files: loaded.files,
      variables,
      prefix: `${site.address}.`,
      pathModule: relativePath(this.options.rootDir, loaded.dir),
      calls: [...this.options.calls, site],
      loader: this.options.loader,
      budget: this.options.budget,
      ...(reportAt ? { reportAt } : {}),
      ...(this.options.readTemplate ? { readTemplate: this.options.readTemplate } : {}),
      ancestors: [...this.options.ancestors, this.options.dir],
    });
  }

  /**
   * The module block's arguments, evaluated in the caller. Values passed into downloaded code keep
   * the caller's file and argument range, where their findings are reported.
   */
  private callInputs(call: TerraformModuleCall, markFile: string | undefined): Map<string, PNode> {
    const inputs = new Map<string, PNode>();
    for (const e of call.body.entries) {
      if (META_ARGUMENTS.has(e.key) || (e.value.type === 'map' && e.value.block)) continue;
      // What stays unknown is the caller's expression: it must never be evaluated again in the callee's scope.
      const value = sealUnknowns(evaluateNode(e.value, this.evaluator));
      const range: Range = { line: e.keyRange.line, column: e.keyRange.column, endLine: e.value.range.endLine, endColumn: e.value.range.endColumn };
      inputs.set(e.key, markFile ? relocate(value, { ...range, file: markFile }, true) : value);
    }
    return inputs;
  }
}

const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** `module.a["x"]` → `a`: the key modules.json uses for a call ignores instance keys. */
function moduleName(address: string): string {
  const last = address.split('module.').pop() ?? '';
  return last.replace(/\[.*$/, '').replace(/\.$/, '');
}

function attributeName(steps: Step[]): string | undefined {
  const [first] = steps;
  return first && 'attr' in first ? first.attr : undefined;
}

/** Unknown parts lose their syntax, so that no other scope can evaluate them. */
function sealUnknowns(node: PNode): PNode {
  switch (node.type) {
    case 'scalar':
      return node;
    case 'expr':
      return { type: 'expr', text: node.text, range: node.range };
    case 'seq':
      return { ...node, items: node.items.map(sealUnknowns) };
    case 'map':
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: sealUnknowns(e.value) })) };
  }
}

function relativePath(from: string, to: string): string {
  const path = from.includes('\\') ? win32 : posix;
  const rel = path.relative(from, to).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}
