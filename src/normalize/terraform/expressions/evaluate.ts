/**
 * Evaluates HCL expression syntax (`HclExpr`) to values, as far as they are static. Whatever
 * depends on something unknown — a variable without a value, a computed resource attribute, an
 * unsupported function — is unknown; a definite error (a missing key, a wrong type) is an
 * `EvalError`, which `try` and `can` catch and which is unknown everywhere else.
 */
import type { HclExpr, SplatStep, TemplatePart } from '../../../model/hcl-expr.js';
import type { Budget } from './budget.js';
import { callFunction, type FunctionContext } from './functions.js';
import {
  asBool,
  asNumber,
  asString,
  attribute,
  BudgetExceeded,
  EvalError,
  hasUnknown,
  isNull,
  isUnknownValue,
  list,
  object,
  sameValue,
  scalar,
  sortedEntries,
  unknownValue,
  type Value,
} from './values.js';

/** One step of a traversal after its root: an attribute name or an evaluated index. */
export type Step = { attr: string } | { index: Value };

/** Where the names of an expression come from: `var`, `local`, `each`, resources, modules... */
export interface Scope {
  /**
   * The value of `root` followed by `steps`, or undefined when the root is not known here. A scope
   * may consume steps itself (a resource's attribute) and apply the rest with `applySteps`.
   */
  lookup(root: string, steps: Step[], evaluator: Evaluator): Value | undefined;
}

export class Evaluator {
  /** Variables of enclosing `for` expressions and template `for` directives, innermost last. */
  private readonly frames: Map<string, Value>[] = [];

  constructor(
    readonly budget: Budget,
    private readonly scope: Scope,
    private readonly functions: FunctionContext,
  ) {}

  /** The value of `ast`, never throwing: errors and spent budgets are unknown. */
  evaluate(ast: HclExpr, why: string): Value {
    try {
      return this.compute(ast);
    } catch (error) {
      if (error instanceof EvalError || error instanceof BudgetExceeded) return unknownValue(why);
      throw error;
    }
  }

  /** Like `evaluate`, with extra variables (`each`, `count`) in scope. */
  withVariables<T>(vars: Map<string, Value>, f: () => T): T {
    this.frames.push(vars);
    try {
      return f();
    } finally {
      this.frames.pop();
    }
  }

  compute(ast: HclExpr): Value {
    this.budget.step();
    return this.budget.nested(() => this.evalNode(ast));
  }

  private evalNode(ast: HclExpr): Value {
    switch (ast.k) {
      case 'lit':
        return scalar(ast.v);
      case 'tpl':
        return this.template(ast.parts);
      case 'tuple': {
        this.budget.collection(ast.items.length);
        return list(ast.items.map((i) => this.compute(i)));
      }
      case 'object':
        return this.objectConstructor(ast.items);
      case 'var':
      case 'attr':
      case 'index':
        return this.traversal(ast);
      case 'splat':
        return this.splat(this.compute(ast.of), ast.steps);
      case 'call':
        return this.call(ast);
      case 'cond':
        return this.conditional(ast.test, ast.then, ast.else);
      case 'unary':
        return this.unary(ast.op, this.compute(ast.x));
      case 'binary':
        return this.binary(ast.op, ast.l, ast.r);
      case 'for':
        return this.forExpression(ast);
      case 'opaque':
        return unknownValue('expression not evaluated');
    }
  }

  private objectConstructor(items: { key: HclExpr; value: HclExpr }[]): Value {
    this.budget.collection(items.length);
    const entries: [string, Value][] = [];
    for (const item of items) {
      const key = this.compute(item.key);
      // An unknown key makes the whole object's shape unknown.
      if (hasUnknown(key)) return unknownValue('object key is not known');
      entries.push([asString(key, 'object key'), this.compute(item.value)]);
    }
    // A later duplicate key wins, as in Terraform.
    const byKey = new Map(entries);
    return object([...byKey.entries()]);
  }

