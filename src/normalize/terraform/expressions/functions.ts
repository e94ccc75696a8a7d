/**
 * Terraform's built-in functions that real EKS code uses, on statically known values. A function
 * that is not here (or depends on the outside world: `file`, `timestamp`, `uuid`) is unknown, never
 * an error. Each function states how it treats unknowns: most need every argument fully known;
 * the structural ones (concat, merge, length, ...) carry unknown elements through.
 */
import { Buffer } from 'node:buffer';
import { parse as parseYaml } from 'yaml';
import type { Budget } from './budget.js';
import { cidrSubnet, cidrHost } from './cidr.js';
import {
  asList,
  asNumber,
  asObject,
  asString,
  attribute,
  EvalError,
  fromJson,
  hasUnknown,
  isNull,
  isUnknownValue,
  list,
  object,
  sameValue,
  scalar,
  sortedEntries,
  toJson,
  unknownValue,
  type Value,
} from './values.js';

/** What functions may need from outside the expression (templatefile). */
export interface FunctionContext {
  /** Renders a template file inside the scanned tree, or undefined when that is not possible. */
  templatefile?(path: string, vars: Value): Value | undefined;
}

type Fn = (args: Value[], ctx: FunctionContext, budget: Budget) => Value;

interface FunctionSpec {
  fn: Fn;
  /** Takes values with unknown parts and handles them itself; otherwise any unknown gives unknown. */
  partial?: boolean;
}

function arity(args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new EvalError('wrong number of arguments');
}

function str(fn: (s: string, ...rest: string[]) => string, n = 1): FunctionSpec {
  return {
    fn: (args, _ctx, budget) => {
      arity(args, n);
      const [first, ...rest] = args.map((a) => asString(a));
      return scalar(budget.string(fn(first ?? '', ...rest)));
    },
  };
}

function wholeUnknown(args: Value[]): Value | undefined {
  return args.find(isUnknownValue);
}

/** `${...}` of the Go fmt verbs Terraform's format supports, for known scalar arguments. */
function format(spec: string, args: Value[]): string {
  let next = 0;
  return spec.replace(/%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([%vsdtfqeEgGxXob])/g, (_m, explicit: string | undefined, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (explicit) next = Number(explicit) - 1;
    const arg = args[next++];
    if (arg === undefined) throw new EvalError('too few arguments for format');
    let out: string;
    switch (verb) {
      case 'd':
        out = Math.trunc(asNumber(arg)).toFixed(0);
        break;
      case 'f':
        out = asNumber(arg).toFixed(precision ? Number(precision) : 6);
        break;
      case 'q':
        out = JSON.stringify(asString(arg));
        break;
      case 't':
        out = String(arg.type === 'scalar' && typeof arg.value === 'boolean' ? arg.value : asString(arg) === 'true');
        break;
      case 'x':
        out = Math.trunc(asNumber(arg)).toString(16);
        break;
      case 'X':
        out = Math.trunc(asNumber(arg)).toString(16).toUpperCase();
        break;
      case 'o':
        out = Math.trunc(asNumber(arg)).toString(8);
        break;
      case 'b':
        out = Math.trunc(asNumber(arg)).toString(2);
        break;
      case 'v':
        out = arg.type === 'scalar' ? asString(arg) : JSON.stringify(toJson(arg));
        break;
      case 's':
        out = asString(arg);
        break;
      default:
        throw new EvalError(`format verb %${verb} is not supported`);
    }
    if (width && out.length < Number(width)) out = flags.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flags.includes('0') ? '0' : ' ');
    return out;
  });
}

/** Terraform's `replace`: a `/regex/` pattern is not modelled (RE2 differs from JS): unknown. */
function replace(s: string, search: string, replacement: string): string | undefined {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) return undefined;
  return s.split(search).join(replacement);
}

function flatten(items: Value[], budget: Budget, out: Value[] = []): Value[] | undefined {
  for (const item of items) {
    budget.step();
    if (isUnknownValue(item)) return undefined;
    if (item.type === 'seq') {
      if (!flatten(item.items, budget, out)) return undefined;
    } else out.push(item);
  }
  budget.collection(out.length);
  return out;
}

function distinct(items: Value[], budget: Budget): Value[] {
  const out: Value[] = [];
  budget.step(items.length * Math.max(1, Math.min(items.length, 100)));
  for (const item of items) if (!out.some((o) => sameValue(o, item))) out.push(item);
  return out;
}

