/**
 * Evaluates a block body: every expression that has a static value is replaced by it (at the
 * expression's range: findings belong where the value is used), and `dynamic` blocks with a known
 * `for_each` expand into the blocks their `content` describes.
 */
import type { HclExpr } from '../../model/hcl-expr.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { parseRef } from './ref.js';
import type { Evaluator } from './expressions/evaluate.js';
import { asList, BudgetExceeded, hasUnknown, isUnknownValue, object, relocate, scalar, sortedEntries, type Value } from './expressions/values.js';

/** Meta-arguments of a resource that name other objects rather than hold values (top level only: `provider { }` inside `encryption_config` is data). */
const META_ARGUMENTS = new Set(['depends_on', 'lifecycle', 'provider', 'providers']);

/** The syntax of an expression: parsed by the HCL parser, or rebuilt from a JSON reference. */
export function syntaxOf(node: Extract<PNode, { type: 'expr' }>): HclExpr | undefined {
  if (node.ast) return node.ast;
  const steps = node.ref !== undefined ? parseRef(node.ref) : undefined;
  const [root, ...rest] = steps ?? [];
  if (typeof root !== 'string') return undefined;
  let ast: HclExpr = { k: 'var', name: root };
  for (const step of rest) ast = typeof step === 'number' ? { k: 'index', of: ast, key: { k: 'lit', v: step } } : { k: 'attr', of: ast, name: step };
  return ast;
}

/**
 * The value of one node: literals as written, expressions evaluated, unknowns kept as written.
 * Each level of nesting counts against the evaluation depth, so that values built from locals
 * nesting locals stay shallow enough to walk (deeper ones are unknown).
 */
export function evaluateNode(node: PNode, evaluator: Evaluator): Value {
  try {
    return evaluator.budget.nested(() => evaluateLevel(node, evaluator));
  } catch (error) {
    if (error instanceof BudgetExceeded) return { type: 'expr', text: 'value nested too deeply', range: node.range };
    throw error;
  }
}

function evaluateLevel(node: PNode, evaluator: Evaluator): Value {
  switch (node.type) {
    case 'scalar':
      return node;
    case 'expr': {
      const ast = syntaxOf(node);
      if (!ast) return node;
      const value = evaluator.evaluate(ast, node.text);
      // Wholly unknown: keep the expression as written, so the unknown says what it was.
      return isUnknownValue(value) ? node : relocate(value, node.range);
    }
    case 'seq':
      return { ...node, items: node.items.map((item) => evaluateNode(item, evaluator)) };
    case 'map':
      return node.block ? evaluateBody(node, evaluator) : { ...node, entries: node.entries.map((e) => ({ ...e, value: evaluateNode(e.value, evaluator) })) };
  }
}

/**
 * A block body with its expressions evaluated and its dynamic blocks expanded where possible;
 * `resource` marks a resource's own body, whose meta-arguments are left as written.
 */
export function evaluateBody(body: PMap, evaluator: Evaluator, resource = false): PMap {
  const entries: PEntry[] = [];
  for (const e of body.entries) {
    if (resource && META_ARGUMENTS.has(e.key)) entries.push(e);
    else if (e.key === 'dynamic' && e.value.type === 'map' && e.value.block) entries.push(...expandDynamic(e, e.value, evaluator));
    else entries.push({ ...e, value: evaluateNode(e.value, evaluator) });
  }
  return { ...body, entries };
}

/**
 * `dynamic "ingress" { for_each = ...; iterator = x; content { ... } }` → one `ingress` block per
 * element, at the `content` block's position. An unknown collection keeps the dynamic block, which
 * the adapters read as "blocks of this type that cannot be known".
 */
function expandDynamic(e: PEntry, block: PMap, evaluator: Evaluator): PEntry[] {
  const type = block.labels?.[0];
  const forEach = block.entries.find((x) => x.key === 'for_each');
  const content = block.entries.find((x) => x.key === 'content' && x.value.type === 'map');
  const iteratorEntry = block.entries.find((x) => x.key === 'iterator');
  const iterator = iteratorEntry?.value.type === 'expr' && iteratorEntry.value.ast?.k === 'var' ? iteratorEntry.value.ast.name : type;
  if (!type || !forEach || !content || content.value.type !== 'map' || !iterator) return [e];
  const collection = evaluateNode(forEach.value, evaluator);
  let pairs: [Value, Value][];
  try {
    if (collection.type === 'map') pairs = sortedEntries(collection).map(([k, v]) => [scalar(k), v]);
    else pairs = asList(collection).map((v, i) => [scalar(i), v]);
  } catch {
    return [e];
  }
  if (isUnknownValue(collection) || (collection.type === 'seq' && collection.items.some(hasUnknown))) return [e];
  evaluator.budget.collection(pairs.length);
  const template = content.value;
  return pairs.map(([key, value]) => {
    const vars = new Map([[iterator, object([['key', key], ['value', value]])]]);
    const expanded = evaluator.withVariables(vars, () => evaluateBody({ ...template, block: true }, evaluator));
    return { key: type, keyRange: content.keyRange, value: { ...expanded, labels: [] } };
  });
}
