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
  const pieces: LocatedText[] = [];
  let last = 0;
  for (const match of template.value.matchAll(/\$\{([^}]*)\}/g)) {
    const start = match.index ?? 0;
    pieces.push(written.slice(last, start));
    last = start + match[0].length;
    const name = match[1] ?? '';
    if (name.startsWith('!')) {
      pieces.push(LocatedText.unplaced('${' + name.slice(1) + '}', context.at));
      continue;
    }
    const variable = child(variables, name);
    const value: PNode = variable ?? (name.includes('.') ? { type: 'map', entries: [{ key: 'Fn::GetAtt', keyRange: template.range, value: scalarNode(name, template) }], range: template.range } : refNode(name, template));
    pieces.push(variable !== undefined ? (textOf(value, context, depth + 1) ?? LocatedText.hole(1, context.at)) : resolved(value, context));
  }
  pieces.push(written.slice(last, template.value.length));
  return LocatedText.concat(pieces, context.at);
}

/** `Fn::Join: [delimiter, [parts]]`. */
function join(arg: PNode, context: Context, depth: number): LocatedText | undefined {
  if (arg.type !== 'seq') return undefined;
  const [delimiterNode, listNode] = arg.items;
  const delimiter = delimiterNode?.type === 'scalar' && delimiterNode.value !== null ? String(delimiterNode.value) : undefined;
  if (delimiter === undefined || listNode === undefined) return undefined;
  if (listNode.type !== 'seq') return resolved(listNode, context);
  const pieces: LocatedText[] = [];
  listNode.items.forEach((item, i) => {
    if (i > 0) pieces.push(LocatedText.unplaced(delimiter, context.at));
    pieces.push(textOf(item, context, depth + 1) ?? LocatedText.hole(1, context.at));
  });
  return LocatedText.concat(pieces, context.at);
}

function scalarNode(value: string, near: PNode): PScalar {
  return { type: 'scalar', value, range: near.range };
}

function refNode(name: string, near: PNode): PNode {
  return { type: 'map', entries: [{ key: 'Ref', keyRange: near.range, value: scalarNode(name, near) }], range: near.range };
}

