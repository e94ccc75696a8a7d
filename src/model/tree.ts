import type { HclExpr } from './hcl-expr.js';
import type { Range } from './range.js';

/**
 * The positioned value tree every parser produces, whatever the syntax: YAML, JSON and HCL all
 * become maps, sequences, scalars and expressions, each with its source range. The tree is plain
 * data (structured-cloneable), so parsing can move to worker threads or a cache unchanged.
 */
export type PNode = PScalar | PMap | PSeq | PExpr;

export type ScalarValue = string | number | boolean | null;

export interface PScalar {
  type: 'scalar';
  value: ScalarValue;
  range: Range;
}

export interface PEntry {
  key: string;
  keyRange: Range;
  value: PNode;
}

export interface PMap {
  type: 'map';
  /** In source order. HCL bodies may repeat a key (several `ingress` blocks); YAML and JSON do not. */
  entries: PEntry[];
  range: Range;
  /** HCL block labels: `resource "aws_eks_cluster" "this"` has labels `["aws_eks_cluster", "this"]`. */
  labels?: string[];
  /** Set on HCL blocks, to tell `tags { }` (a block) from `tags = { }` (an attribute). */
  block?: boolean;
  /** YAML tag on the node, for example a CloudFormation short-form intrinsic before conversion. */
  tag?: string;
}

export interface PSeq {
  type: 'seq';
  items: PNode[];
  range: Range;
}

/**
 * A value that cannot be known without evaluating something: a Terraform reference, a function
 * call, an interpolated template. `ref` is set when the expression is exactly one reference
 * (`var.region`, `local.cidrs`, `"${var.name}"`), which a later stage may resolve to a literal.
 */
export interface PExpr {
  type: 'expr';
  text: string;
  range: Range;
  ref?: string;
  /** HCL only: the expression's syntax, which the Terraform stage evaluates where it can. */
  ast?: HclExpr;
}

export function entry(map: PMap, key: string): PEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function child(node: PNode | undefined, key: string): PNode | undefined {
  return node?.type === 'map' ? entry(node, key)?.value : undefined;
}

export function children(node: PNode | undefined, key: string): PNode[] {
  return node?.type === 'map' ? node.entries.filter((e) => e.key === key).map((e) => e.value) : [];
}

/** Follows a path of map keys and sequence indexes. */
export function at(node: PNode | undefined, ...path: (string | number)[]): PNode | undefined {
  let current = node;
  for (const step of path) {
    if (current === undefined) return undefined;
    if (typeof step === 'number') current = current.type === 'seq' ? current.items[step] : undefined;
    else current = child(current, step);
  }
  return current;
}

export function scalarValue(node: PNode | undefined): ScalarValue | undefined {
  return node?.type === 'scalar' ? node.value : undefined;
}

export function stringValue(node: PNode | undefined): string | undefined {
  const value = scalarValue(node);
  return typeof value === 'string' ? value : undefined;
}
