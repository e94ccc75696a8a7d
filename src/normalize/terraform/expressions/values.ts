/**
 * Terraform values as the evaluator handles them: positioned nodes (`PNode`), so that a computed
 * value can take the place of the expression it replaces. A value that cannot be known statically
 * is an `expr` node whose text says why; collections may hold unknown items and stay collections.
 */
import type { Range } from '../../../model/range.js';
import type { PExpr, PMap, PNode, PSeq, ScalarValue } from '../../../model/tree.js';

export type Value = PNode;

/** A definite evaluation error (wrong type, missing key): `try` and `can` catch it; elsewhere it is unknown. */
export class EvalError extends Error {
  override name = 'EvalError';
}

/** Thrown when the evaluation budget is spent; everything still being evaluated becomes unknown. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

export const NO_RANGE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function unknownValue(reason: string, range: Range = NO_RANGE): PExpr {
  return { type: 'expr', text: reason, range };
}

export function scalar(value: ScalarValue, range: Range = NO_RANGE): Value {
  return { type: 'scalar', value, range };
}

export function list(items: Value[], range: Range = NO_RANGE): PSeq {
  return { type: 'seq', items, range };
}

export function object(entries: [string, Value][], range: Range = NO_RANGE): PMap {
  return { type: 'map', entries: entries.map(([key, value]) => ({ key, keyRange: value.range, value })), range };
}

export function isUnknownValue(v: Value): v is PExpr {
  return v.type === 'expr';
}

/** Whether any part of the value is unknown. */
export function hasUnknown(v: Value): boolean {
  switch (v.type) {
    case 'expr':
      return true;
    case 'scalar':
      return false;
    case 'seq':
      return v.items.some(hasUnknown);
    case 'map':
      return v.entries.some((e) => hasUnknown(e.value));
  }
}

export function isNull(v: Value): boolean {
  return v.type === 'scalar' && v.value === null;
}

/** Attribute of an object; repeated keys (HCL blocks) keep the first. */
export function attribute(v: PMap, key: string): Value | undefined {
  return v.entries.find((e) => e.key === key)?.value;
}

/** The entries of an object as Terraform iterates them: by key, in lexical order, first of each key. */
export function sortedEntries(v: PMap): [string, Value][] {
  const seen = new Map<string, Value>();
  for (const e of v.entries) if (!seen.has(e.key)) seen.set(e.key, e.value);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Terraform's automatic conversion to string: numbers and bools convert, null and collections do not. */
export function asString(v: Value, what = 'value'): string {
  if (v.type === 'scalar') {
    if (typeof v.value === 'string') return v.value;
    if (typeof v.value === 'number') return formatNumber(v.value);
    if (typeof v.value === 'boolean') return String(v.value);
  }
  throw new EvalError(`${what} is not a string`);
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

export function asNumber(v: Value, what = 'value'): number {
  if (v.type === 'scalar') {
    if (typeof v.value === 'number') return v.value;
    if (typeof v.value === 'string' && /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(v.value.trim())) return Number(v.value);
  }
  throw new EvalError(`${what} is not a number`);
}

export function asBool(v: Value, what = 'value'): boolean {
  if (v.type === 'scalar') {
    if (typeof v.value === 'boolean') return v.value;
    if (v.value === 'true' || v.value === 'false') return v.value === 'true';
  }
  throw new EvalError(`${what} is not a bool`);
}

/** Elements of a list, tuple or set; an object is not a list. */
export function asList(v: Value, what = 'value'): Value[] {
  if (v.type === 'seq') return v.items;
  throw new EvalError(`${what} is not a list`);
}

export function asObject(v: Value, what = 'value'): PMap {
  if (v.type === 'map') return v;
  throw new EvalError(`${what} is not a map`);
}

/** Deep equality of known values, ranges ignored; numbers and their string forms differ, as in Terraform. */
export function sameValue(a: Value, b: Value): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'scalar' && b.type === 'scalar') return a.value === b.value;
  if (a.type === 'seq' && b.type === 'seq') return a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]!));
  if (a.type === 'map' && b.type === 'map') {
    const ea = sortedEntries(a);
    const eb = sortedEntries(b);
    return ea.length === eb.length && ea.every(([k, v], i) => eb[i]![0] === k && sameValue(v, eb[i]![1]));
  }
  return false;
}

/**
 * A deep copy of `node` with every range (keys included) set to `range`: a value takes the place
 * of the expression it replaces. Values that came from another file keep their range, unless
 * `all` is set (for marking them in the first place).
 */
export function relocate(node: Value, range: Range, all = false): Value {
  if (!all && node.range.file !== undefined) return node;
  switch (node.type) {
    case 'scalar':
    case 'expr':
      return { ...node, range };
    case 'seq':
      return { ...node, range, items: node.items.map((item) => relocate(item, range, all)) };
    case 'map':
      return {
        ...node,
        range,
        entries: node.entries.map((e) => ({ key: e.key, keyRange: !all && e.value.range.file !== undefined ? e.keyRange : range, value: relocate(e.value, range, all) })),
      };
  }
}

/** Plain JSON of a fully known value (for jsonencode and friends). */
export function toJson(v: Value): unknown {
  switch (v.type) {
    case 'scalar':
      return v.value;
    case 'seq':
      return v.items.map(toJson);
    case 'map':
      return Object.fromEntries(sortedEntries(v).map(([k, x]) => [k, toJson(x)]));
    case 'expr':
      throw new EvalError('unknown value');
  }
}

/** A value from plain JSON (jsondecode, yamldecode). */
export function fromJson(x: unknown, range: Range = NO_RANGE): Value {
  if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return scalar(x, range);
  if (Array.isArray(x)) return list(x.map((i) => fromJson(i, range)), range);
  if (typeof x === 'object') return object(Object.entries(x as Record<string, unknown>).map(([k, i]) => [k, fromJson(i, range)]), range);
  throw new EvalError('value cannot be represented');
}