  /** `root.a["b"][0]`: steps are evaluated first, then the scope resolves the whole chain. */
  private traversal(ast: HclExpr): Value {
    const steps: Step[] = [];
    let node = ast;
    while (node.k === 'attr' || node.k === 'index') {
      steps.unshift(node.k === 'attr' ? { attr: node.name } : { index: this.compute(node.key) });
      node = node.of;
    }
    if (node.k !== 'var') return applySteps(this.compute(node), steps);
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const bound = this.frames[i]!.get(node.name);
      if (bound !== undefined) return applySteps(bound, steps);
    }
    return this.scope.lookup(node.name, steps, this) ?? unknownValue(`${node.name} is not known statically`);
  }

  private splat(of: Value, steps: SplatStep[]): Value {
    if (isUnknownValue(of)) return of;
    const evaluated: Step[] = steps.map((s) => ('attr' in s ? s : { index: this.compute(s.index) }));
    // A splat on a single value wraps it in a list; on null it gives an empty list.
    const items = of.type === 'seq' ? of.items : isNull(of) ? [] : [of];
    this.budget.collection(items.length);
    return list(items.map((item) => applySteps(item, evaluated)));
  }

  private call(ast: Extract<HclExpr, { k: 'call' }>): Value {
    // try and can look at errors, so they take their arguments unevaluated.
    if (ast.name === 'try') {
      for (const arg of ast.args) {
        try {
          const value = this.compute(arg);
          // An unknown argument might still fail later: try cannot choose past it.
          return value;
        } catch (error) {
          if (!(error instanceof EvalError)) throw error;
        }
      }
      throw new EvalError('no argument of try succeeded');
    }
    if (ast.name === 'can') {
      const [arg] = ast.args;
      if (!arg) throw new EvalError('can takes one argument');
      try {
        const value = this.compute(arg);
        return hasUnknown(value) ? unknownValue('can of an unknown value') : scalar(true);
      } catch (error) {
        if (!(error instanceof EvalError)) throw error;
        return scalar(false);
      }
    }
    let args = ast.args.map((a) => this.compute(a));
    if (ast.expand) {
      const last = args.pop();
      if (!last) throw new EvalError('nothing to expand');
      if (isUnknownValue(last)) return unknownValue(`${ast.name}(...) of an unknown list`);
      if (last.type !== 'seq') throw new EvalError('only a list can be expanded');
      args = [...args, ...last.items];
    }
    return callFunction(ast.name, args, this.functions, this.budget);
  }

  private conditional(test: HclExpr, then: HclExpr, otherwise: HclExpr): Value {
    const condition = this.compute(test);
    if (!isUnknownValue(condition)) return asBool(condition, 'condition') ? this.compute(then) : this.compute(otherwise);
    // Unknown condition: known only when both branches give the same known value.
    const a = this.evaluateOrUnknown(then);
    const b = this.evaluateOrUnknown(otherwise);
    return !hasUnknown(a) && sameValue(a, b) ? a : unknownValue('condition is not known statically');
  }

  private evaluateOrUnknown(ast: HclExpr): Value {
    try {
      return this.compute(ast);
    } catch (error) {
      if (error instanceof EvalError) return unknownValue('error');
      throw error;
    }
  }

  private unary(op: string, x: Value): Value {
    if (isUnknownValue(x)) return x;
    if (op === '!') return scalar(!asBool(x));
    if (op === '-') return scalar(-asNumber(x));
    throw new EvalError(`unknown operator ${op}`);
  }

  private binary(op: string, l: HclExpr, r: HclExpr): Value {
    const a = this.compute(l);
    const b = this.compute(r);
    if (op === '&&' || op === '||') return logical(op, a, b);
    if (op === '==' || op === '!=') {
      if (hasUnknown(a) || hasUnknown(b)) return unknownValue('comparison of an unknown value');
      const equal = sameValue(a, b);
      return scalar(op === '==' ? equal : !equal);
    }
    if (isUnknownValue(a)) return a;
    if (isUnknownValue(b)) return b;
    const x = asNumber(a);
    const y = asNumber(b);
    switch (op) {
      case '+':
        return scalar(x + y);
      case '-':
        return scalar(x - y);
      case '*':
        return scalar(x * y);
      case '/':
        if (y === 0) throw new EvalError('division by zero');
        return scalar(x / y);
      case '%':
        if (y === 0) throw new EvalError('division by zero');
        return scalar(x % y);
      case '<':
        return scalar(x < y);
      case '>':
        return scalar(x > y);
      case '<=':
        return scalar(x <= y);
      case '>=':
        return scalar(x >= y);
      default:
        throw new EvalError(`unknown operator ${op}`);
    }
  }

  /** The (key, value) pairs a `for` iterates: list index and element, or object key and value. */
  private iteration(coll: Value): [Value, Value][] {
    if (coll.type === 'seq') return coll.items.map((item, i) => [scalar(i), item]);
    if (coll.type === 'map') return sortedEntries(coll).map(([k, v]) => [scalar(k), v]);
    throw new EvalError('for needs a collection');
  }

  private forExpression(ast: Extract<HclExpr, { k: 'for' }>): Value {
    const coll = this.compute(ast.coll);
    if (isUnknownValue(coll)) return unknownValue('for over an unknown collection');
    const pairs = this.iteration(coll);
    this.budget.collection(pairs.length);
    const items: Value[] = [];
    const grouped = new Map<string, Value[]>();
    const byKey = new Map<string, Value>();
    for (const [k, v] of pairs) {
      const vars = new Map<string, Value>([[ast.valVar, v]]);
      if (ast.keyVar) vars.set(ast.keyVar, k);
      const done = this.withVariables(vars, () => {
        if (ast.cond) {
          const keep = this.compute(ast.cond);
          // An unknown filter makes the result's length unknown.
          if (isUnknownValue(keep)) return false;
          if (!asBool(keep, 'for condition')) return true;
        }
        const value = this.compute(ast.value);
        if (!ast.key) {
          items.push(value);
          return true;
        }
        const key = this.compute(ast.key);
        if (hasUnknown(key)) return false;
        const name = asString(key, 'for key');
        if (ast.group) grouped.set(name, [...(grouped.get(name) ?? []), value]);
        else if (byKey.has(name)) throw new EvalError(`duplicate key ${name} in for expression`);
        else byKey.set(name, value);
        return true;
      });
      if (!done) return unknownValue('for expression depends on an unknown value');
    }
    if (!ast.key) return list(items);
    return ast.group ? object([...grouped.entries()].map(([k, vs]) => [k, list(vs)])) : object([...byKey.entries()]);
  }

  private template(parts: TemplatePart[]): Value {
    // `"${x}"` alone is x itself, unconverted.
    const [only] = parts;
    if (parts.length === 1 && only !== undefined && typeof only !== 'string' && only.k === 'interp') return this.compute(only.x);
    const out: string[] = [];
    for (const text of this.templateParts(parts)) {
      if (text === undefined) return unknownValue('template depends on an unknown value');
      out.push(text);
    }
    return scalar(this.budget.string(out.join('')));
  }

  /** The rendered pieces of a template; `undefined` stands for an unknown piece. */
  private templateParts(parts: TemplatePart[]): (string | undefined)[] {
    const out: (string | undefined)[] = [];
    for (const part of parts) {
      if (typeof part === 'string') {
        out.push(part);
        continue;
      }
      if (part.k === 'interp') {
        const v = this.compute(part.x);
        if (isUnknownValue(v)) out.push(undefined);
        else if (isNull(v)) throw new EvalError('null in a template');
        else out.push(asString(v, 'interpolated value'));
      } else if (part.k === 'if') {
        const test = this.compute(part.test);
        if (isUnknownValue(test)) out.push(undefined);
        else out.push(...this.templateParts(asBool(test, 'template condition') ? part.then : part.else));
      } else {
        const coll = this.compute(part.coll);
        if (isUnknownValue(coll)) {
          out.push(undefined);
          continue;
        }
        const pairs = this.iteration(coll);
        this.budget.collection(pairs.length);
        for (const [k, v] of pairs) {
          const vars = new Map<string, Value>([[part.valVar, v]]);
          if (part.keyVar) vars.set(part.keyVar, k);
          for (const piece of this.withVariables(vars, () => this.templateParts(part.body))) {
            this.budget.step();
            out.push(piece);
          }
        }
      }
    }
    return out;
  }
}

