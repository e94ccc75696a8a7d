/**
 * CloudFormation user data as located text. `Fn::Base64`, `Fn::Sub` and `Fn::Join` are read here
 * rather than through the evaluator, which gives up on the whole value as soon as one part (a
 * `${AWS::StackName}`) is a deploy-time value: the literal parts keep their places in the template,
 * a substitution whose value is known (a parameter default) is taken, and one that is not stands
 * for an unknown span. Other intrinsics go through the evaluator (`resolve`).
 */
import type { Range } from '../../model/range.js';
import { isUnknown } from '../../model/resource.js';
import { child, type PNode, type PScalar } from '../../model/tree.js';
import { intrinsicOf } from '../cfn-evaluate.js';
import type { Resolver } from '../fields.js';
import { LocatedText } from '../userdata/located-text.js';
import { MAX_USER_DATA_CHARS } from '../userdata/parts.js';
import { scalarText } from '../userdata/scalar.js';

const MAX_DEPTH = 16;

export function cloudFormationUserData(node: PNode, resolve: Resolver, at: Range, outerLines: readonly string[] | undefined): LocatedText | undefined {
  const text = textOf(node, { resolve, at, outerLines }, 0);
  return text === undefined || text.text.length > MAX_USER_DATA_CHARS ? undefined : text;
}

interface Context {
  resolve: Resolver;
  at: Range;
  outerLines: readonly string[] | undefined;
}

function textOf(node: PNode, context: Context, depth: number): LocatedText | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (node.type === 'scalar') return node.value === null ? undefined : scalarText(node, context.at, context.outerLines);
  const intrinsic = intrinsicOf(node);
  if (intrinsic?.fn === 'Fn::Base64') return textOf(intrinsic.arg, context, depth + 1);
  if (intrinsic?.fn === 'Fn::Sub') return sub(intrinsic.arg, context, depth);
  if (intrinsic?.fn === 'Fn::Join') return join(intrinsic.arg, context, depth);
  return resolved(node, context);
}

/** What the evaluator makes of a node: known text, located at the user data; else an unknown span. */
function resolved(node: PNode, context: Context): LocatedText {
  const value = context.resolve(node);
  if (value === undefined) return LocatedText.unplaced('', context.at);
  if (!isUnknown(value) && value.type === 'scalar' && value.value !== null) return LocatedText.unplaced(String(value.value), context.at);
  return LocatedText.hole(1, context.at);
}

/** `Fn::Sub: text` or `Fn::Sub: [text, {Name: value}]`. */
function sub(arg: PNode, context: Context, depth: number): LocatedText | undefined {
  const [template, variables] = arg.type === 'seq' ? arg.items : [arg];
  if (template?.type !== 'scalar' || typeof template.value !== 'string') return undefined;
  const written = scalarText(template, context.at, context.outerLines);
  const pieces = new Pieces();
  let last = 0;
  for (const match of template.value.matchAll(/\$\{([^}]*)\}/g)) {
    const start = match.index ?? 0;
    if (!pieces.push(written.slice(last, start))) return undefined;
    last = start + match[0].length;
    const name = match[1] ?? '';
    // `${!Name}` is the literal text `${Name}`.
    const variable = name.startsWith('!') ? undefined : child(variables, name);
    const piece = name.startsWith('!')
      ? LocatedText.unplaced('${' + name.slice(1) + '}', context.at)
      : variable !== undefined
        ? (textOf(variable, context, depth + 1) ?? LocatedText.hole(1, context.at))
        : resolved(intrinsic(name.includes('.') ? 'Fn::GetAtt' : 'Ref', name, template), context);
    if (!pieces.push(piece)) return undefined;
  }
  return pieces.push(written.slice(last, template.value.length)) ? pieces.joined(context.at) : undefined;
}

/** `Fn::Join: [delimiter, [parts]]`. */
function join(arg: PNode, context: Context, depth: number): LocatedText | undefined {
  if (arg.type !== 'seq') return undefined;
  const [delimiterNode, listNode] = arg.items;
  const delimiter = delimiterNode?.type === 'scalar' && delimiterNode.value !== null ? String(delimiterNode.value) : undefined;
  if (delimiter === undefined || listNode === undefined) return undefined;
  if (listNode.type !== 'seq') return resolved(listNode, context);
  const pieces = new Pieces();
  for (const [i, item] of listNode.items.entries()) {
    if (i > 0 && !pieces.push(LocatedText.unplaced(delimiter, context.at))) return undefined;
    if (!pieces.push(textOf(item, context, depth + 1) ?? LocatedText.hole(1, context.at))) return undefined;
  }
  return pieces.joined(context.at);
}

/**
 * The pieces of a text being built, refused past what user data may hold: a template that
 * substitutes one long parameter many times cannot make eks-lint build text far larger than it.
 */
class Pieces {
  private readonly pieces: LocatedText[] = [];
  private length = 0;

  /** False once the text is too long to be user data. */
  push(piece: LocatedText): boolean {
    this.length += piece.text.length;
    if (this.length > MAX_USER_DATA_CHARS) return false;
    this.pieces.push(piece);
    return true;
  }

  joined(at: Range): LocatedText {
    return LocatedText.concat(this.pieces, at);
  }
}

/** `{Ref: name}` / `{Fn::GetAtt: "A.B"}`, what `${name}` stands for in `Fn::Sub`, for the evaluator. */
function intrinsic(fn: 'Ref' | 'Fn::GetAtt', name: string, near: PNode): PNode {
  const value: PScalar = { type: 'scalar', value: name, range: near.range };
  return { type: 'map', entries: [{ key: fn, keyRange: near.range, value }], range: near.range };
}

