/**
 * The little of Terraform's evaluation that is static: `var.x` from defaults and auto-loaded
 * `.tfvars`, `local.y` from locals. Only expressions that are exactly one reference are replaced;
 * anything computed (functions, conditionals, string templates) stays an expression, i.e. unknown.
 */
import { ANALYSIS_LIMIT, type Problem } from '../../model/finding.js';
import type { Range } from '../../model/range.js';
import { child, type PNode } from '../../model/tree.js';
import type { TerraformFileFacts } from './facts.js';

/**
 * Longest chain of locals referring to locals that is followed: real modules need a handful, so a
 * longer chain is hand-made; what it leads to is left unknown, with a note at the reference where
 * the chain was cut.
 */
export const MAX_LOCAL_CHAIN = 256;
/** Bound on substitution nesting (trees × chained locals), far below a stack overflow. */
export const MAX_SUBSTITUTION_DEPTH = 2_000;

/** A note about a value left unknown because a limit of the evaluation was hit, in the file that holds it. */
export interface EvaluationNote extends Problem {
  file: string;
}

export type RefStep = string | number;

const REF_ROOT = /^[\p{ID_Start}_][\p{ID_Continue}-]*/u;
const REF_STEP = /\.([\p{ID_Start}_][\p{ID_Continue}-]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]/uy;

/** Splits a parser's `ref` (`local.m["k"].list[0]`) into its steps: `['local', 'm', 'k', 'list', 0]`. */
export function parseRef(ref: string): RefStep[] | undefined {
  const root = REF_ROOT.exec(ref)?.[0];
  if (root === undefined) return undefined;
  const steps: RefStep[] = [root];
  REF_STEP.lastIndex = root.length;
  while (REF_STEP.lastIndex < ref.length) {
    const match = REF_STEP.exec(ref);
    if (!match) return undefined;
    const [, name, index, quoted] = match;
    steps.push(name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted ?? '""') as string)));
  }
  return steps;
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Where Terraform's own loading order puts a `.tfvars` file, or undefined if it is not auto-loaded. */
function autoLoadRank(file: string): number | undefined {
  const name = basename(file);
  if (name === 'terraform.tfvars') return 0;
  if (name === 'terraform.tfvars.json') return 1;
  if (/\.auto\.tfvars(\.json)?$/.test(name)) return 2;
  return undefined;
}

/**
 * Values of variables as a plain `terraform plan` in this directory would see them: the default,
 * overridden by `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars[.json]` in name
 * order. A variable that another `.tfvars` file also sets depends on which `-var-file` is passed,
 * so it is left unknown rather than guessed.
 */
function variableValues(files: readonly TerraformFileFacts[]): Map<string, PNode> {
  const values = new Map<string, PNode | undefined>();
  for (const f of files) {
    for (const v of f.variables) if (!values.has(v.name)) values.set(v.name, v.default);
  }
  const tfvars = files.filter((f) => f.kind === 'tfvars');
  const autoLoaded = tfvars
    .filter((f) => autoLoadRank(f.file) !== undefined)
    .sort((a, b) => (autoLoadRank(a.file) ?? 0) - (autoLoadRank(b.file) ?? 0) || basename(a.file).localeCompare(basename(b.file)));
  for (const f of autoLoaded) {
    for (const a of f.assignments) if (values.has(a.name)) values.set(a.name, a.value);
  }
  for (const f of tfvars) {
    if (autoLoadRank(f.file) === undefined) for (const a of f.assignments) values.delete(a.name);
  }
  const known = new Map<string, PNode>();
  for (const [name, value] of values) if (value !== undefined) known.set(name, value);
  return known;
}

export class ModuleScope {
  private readonly variables: Map<string, PNode>;
  private readonly localDefinitions = new Map<string, { value: PNode; file: string }>();
  private readonly localValues = new Map<string, PNode | undefined>();
  private readonly resolving = new Set<string>();
  /** The file of the value being substituted: the resource's, then each local's along a chain. */
  private readonly files: string[] = [];
  private readonly noted = new Set<string>();
  /** Values left unknown because a limit was hit (each place once). */
  readonly notes: EvaluationNote[] = [];
  private depth = 0;

