import type { Range } from '../model/range.js';
import { isUnknown, type Unknown } from '../model/resource.js';
import { child, type PMap, type PNode, type PScalar, type PSeq, stringValue } from '../model/tree.js';
import type { Resolver } from './fields.js';

/**
 * What a CloudFormation template's values stand for before it is deployed. Parameters take their
 * `--cfn-parameter` value or their `Default`; `Conditions` are evaluated when their inputs are
 * known; `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::Base64`, `Fn::FindInMap` and `Fn::If`
 * are computed from known arguments. Everything that depends on the deployment (pseudo parameters
 * such as `AWS::Region`, resources' attributes, `Fn::ImportValue`, SSM parameter types) is unknown.
 * `Ref` and `Fn::GetAtt` to a resource of the template record that resource in the unknown
 * (`$ref`), which adapters turn into graph edges.
 */

/** An unknown that stands for (part of) another resource of the template. */
export interface CfnUnknown extends Unknown {
  /** `Key` or `Key.Arn`: the logical id referenced, and the attribute when it is a `GetAtt`. */
  $ref?: string;
}

/** A value: a literal node, an unknown, or nothing at all (`AWS::NoValue`). */
type Value = PNode | CfnUnknown | undefined;

/** The long-form keys of intrinsic functions (the parser turns short forms into these). */
const INTRINSIC_KEY = /^(Ref|Condition|Fn::.+)$/;

/** Deeper nesting than this is not evaluated (a hostile template cannot exhaust the stack). */
const MAX_DEPTH = 64;

/**
 * Evaluation steps per template, all its resources and branch-variants together: a mapping or
 * condition that refers to itself through several arguments would otherwise take exponential time.
 * Real templates need a few thousand.
 */
const MAX_STEPS = 200_000;

/** The step budget, shared by an evaluator and the variants made from it. */
interface Budget {
  steps: number;
}

/** Pseudo parameters all depend on the deployment, except `AWS::NoValue`, which removes a value. */
const NO_VALUE = 'AWS::NoValue';

/** `{Ref: x}`, `{"Fn::If": [...]}`...: a one-entry map whose key names an intrinsic function. */
export function intrinsicOf(node: PNode): { fn: string; arg: PNode } | undefined {
  if (node.type !== 'map' || node.entries.length !== 1) return undefined;
  const [only] = node.entries;
  return only && INTRINSIC_KEY.test(only.key) ? { fn: only.key, arg: only.value } : undefined;
}

/** Parameter types whose value is a comma-separated list. */
function isListParameter(type: string | undefined): boolean {
  return type === 'CommaDelimitedList' || (type?.startsWith('List<') ?? false);
}

/** `AWS::SSM::Parameter::Value<String>`: the default names an SSM parameter; its value is read at deploy time. */
function isSsmParameter(type: string | undefined): boolean {
  return type?.startsWith('AWS::SSM::Parameter::') ?? false;
}

function scalar(value: string, range: Range): PScalar {
  return { type: 'scalar', value, range };
}

function unknownOf(reason: string, ref?: string): CfnUnknown {
  return ref === undefined ? { $unknown: reason } : { $unknown: reason, $ref: ref };
}

