/**
 * Type conversion of a variable's value to its declared `type`, for the part that changes what
 * expressions see: `object({...})` keeps only its declared attributes and fills each missing
 * `optional(T, default)` with its default (or null). Without it, `try(var.x.attr, fallback)` would
 * take the fallback where Terraform reads the optional attribute's default.
 */
import type { HclExpr } from '../../../model/hcl-expr.js';
import type { PNode } from '../../../model/tree.js';
import type { Evaluator } from './evaluate.js';
import { attribute, isNull, list, object, scalar, sortedEntries, unknownValue, type Value } from './values.js';

/** The value converted to `type`; unknown when a required attribute is missing (Terraform would reject the value). */
export function convertToType(value: Value, type: HclExpr, evaluator: Evaluator): Value {
  if (value.type === 'expr' || isNull(value)) return value;
  if (type.k !== 'call') return value;
  const [arg] = type.args;
  switch (type.name) {
    case 'list':
    case 'set':
      return arg && value.type === 'seq' ? list(value.items.map((i) => convertToType(i, arg, evaluator)), value.range) : value;
    case 'map':
      return arg && value.type === 'map' ? object(sortedEntries(value).map(([k, v]) => [k, convertToType(v, arg, evaluator)]), value.range) : value;
    case 'object':
      return arg?.k === 'object' && value.type === 'map' ? convertObject(value, arg.items, evaluator) : value;
    default:
      return value;
  }
}

function convertObject(value: Extract<Value, { type: 'map' }>, attributes: { key: HclExpr; value: HclExpr }[], evaluator: Evaluator): Value {
  const entries: [string, Value][] = [];
  for (const a of attributes) {
    if (a.key.k !== 'lit' || typeof a.key.v !== 'string') return value;
    const name = a.key.v;
    const optional = a.value.k === 'call' && a.value.name === 'optional' ? a.value : undefined;
    const type = optional ? optional.args[0] : a.value;
    const given = attribute(value, name);
    if (given !== undefined && !isNull(given)) {
      entries.push([name, type ? convertToType(given, type, evaluator) : given]);
    } else if (optional) {
      const fallback = optional.args[1];
      const filled = fallback ? evaluator.evaluate(fallback, 'optional default') : scalar(null, value.range);
      entries.push([name, type && fallback ? convertToType(filled, type, evaluator) : filled]);
    } else if (given !== undefined) {
      entries.push([name, given]);
    } else {
      return unknownValue(`required attribute ${name} is missing`, value.range);
    }
  }
  return object(entries, value.range);
}

/** The syntax of a `type = ...` constraint, when it is one the conversion understands. */
export function typeSyntax(node: PNode | undefined): HclExpr | undefined {
  return node?.type === 'expr' ? node.ast : undefined;
}