  constructor(files: readonly TerraformFileFacts[]) {
    this.variables = variableValues(files);
    for (const f of files) {
      for (const l of f.locals) if (!this.localDefinitions.has(l.name)) this.localDefinitions.set(l.name, { value: l.value, file: f.file });
    }
  }

  /** A copy of `node` (of `file`) in which every reference with a static value is replaced by that value. */
  substituteIn(file: string, node: PNode): PNode {
    this.files.push(file);
    try {
      return this.substitute(node);
    } finally {
      this.files.pop();
    }
  }

  private note(range: Range, message: string): void {
    const file = this.files[this.files.length - 1] ?? '';
    const key = `${file}\u0000${range.line}:${range.column}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ ruleId: ANALYSIS_LIMIT, severity: 'info', message, range, file });
  }

  private substitute(node: PNode): PNode {
    if (this.depth >= MAX_SUBSTITUTION_DEPTH) {
      this.note(node.range, `Not analysed: values nested more than ${MAX_SUBSTITUTION_DEPTH} levels deep through locals; this value is unknown`);
      return node;
    }
    this.depth++;
    try {
      switch (node.type) {
        case 'scalar':
          return node;
        case 'expr': {
          const value = node.ref === undefined ? undefined : this.resolve(node.ref, node.range);
          // The value takes the reference's place, and its range: findings belong where it is used.
          return value ? relocate(value, node.range) : node;
        }
        case 'seq':
          return { ...node, items: node.items.map((item) => this.substitute(item)) };
        case 'map':
          return { ...node, entries: node.entries.map((e) => ({ ...e, value: this.substitute(e.value) })) };
      }
    } finally {
      this.depth--;
    }
  }

  private resolve(ref: string, range: Range): PNode | undefined {
    const [root, name, ...path] = parseRef(ref) ?? [];
    if (typeof name !== 'string') return undefined;
    let value = root === 'var' ? this.variables.get(name) : root === 'local' ? this.local(name, range) : undefined;
    for (const step of path) value = stepInto(value, step);
    return value;
  }

  private local(name: string, range: Range): PNode | undefined {
    if (this.localValues.has(name)) return this.localValues.get(name);
    const definition = this.localDefinitions.get(name);
    // A cycle (which Terraform rejects) or a chain too long to follow leaves the reference unknown.
    if (!definition || this.resolving.has(name)) return undefined;
    if (this.resolving.size >= MAX_LOCAL_CHAIN) {
      this.note(range, `Not analysed: local.${name} is reached through a chain of more than ${MAX_LOCAL_CHAIN} locals; its value is unknown here`);
      return undefined;
    }
    this.resolving.add(name);
    let value: PNode;
    try {
      value = this.substituteIn(definition.file, definition.value);
    } finally {
      this.resolving.delete(name);
    }
    this.localValues.set(name, value);
    return value;
  }
}

/** One step of a traversal; HCL converts between number and string keys as needed. */
function stepInto(node: PNode | undefined, step: RefStep): PNode | undefined {
  if (node?.type === 'map') return child(node, String(step));
  if (node?.type === 'seq') {
    const index = typeof step === 'number' ? step : /^[0-9]+$/.test(step) ? Number(step) : NaN;
    return node.items[index];
  }
  return undefined;
}

/** A deep copy of `node` with every range (keys included) set to `range`. */
function relocate(node: PNode, range: Range): PNode {
  switch (node.type) {
    case 'scalar':
    case 'expr':
      return { ...node, range };
    case 'seq':
      return { ...node, range, items: node.items.map((item) => relocate(item, range)) };
    case 'map':
      return { ...node, range, entries: node.entries.map((e) => ({ key: e.key, keyRange: range, value: relocate(e.value, range) })) };
  }
}