/** The text of a scalar as CloudFormation sees it: every scalar is a string once deployed. */
function textOf(node: PNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export interface CfnTemplate {
  root: PMap;
  /** Parameter values given on the command line (`--cfn-parameter Name=Value`), over the defaults. */
  parameters: Readonly<Record<string, string>>;
}

/** Conditions assumed true or false, for one branch-variant of a resource (see `branchConditions`). */
export type Assumptions = ReadonlyMap<string, boolean>;

export class CfnEvaluator {
  private readonly parameters: PNode | undefined;
  private readonly conditions: PNode | undefined;
  private readonly mappings: PNode | undefined;
  private readonly resources: PNode | undefined;
  private readonly conditionCache = new Map<string, boolean | Unknown>();
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly assumed: Assumptions = new Map(),
    private readonly budget: Budget = { steps: 0 },
  ) {
    this.parameters = child(template.root, 'Parameters');
    this.conditions = child(template.root, 'Conditions');
    this.mappings = child(template.root, 'Mappings');
    // The bare resource maps eksctl writes have no `Resources`: their top level is the resources.
    const resources = child(template.root, 'Resources');
    this.resources = resources?.type === 'map' ? resources : template.root;
  }

  /** The same template with some conditions taken as true or false. */
  assuming(assumed: Assumptions): CfnEvaluator {
    return new CfnEvaluator(this.template, assumed, this.budget);
  }

  /** A `Resolver` for the field readers: intrinsics at the top of a node are evaluated, nested ones when read. */
  readonly resolve: Resolver = (node) => this.value(node, 0);

  /** A named condition: true, false, or unknown when it depends on something only known at deploy time. */
  condition(name: string, depth = 0): boolean | Unknown {
    const assumed = this.assumed.get(name);
    if (assumed !== undefined) return assumed;
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = child(this.conditions, name);
    if (definition === undefined || this.evaluating.has(name) || depth > MAX_DEPTH) return unknownOf(`condition ${name}`);
    this.evaluating.add(name);
    const result = this.truth(definition, depth + 1);
    this.evaluating.delete(name);
    this.conditionCache.set(name, result);
    return result;
  }

  /**
   * The conditions an `Fn::If` under `node` branches on whose value is not known, in order of
   * appearance: each combination of their values is one branch-variant of the resource.
   */
  branchConditions(node: PNode): string[] {
    const names = new Set<string>();
    const walk = (n: PNode, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      const intrinsic = intrinsicOf(n);
      if (intrinsic?.fn === 'Fn::If' && intrinsic.arg.type === 'seq') {
        const name = stringValue(intrinsic.arg.items[0]);
        if (name !== undefined && isUnknown(this.condition(name))) names.add(name);
      }
      if (n.type === 'map') n.entries.forEach((e) => walk(e.value, depth + 1));
      if (n.type === 'seq') n.items.forEach((i) => walk(i, depth + 1));
    };
    walk(node, 0);
    return [...names];
  }

  private truth(node: PNode, depth: number): boolean | Unknown {
    if (++this.budget.steps > MAX_STEPS) return unknownOf('too much to evaluate');
    const intrinsic = intrinsicOf(node);
    if (intrinsic === undefined) {
      const text = textOf(node);
      return text === 'true' ? true : text === 'false' ? false : unknownOf('not a condition');
    }
    const args = intrinsic.arg.type === 'seq' ? intrinsic.arg.items : [];
    switch (intrinsic.fn) {
      case 'Condition': {
        const name = stringValue(intrinsic.arg);
        return name === undefined ? unknownOf('Condition') : this.condition(name, depth + 1);
      }
      case 'Fn::Equals': {
        const [a, b] = args.map((arg) => this.text(arg, depth + 1));
        if (a === undefined || b === undefined || args.length !== 2) return unknownOf('Fn::Equals');
        if (isUnknown(a)) return a;
        if (isUnknown(b)) return b;
        return a === b;
      }
      case 'Fn::Not': {
        const [only] = args;
        const inner = only === undefined ? unknownOf('Fn::Not') : this.truth(only, depth + 1);
        return isUnknown(inner) ? inner : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        // Three-valued: a deciding value (false for And, true for Or) wins over unknown.
        const decides = intrinsic.fn === 'Fn::Or';
        let undecided: Unknown | undefined;
        for (const arg of args) {
          const value = this.truth(arg, depth + 1);
          if (value === decides) return decides;
          if (isUnknown(value)) undecided ??= value;
        }
        return undecided ?? !decides;
      }
      default: {
        // Conditions may also be written as `Fn::If` etc. on values; evaluate as a value.
        const text = this.text(node, depth + 1);
        if (text === undefined || isUnknown(text)) return text ?? unknownOf(intrinsic.fn);
        return text === 'true' ? true : text === 'false' ? false : unknownOf('not a condition');
      }
    }
  }

  /** What a node stands for, evaluating an intrinsic at its top (repeatedly, for `Fn::If` → `Ref`). */
  value(node: PNode, depth: number): Value {
    const intrinsic = intrinsicOf(node);
    if (intrinsic === undefined) return node;
    if (depth > MAX_DEPTH) return unknownOf('nested too deeply');
    if (++this.budget.steps > MAX_STEPS) return unknownOf('too much to evaluate');
    const { fn, arg } = intrinsic;
    const args = arg.type === 'seq' ? arg.items : [];
    switch (fn) {
      case 'Ref':
        return this.ref(stringValue(arg), node.range);
      case 'Fn::GetAtt':
        return this.getAtt(arg);
      case 'Fn::If':
        return this.fnIf(args, depth);
      case 'Fn::Sub':
        return this.sub(arg, node.range, depth);
      case 'Fn::Join':
        return this.join(args, node.range, depth);
      case 'Fn::Select':
        return this.select(args, depth);
      case 'Fn::Split':
        return this.split(args, node.range, depth);
      case 'Fn::Base64': {
        const text = this.text(arg, depth + 1);
        if (text === undefined || isUnknown(text)) return text ?? unknownOf(fn);
        return scalar(Buffer.from(text, 'utf8').toString('base64'), node.range);
      }
      case 'Fn::FindInMap':
        return this.findInMap(args, depth);
      default:
        // Fn::ImportValue (another stack's output), Fn::GetAZs, Fn::Cidr, Fn::Transform...: deploy-time values.
        return unknownOf(describe(fn, arg));
    }
  }

  /** A value that must be a string: undefined when it is absent or not a scalar. */
  private text(node: PNode, depth: number): string | CfnUnknown | undefined {
    const value = this.value(node, depth);
    if (value === undefined || isUnknown(value)) return value;
    const text = textOf(value);
    return text ?? unknownOf('not a string');
  }

  /** A value that must be a list: its items, each evaluated (an `AWS::NoValue` item is dropped). */
  private list(node: PNode, depth: number): (PNode | CfnUnknown)[] | CfnUnknown {
    const value = this.value(node, depth);
    if (value === undefined) return unknownOf('no list');
    if (isUnknown(value)) return value;
    if (value.type !== 'seq') return unknownOf('not a list');
    return value.items.flatMap((item) => {
      const v = this.value(item, depth + 1);
      return v === undefined ? [] : [v];
    });
  }

  private ref(name: string | undefined, at: Range): Value {
    if (name === undefined) return unknownOf('Ref');
    if (name === NO_VALUE) return undefined;
    if (name.startsWith('AWS::')) return unknownOf(`Ref ${name}`);
    const parameter = child(this.parameters, name);
    if (parameter !== undefined) return this.parameter(name, parameter, at);
    if (child(this.resources, name) !== undefined) return unknownOf(`Ref ${name}`, name);
    return unknownOf(`Ref ${name}`);
  }

  private parameter(name: string, parameter: PNode, at: Range): Value {
    const type = stringValue(child(parameter, 'Type'));
    if (isSsmParameter(type)) return unknownOf(`Ref ${name}: read from SSM at deploy time`);
    const given = Object.hasOwn(this.template.parameters, name) ? this.template.parameters[name] : undefined;
    // A value from the command line has no place in the template: it is located where it is used.
    const value = given !== undefined ? scalar(given, at) : child(parameter, 'Default');
    if (value === undefined || (value.type === 'scalar' && value.value === null)) return unknownOf(`Ref ${name}`);
    // A list is located where the template uses it, like every other parameter value.
    if (value.type === 'scalar' && isListParameter(type)) return splitList(String(value.value), at);
    return value.type === 'scalar' || value.type === 'seq' ? value : unknownOf(`Ref ${name}`);
  }

  private getAtt(arg: PNode): CfnUnknown {
    const parts = arg.type === 'seq' ? arg.items.map(textOf) : (textOf(arg)?.split('.') ?? []);
    const [resource, ...attribute] = parts;
    if (resource === undefined || parts.some((p) => p === undefined)) return unknownOf('Fn::GetAtt');
    const path = [resource, ...attribute].join('.');
    return unknownOf(`Fn::GetAtt ${path}`, child(this.resources, resource) !== undefined ? path : undefined);
  }

  private fnIf(args: PNode[], depth: number): Value {
    const [conditionNode, whenTrue, whenFalse] = args;
    const name = stringValue(conditionNode);
    if (name === undefined || whenTrue === undefined || whenFalse === undefined) return unknownOf('Fn::If');
    const holds = this.condition(name);
    // Both branches are judged as variants of the resource (cloudformation.ts); here the value is open.
    if (isUnknown(holds)) return unknownOf(`Fn::If ${name}`);
    return this.value(holds ? whenTrue : whenFalse, depth + 1);
  }

  private sub(arg: PNode, at: Range, depth: number): Value {
    const [templateNode, variablesNode] = arg.type === 'seq' ? arg.items : [arg];
    const template = templateNode && textOf(templateNode);
    if (template === undefined) return unknownOf('Fn::Sub');
    let open: CfnUnknown | undefined;
    const result = template.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      const variable = child(variablesNode, name);
      const value: Value = variable !== undefined ? this.value(variable, depth + 1) : name.includes('.') ? this.getAtt(scalar(name, at)) : this.ref(name, at);
      const text = value === undefined || isUnknown(value) ? value : (textOf(value) ?? unknownOf('not a string'));
      if (text === undefined || isUnknown(text)) {
        open ??= text ?? unknownOf(whole);
        return whole;
      }
      return text;
    });
    return open ? unknownOf(`Fn::Sub ${template}`, open.$ref) : scalar(result, at);
  }

  /** The `[text, list]` arguments of `Fn::Join` and `Fn::Select`, or the unknown that stops them. */
  private textAndList(fn: string, args: PNode[], depth: number): { text: string; items: (PNode | CfnUnknown)[] } | CfnUnknown {
    const [textNode, listNode] = args;
    if (textNode === undefined || listNode === undefined) return unknownOf(fn);
    const text = this.text(textNode, depth + 1);
    if (text === undefined || isUnknown(text)) return text ?? unknownOf(fn);
    const items = this.list(listNode, depth + 1);
    return isUnknown(items) ? unknownOf(fn, items.$ref) : { text, items };
  }

  private join(args: PNode[], at: Range, depth: number): Value {
    const parts = this.textAndList('Fn::Join', args, depth);
    if (isUnknown(parts)) return parts;
    const texts: string[] = [];
    for (const item of parts.items) {
      const text = isUnknown(item) ? item : (textOf(item) ?? unknownOf('not a string'));
      if (isUnknown(text)) return unknownOf('Fn::Join', text.$ref);
      texts.push(text);
    }
    return scalar(texts.join(parts.text), at);
  }

  private select(args: PNode[], depth: number): Value {
    const parts = this.textAndList('Fn::Select', args, depth);
    if (isUnknown(parts)) return parts;
    if (!/^\d+$/.test(parts.text)) return unknownOf('Fn::Select');
    return parts.items[Number(parts.text)] ?? unknownOf('Fn::Select: index out of range');
  }

  private split(args: PNode[], at: Range, depth: number): Value {
    const [delimiterNode, sourceNode] = args;
    if (delimiterNode === undefined || sourceNode === undefined) return unknownOf('Fn::Split');
    const delimiter = this.text(delimiterNode, depth + 1);
    const source = this.text(sourceNode, depth + 1);
    if (delimiter === undefined || isUnknown(delimiter)) return delimiter ?? unknownOf('Fn::Split');
    if (source === undefined || isUnknown(source)) return unknownOf('Fn::Split', source?.$ref);
    if (delimiter === '') return unknownOf('Fn::Split with an empty delimiter');
    return { type: 'seq', items: source.split(delimiter).map((part) => scalar(part, at)), range: at };
  }

  private findInMap(args: PNode[], depth: number): Value {
    const keys = args.slice(0, 3).map((arg) => this.text(arg, depth + 1));
    if (keys.length !== 3) return unknownOf('Fn::FindInMap');
    for (const key of keys) if (key === undefined || isUnknown(key)) return key ?? unknownOf('Fn::FindInMap');
    const [map, top, second] = keys as string[];
    const found = child(child(child(this.mappings, map!), top!), second!);
    if (found !== undefined) return this.value(found, depth + 1);
    // AWS::LanguageExtensions' fourth argument: {DefaultValue: ...}.
    const fallback = child(args[3], 'DefaultValue');
    return fallback !== undefined ? this.value(fallback, depth + 1) : unknownOf(`Fn::FindInMap ${map}.${top}.${second}: no such entry`);
  }
}

/** `Fn::GetAtt Key.Arn`, `Ref Param`, `Fn::ImportValue`: enough to tell a reader what the value depends on. */
function describe(fn: string, arg: PNode): string {
  const parts = arg.type === 'seq' ? arg.items.map(stringValue) : [stringValue(arg)];
  const simple = parts.every((p): p is string => p !== undefined) && arg.type !== 'seq';
  return simple ? `${fn} ${parts.join('.')}` : fn;
}

function splitList(text: string, range: Range): PSeq {
  const items = text === '' ? [] : text.split(',').map((value) => scalar(value.trim(), range));
  return { type: 'seq', items, range };
}

/** Every combination of true/false for `names`, the first all true. */
export function assignments(names: readonly string[]): Map<string, boolean>[] {
  let result: Map<string, boolean>[] = [new Map<string, boolean>()];
  for (const name of names) result = result.flatMap((a) => [new Map<string, boolean>([...a, [name, true]]), new Map<string, boolean>([...a, [name, false]])]);
  return result;
}
