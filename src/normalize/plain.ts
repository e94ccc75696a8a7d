import type { Range } from '../model/range.js';
import { type Pointer, unknown } from '../model/resource.js';
import type { PEntry, PNode } from '../model/tree.js';

export type Locations = Record<Pointer, Range>;

/** The range a finding about an entry should cover: from its key to the end of its value. */
export function entryRange(e: PEntry): Range {
  // A value passed in from another file (a module argument) is located where it was written.
  if (e.value.range.file !== undefined) return e.value.range;
  return { line: e.keyRange.line, column: e.keyRange.column, endLine: e.value.range.endLine, endColumn: e.value.range.endColumn };
}

function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Converts a positioned subtree to plain JSON for a canonical field and records the range of every
 * nested value under `at`. Expressions become unknowns. `entryAt` is the range of the `key: value`
 * that holds the subtree, when there is one, so that findings start at the key a person edits.
 */
export function toPlain(node: PNode, at: Pointer, locations: Locations, entryAt?: Range): unknown {
  locations[at] = entryAt ?? node.range;
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'expr':
      return unknown(node.text);
    case 'seq':
      return node.items.map((item, i) => toPlain(item, `${at}/${i}`, locations));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        // Repeated keys (HCL blocks) keep the first, as Terraform would reject most duplicates anyway.
        if (Object.prototype.hasOwnProperty.call(out, e.key)) continue;
        out[e.key] = toPlain(e.value, `${at}/${escapeSegment(e.key)}`, locations, entryRange(e));
      }
      return out;
    }
  }
}

/**
 * Copies the locations of `from` and everything under it to the same paths under `to`. `value` is
 * the plain value at `from` (what `toPlain` made there): only its own paths are visited, so a copy
 * costs the size of that value, not of every location the resource has (a pod with a thousand
 * containers copies each container's fields in linear time).
 */
export function copyLocations(locations: Locations, from: Pointer, to: Pointer, value: unknown): void {
  const range = locations[from];
  if (range) locations[to] = range;
  if (Array.isArray(value)) value.forEach((item, i) => copyLocations(locations, `${from}/${i}`, `${to}/${i}`, item));
  else if (typeof value === 'object' && value !== null && !('$unknown' in value)) {
    for (const [key, item] of Object.entries(value)) {
      const segment = escapeSegment(key);
      copyLocations(locations, `${from}/${segment}`, `${to}/${segment}`, item);
    }
  }
}
