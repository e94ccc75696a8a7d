import { unknown } from '../model/resource.js';
import { child, type PMap, type PNode, type PSeq, stringValue } from '../model/tree.js';
import type { Resolver } from './fields.js';

/** The long-form keys of intrinsic functions (the parser turns short forms into these). */
const INTRINSIC_KEY = /^(Ref|Condition|Fn::.+)$/;

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

/**
 * What a template value stands for without deploying it: a `Ref` to a parameter with a literal
 * `Default` is that default (a list parameter's default split at its commas), `Ref AWS::NoValue`
 * is nothing at all, and every other intrinsic is unknown. Resolving defaults is cheap and turns
 * the common "parameterised but defaulted" template into known values.
 */
export function cfnResolver(template: PMap): Resolver {
  const parameters = child(template, 'Parameters');
  return (node) => {
    const intrinsic = intrinsicOf(node);
    if (intrinsic === undefined) return node;
    const target = stringValue(intrinsic.arg);
    if (intrinsic.fn !== 'Ref' || target === undefined) return unknown(describe(intrinsic.fn, intrinsic.arg));
    if (target === 'AWS::NoValue') return undefined;
    const parameter = child(parameters, target);
    const fallback = child(parameter, 'Default');
    if (fallback === undefined || (fallback.type === 'scalar' && fallback.value === null)) return unknown(`Ref ${target}`);
    if (fallback.type === 'scalar' && typeof fallback.value === 'string' && isListParameter(stringValue(child(parameter, 'Type')))) {
      return splitList(fallback.value, fallback.range);
    }
    return fallback.type === 'scalar' || fallback.type === 'seq' ? fallback : unknown(`Ref ${target}`);
  };
}

/** `Fn::GetAtt Key.Arn`, `Ref Param`, `Fn::If`: enough to tell a reader what the value depends on. */
function describe(fn: string, arg: PNode): string {
  const parts = arg.type === 'seq' ? arg.items.map(stringValue) : [stringValue(arg)];
  const simple = parts.every((p): p is string => p !== undefined) && (arg.type !== 'seq' || fn === 'Fn::GetAtt');
  return simple ? `${fn} ${parts.join('.')}` : fn;
}

function splitList(text: string, range: PNode['range']): PSeq {
  const items = text === '' ? [] : text.split(',').map((value) => ({ type: 'scalar' as const, value: value.trim(), range }));
  return { type: 'seq', items, range };
}
