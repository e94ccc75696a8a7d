/**
 * Terraform resource bodies read through the format-neutral field helpers (`../fields.ts`), so that
 * AWS adapters shared with CloudFormation read both formats the same way.
 */
import type { Range } from '../../model/range.js';
import { unknown } from '../../model/resource.js';
import { entryRange } from '../plain.js';
import type { Resolver, Section } from '../fields.js';
import { nestedBlocks } from './blocks.js';

/**
 * What an evaluated Terraform value stands for: `x = null` is the same as leaving `x` out, and an
 * expression that evaluation could not reduce is unknown.
 */
export const terraformValue: Resolver = (node) => {
  if (node.type === 'scalar' && node.value === null) return undefined;
  return node.type === 'expr' ? unknown(node.text) : node;
};

/**
 * A nested block as a section: the first literal `type { }` block; unknown when it is generated
 * by a `dynamic` block or given as an expression; absent (defaults pointing at `parentAt`) otherwise.
 */
export function blockSection(body: Section, type: string, parentAt: Range = body.at): Section {
  if (body.unknown) return { unknown: body.unknown, at: body.at, written: false };
  const nested = nestedBlocks(body.map, type);
  const [first] = nested.blocks;
  if (first) return { map: first.body, at: entryRange(first.entry), written: true };
  if (nested.opaque) return { unknown: unknown(nested.opaque.reason), at: nested.opaque.range, written: true };
  return { at: parentAt, written: false };
}