/** Three-valued logic: `false && unknown` is false whatever the unknown turns out to be. */
function logical(op: '&&' | '||', a: Value, b: Value): Value {
  const x = isUnknownValue(a) ? undefined : asBool(a);
  const y = isUnknownValue(b) ? undefined : asBool(b);
  if (op === '&&') {
    if (x === false || y === false) return scalar(false);
    return x === undefined || y === undefined ? unknownValue('logic on an unknown value') : scalar(true);
  }
  if (x === true || y === true) return scalar(true);
  return x === undefined || y === undefined ? unknownValue('logic on an unknown value') : scalar(false);
}

/** Applies attribute and index steps to a value, as Terraform does (with its number/string key conversions). */
export function applySteps(value: Value, steps: readonly Step[]): Value {
  let current = value;
  for (const step of steps) {
    if (isUnknownValue(current)) return current;
    if (isNull(current)) throw new EvalError('attribute of null');
    if ('attr' in step) {
      if (current.type !== 'map') throw new EvalError(`.${step.attr} of a value that is not an object`);
      const next = attribute(current, step.attr);
      if (next === undefined) throw new EvalError(`no attribute ${step.attr}`);
      current = next;
      continue;
    }
    const key = step.index;
    if (isUnknownValue(key)) return unknownValue('index is not known statically');
    if (current.type === 'map') {
      const next = attribute(current, asString(key, 'key'));
      if (next === undefined) throw new EvalError('no such key');
      current = next;
    } else if (current.type === 'seq') {
      const index = asNumber(key, 'index');
      const next = Number.isInteger(index) ? current.items[index] : undefined;
      if (next === undefined) throw new EvalError('index out of range');
      current = next;
    } else throw new EvalError('index of a value that is not a collection');
  }
  return current;
}