/** A set of known strings, numbers or bools: distinct and, as Terraform orders them, sorted. */
function toSet(items: Value[], budget: Budget): Value {
  if (items.some(hasUnknown)) return unknownValue('set of unknown values');
  const unique = distinct(items, budget);
  if (unique.every((i) => i.type === 'scalar' && typeof i.value === 'string')) {
    unique.sort((a, b) => {
      const x = asString(a);
      const y = asString(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }
  return list(unique);
}

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  concat: {
    partial: true,
    fn: (args, _ctx, budget) => {
      if (wholeUnknown(args)) return unknownValue('concat of an unknown list');
      const items = args.flatMap((a) => asList(a));
      budget.collection(items.length);
      return list(items);
    },
  },
  merge: {
    partial: true,
    fn: (args, _ctx, budget) => {
      if (wholeUnknown(args)) return unknownValue('merge of an unknown map');
      const merged = new Map<string, Value>();
      for (const a of args) {
        if (isNull(a)) continue;
        for (const [k, v] of sortedEntries(asObject(a))) merged.set(k, v);
      }
      budget.collection(merged.size);
      return object([...merged.entries()]);
    },
  },
  lookup: {
    partial: true,
    fn: (args) => {
      arity(args, 2, 3);
      const [map, key, fallback] = args as [Value, Value, Value | undefined];
      if (isUnknownValue(map) || hasUnknown(key)) return unknownValue('lookup in an unknown map');
      const found = attribute(asObject(map), asString(key));
      if (found !== undefined) return found;
      if (fallback === undefined) throw new EvalError('lookup: no such key');
      return fallback;
    },
  },
  coalesce: {
    partial: true,
    fn: (args) => {
      for (const a of args) {
        if (isUnknownValue(a)) return unknownValue('coalesce of an unknown value');
        if (!isNull(a) && !(a.type === 'scalar' && a.value === '')) return a;
      }
      throw new EvalError('coalesce: no non-null argument');
    },
  },
  coalescelist: {
    partial: true,
    fn: (args) => {
      for (const a of args) {
        if (isUnknownValue(a)) return unknownValue('coalescelist of an unknown list');
        if (asList(a).length > 0) return a;
      }
      throw new EvalError('coalescelist: no non-empty list');
    },
  },
  contains: {
    partial: true,
    fn: (args) => {
      arity(args, 2);
      const [coll, value] = args as [Value, Value];
      if (isUnknownValue(coll) || hasUnknown(value)) return unknownValue('contains on an unknown value');
      const items = asList(coll);
      if (items.some((i) => !hasUnknown(i) && sameValue(i, value))) return scalar(true);
      return items.some(hasUnknown) ? unknownValue('contains on a list with unknown items') : scalar(false);
    },
  },
  length: {
    partial: true,
    fn: (args) => {
      arity(args, 1);
      const [v] = args as [Value];
      if (isUnknownValue(v)) return unknownValue('length of an unknown value');
      if (v.type === 'seq') return scalar(v.items.length);
      if (v.type === 'map') return scalar(sortedEntries(v).length);
      return scalar([...asString(v)].length);
    },
  },
  element: {
    partial: true,
    fn: (args) => {
      arity(args, 2);
      const [coll, index] = args as [Value, Value];
      if (isUnknownValue(coll) || hasUnknown(index)) return unknownValue('element of an unknown list');
      const items = asList(coll);
      const i = Math.trunc(asNumber(index));
      if (items.length === 0 || i < 0) throw new EvalError('element: empty list or negative index');
      return items[i % items.length]!;
    },
  },
  one: {
    partial: true,
    fn: (args) => {
      arity(args, 1);
      const [v] = args as [Value];
      if (isUnknownValue(v)) return v;
      const items = asList(v);
      if (items.length > 1) throw new EvalError('one: more than one element');
      return items[0] ?? scalar(null);
    },
  },
  slice: {
    partial: true,
    fn: (args) => {
      arity(args, 3);
      const [coll, from, to] = args as [Value, Value, Value];
      if (isUnknownValue(coll) || hasUnknown(from) || hasUnknown(to)) return unknownValue('slice of an unknown list');
      const items = asList(coll);
      const a = asNumber(from);
      const b = asNumber(to);
      if (a < 0 || b > items.length || a > b) throw new EvalError('slice out of range');
      return list(items.slice(a, b));
    },
  },
  tolist: { partial: true, fn: (args) => (arity(args, 1), isUnknownValue(args[0]!) ? args[0] : list(asList(args[0]!))) },
  toset: { partial: true, fn: (args, _ctx, budget) => (arity(args, 1), isUnknownValue(args[0]!) ? args[0] : toSet(asList(args[0]!), budget)) },
  tomap: { partial: true, fn: (args) => (arity(args, 1), isUnknownValue(args[0]!) ? args[0] : asObject(args[0]!)) },
  flatten: {
    partial: true,
    fn: (args, _ctx, budget) => {
      arity(args, 1);
      if (isUnknownValue(args[0]!)) return args[0];
      const flat = flatten(asList(args[0]!), budget);
      return flat ? list(flat) : unknownValue('flatten of a list with unknown items');
    },
  },
  distinct: { fn: (args, _ctx, budget) => (arity(args, 1), list(distinct(asList(args[0]!), budget))) },
  compact: {
    fn: (args) => {
      arity(args, 1);
      return list(asList(args[0]!).filter((i) => !isNull(i) && asString(i) !== ''));
    },
  },
  keys: {
    partial: true,
    fn: (args) => (arity(args, 1), isUnknownValue(args[0]!) ? args[0] : list(sortedEntries(asObject(args[0]!)).map(([k]) => scalar(k)))),
  },
  values: {
    partial: true,
    fn: (args) => (arity(args, 1), isUnknownValue(args[0]!) ? args[0] : list(sortedEntries(asObject(args[0]!)).map(([, v]) => v))),
  },
  zipmap: {
    partial: true,
    fn: (args, _ctx, budget) => {
      arity(args, 2);
      const [ks, vs] = args as [Value, Value];
      if (hasUnknown(ks) || isUnknownValue(vs)) return unknownValue('zipmap of unknown lists');
      const keys = asList(ks);
      const values = asList(vs);
      if (keys.length !== values.length) throw new EvalError('zipmap: lists of different lengths');
      budget.collection(keys.length);
      return object(keys.map((k, i) => [asString(k), values[i]!]));
    },
  },
  range: {
    fn: (args, _ctx, budget) => {
      arity(args, 1, 3);
      const n = args.map((a) => asNumber(a));
      const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[1]! >= n[0]! ? 1 : -1)];
      if (step === 0) throw new EvalError('range: step of zero');
      const count = Math.max(0, Math.ceil((end - start) / step));
      budget.collection(count);
      return list(Array.from({ length: count }, (_, i) => scalar(start + i * step)));
    },
  },
  format: { fn: (args, _ctx, budget) => (arity(args, 1, 100), scalar(budget.string(format(asString(args[0]!), args.slice(1))))) },
  formatlist: {
    fn: (args, _ctx, budget) => {
      arity(args, 1, 100);
      const [spec, ...rest] = args as [Value, ...Value[]];
      const lengths = rest.filter((a) => a.type === 'seq').map((a) => asList(a).length);
      const n = lengths[0] ?? 1;
      if (lengths.some((l) => l !== n)) throw new EvalError('formatlist: lists of different lengths');
      budget.collection(n);
      return list(Array.from({ length: n }, (_, i) => scalar(format(asString(spec), rest.map((a) => (a.type === 'seq' ? a.items[i]! : a))))));
    },
  },
  join: {
    fn: (args, _ctx, budget) => {
      arity(args, 2, 100);
      const [sep, ...lists] = args as [Value, ...Value[]];
      return scalar(budget.string(lists.flatMap((l) => asList(l).map((i) => asString(i))).join(asString(sep))));
    },
  },
  split: {
    fn: (args, _ctx, budget) => {
      arity(args, 2);
      const parts = asString(args[1]!).split(asString(args[0]!));
      budget.collection(parts.length);
      return list(parts.map((p) => scalar(p)));
    },
  },
  replace: {
    fn: (args, _ctx, budget) => {
      arity(args, 3);
      const out = replace(asString(args[0]!), asString(args[1]!), asString(args[2]!));
      return out === undefined ? unknownValue('replace with a regular expression') : scalar(budget.string(out));
    },
  },
  lower: str((s) => s.toLowerCase()),
  upper: str((s) => s.toUpperCase()),
  trimspace: str((s) => s.trim()),
  trimprefix: str((s, p = '') => (s.startsWith(p) ? s.slice(p.length) : s), 2),
  trimsuffix: str((s, p = '') => (p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s), 2),
  substr: {
    fn: (args) => {
      arity(args, 3);
      const chars = [...asString(args[0]!)];
      const offset = asNumber(args[1]!);
      const length = asNumber(args[2]!);
      const start = offset < 0 ? chars.length + offset : offset;
      return scalar(chars.slice(start, length < 0 ? undefined : start + length).join(''));
    },
  },
  startswith: { fn: (args) => (arity(args, 2), scalar(asString(args[0]!).startsWith(asString(args[1]!)))) },
  endswith: { fn: (args) => (arity(args, 2), scalar(asString(args[0]!).endsWith(asString(args[1]!)))) },
  basename: str((s) => s.slice(s.lastIndexOf('/') + 1)),
  tostring: { fn: (args) => (arity(args, 1), isNull(args[0]!) ? args[0]! : scalar(asString(args[0]!))) },
  tonumber: { fn: (args) => (arity(args, 1), isNull(args[0]!) ? args[0]! : scalar(asNumber(args[0]!))) },
  tobool: {
    fn: (args) => {
      arity(args, 1);
      const [v] = args as [Value];
      if (isNull(v)) return v;
      const s = asString(v);
      if (s !== 'true' && s !== 'false') throw new EvalError('not a bool');
      return scalar(s === 'true');
    },
  },
  min: { fn: (args) => (arity(args, 1, 1000), scalar(Math.min(...args.map((a) => asNumber(a))))) },
  max: { fn: (args) => (arity(args, 1, 1000), scalar(Math.max(...args.map((a) => asNumber(a))))) },
  nonsensitive: { partial: true, fn: (args) => (arity(args, 1), args[0]!) },
  sensitive: { partial: true, fn: (args) => (arity(args, 1), args[0]!) },
  jsonencode: { fn: (args, _ctx, budget) => (arity(args, 1), scalar(budget.string(JSON.stringify(toJson(args[0]!))))) },
  jsondecode: {
    fn: (args, _ctx, budget) => {
      arity(args, 1);
      const text = asString(args[0]!);
      budget.step(text.length >> 6);
      try {
        return fromJson(JSON.parse(text));
      } catch {
        throw new EvalError('jsondecode: invalid JSON');
      }
    },
  },
  yamldecode: {
    fn: (args, _ctx, budget) => {
      arity(args, 1);
      const text = asString(args[0]!);
      budget.step(text.length >> 6);
      try {
        // Bounded like scanned YAML: no alias expansion bombs.
        return fromJson(parseYaml(text, { maxAliasCount: 100, logLevel: 'silent' }) as unknown);
      } catch {
        throw new EvalError('yamldecode: invalid YAML');
      }
    },
  },
  base64encode: str((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: str((s) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new EvalError('base64decode: invalid base64');
    return Buffer.from(s, 'base64').toString('utf8');
  }),
  cidrsubnet: {
    fn: (args) => {
      arity(args, 3);
      const out = cidrSubnet(asString(args[0]!), asNumber(args[1]!), asNumber(args[2]!));
      if (out === undefined) throw new EvalError('cidrsubnet: invalid arguments');
      return scalar(out);
    },
  },
  cidrhost: {
    fn: (args) => {
      arity(args, 2);
      const out = cidrHost(asString(args[0]!), asNumber(args[1]!));
      if (out === undefined) throw new EvalError('cidrhost: invalid arguments');
      return scalar(out);
    },
  },
  templatefile: {
    fn: (args, ctx) => {
      arity(args, 2);
      return ctx.templatefile?.(asString(args[0]!), args[1]!) ?? unknownValue('templatefile outside the scanned files');
    },
  },
};

/** Names of the functions evaluated statically (documentation and tests). */
export const SUPPORTED_FUNCTIONS: readonly string[] = ['try', 'can', ...Object.keys(FUNCTIONS)].sort();

export function callFunction(name: string, args: Value[], ctx: FunctionContext, budget: Budget): Value {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!spec) return unknownValue(`${name}() is not evaluated`);
  if (!spec.partial && args.some(hasUnknown)) return unknownValue(`${name}() of an unknown value`);
  budget.step(args.length);
  return spec.fn(args, ctx, budget);
}
