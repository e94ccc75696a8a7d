/**
 * `count` and `for_each`: the instances a resource or module block declares. Known collections
 * expand into one instance per element (`aws_eks_cluster.this[0]`, `module.eks["prod"]`); zero
 * elements (`count = 0`, a false toggle, an empty map) mean no instance and so no finding. When the
 * collection is unknown, one instance stands for all of them, with `count.index` / `each.*`
 * unknown: a rule still fires on what every instance shares, never on what depends on the key.
 */
import type { PMap } from '../../model/tree.js';
import { setArgument } from './blocks.js';
import type { Evaluator } from './expressions/evaluate.js';
import { asList, asNumber, asString, hasUnknown, isUnknownValue, object, scalar, sortedEntries, unknownValue, type Value } from './expressions/values.js';
import { evaluateNode } from './body.js';

export interface Instance {
  /** `[0]`, `["prod"]`, or '' for a block without count/for_each (or an unknown collection). */
  suffix: string;
  /** `count` or `each`, bound to this instance's values. */
  vars: Map<string, Value>;
  /** Set on the one instance that stands for an unknown collection. */
  keysUnknown?: true;
}

/** Instances beyond this many are not expanded: the block is judged once, with unknown keys. */
const MAX_INSTANCES = 1_000;

const SINGLE: Instance[] = [{ suffix: '', vars: new Map() }];

function unknownInstance(meta: 'count' | 'each'): Instance[] {
  const vars = new Map<string, Value>();
  if (meta === 'count') vars.set('count', object([['index', unknownValue('count.index')]]));
  else vars.set('each', object([['key', unknownValue('each.key')], ['value', unknownValue('each.value')]]));
  return [{ suffix: '', vars, keysUnknown: true }];
}

export function instancesOf(body: PMap, evaluator: Evaluator): Instance[] {
  const count = setArgument(body, 'count');
  if (count) {
    const value = evaluateNode(count.value, evaluator);
    if (hasUnknown(value)) return unknownInstance('count');
    const n = toCount(value);
    if (n === undefined || n > MAX_INSTANCES) return unknownInstance('count');
    return Array.from({ length: n }, (_, i) => ({ suffix: `[${i}]`, vars: new Map([['count', object([['index', scalar(i)]])]]) }));
  }
  const forEach = setArgument(body, 'for_each');
  if (forEach) {
    const value = evaluateNode(forEach.value, evaluator);
    if (isUnknownValue(value)) return unknownInstance('each');
    const pairs = forEachPairs(value);
    if (pairs === undefined || pairs.length > MAX_INSTANCES) return unknownInstance('each');
    return pairs.map(([key, v]) => ({
      suffix: `[${JSON.stringify(key)}]`,
      vars: new Map([['each', object([['key', scalar(key)], ['value', v]])]]),
    }));
  }
  return SINGLE;
}

/** A whole, non-negative number (or its string form); anything else is an error Terraform reports, so unknown here. */
function toCount(value: Value): number | undefined {
  try {
    const n = asNumber(value);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** A map's entries, or a set of strings as keys with themselves as values; undefined when not known. */
function forEachPairs(value: Value): [string, Value][] | undefined {
  try {
    if (value.type === 'map') return sortedEntries(value);
    const items = asList(value);
    if (items.some(hasUnknown)) return undefined;
    const keys = [...new Set(items.map((i) => asString(i)))].sort();
    return keys.map((k) => [k, scalar(k)]);
  } catch {
    return undefined;
  }
}
