import type { Range } from '../model/range.js';
import { isUnknown, pointer, unknown, type Unknown } from '../model/resource.js';
import { entry, type PEntry, type PMap, type PNode } from '../model/tree.js';
import { entryRange, type Locations, toPlain } from './plain.js';

/**
 * Typed reading of canonical fields from a positioned tree, and writing them with their locations.
 * Shared by the adapters of formats whose values may be expressions: a `Resolver` says what a node
 * stands for (CloudFormation resolves `Ref`s to parameter defaults; plain YAML is taken as written).
 */

/** What a value node stands for: a literal node, an unknown, or nothing (`!Ref AWS::NoValue`). */
export type Resolver = (node: PNode) => PNode | Unknown | undefined;

export const asWritten: Resolver = (node) => node;

/** A value read for a canonical field, with the range a finding about it should cover. */
export interface Field<T> {
  value: T | Unknown;
  range: Range;
}

/** Collects a canonical resource's `props` and `locations` together, so that neither is forgotten. */
export class Fields {
  readonly props: Record<string, unknown> = {};
  readonly locations: Locations = {};

  set(path: readonly string[], value: unknown, range: Range): void {
    let target = this.props;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    const last = path[path.length - 1];
    if (last !== undefined) target[last] = value;
    this.locations[pointer(...path)] = range;
  }

  /** A subtree kept as written (a pod spec), with every nested value located. */
  setPlain(path: readonly string[], node: PNode, entryAt?: Range): void {
    this.set(path, toPlain(node, pointer(...path), this.locations, entryAt), entryAt ?? node.range);
  }

  /** A list field, each item located on its own (a finding about one CIDR points at that CIDR). */
  setList(path: readonly string[], items: Field<unknown>[] | Unknown, range: Range): void {
    this.set(path, isUnknown(items) ? items : items.map((i) => i.value), range);
    if (!isUnknown(items)) items.forEach((item, i) => (this.locations[pointer(...path, i)] = item.range));
  }
}

/**
 * A block that may hold fields (`ResourcesVpcConfig`, `vpc.clusterEndpoints`): its map when it is
 * written literally, an unknown when an expression stands for it, and where its fields' defaults go.
 */
export interface Section {
  map?: PMap;
  unknown?: Unknown;
  /** The `key: {...}` entry when written, else the enclosing section's (or resource's) location. */
  at: Range;
  written: boolean;
}

export function rootSection(map: PMap, at: Range): Section {
  return { map, at, written: true };
}

export function section(parent: Section, key: string, resolve: Resolver): Section {
  if (parent.unknown) return { unknown: parent.unknown, at: parent.at, written: false };
  const e = parent.map && entry(parent.map, key);
  if (e === undefined) return { at: parent.at, written: false };
  const value = resolve(e.value);
  if (value === undefined) return { at: parent.at, written: false };
  const at = entryRange(e);
  if (isUnknown(value)) return { unknown: value, at, written: true };
  return value.type === 'map' ? { map: value, at, written: true } : { unknown: unknown(`${key} is not a map`), at, written: true };
}

/** The entry of a field in a section, or why its value cannot be known. */
function fieldEntry(s: Section, key: string): PEntry | Unknown | undefined {
  if (s.unknown) return s.unknown;
  return s.map && entry(s.map, key);
}

/**
 * Reads one field of a section with `read`; `undefined` when it is not written (the caller applies
 * the format's default). A section or value that is an expression gives an unknown.
 */
export function readField<T>(s: Section, key: string, resolve: Resolver, read: (node: PNode) => T | Unknown): Field<T> | undefined {
  const e = fieldEntry(s, key);
  if (e === undefined) return undefined;
  if (isUnknown(e)) return { value: e, range: s.at };
  const value = resolve(e.value);
  if (value === undefined) return undefined;
  return { value: isUnknown(value) ? value : read(value), range: entryRange(e) };
}

export function readBoolean(node: PNode): boolean | Unknown {
  if (node.type === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    // CloudFormation and most loaders accept the strings "true" and "false" for booleans.
    if (typeof node.value === 'string' && /^(true|false)$/i.test(node.value)) return node.value.toLowerCase() === 'true';
  }
  return unknown('not a boolean');
}

export function readString(node: PNode): string | Unknown {
  if (node.type === 'scalar' && node.value !== null) return String(node.value);
  return unknown('not a string');
}

/** A list whose items are resolved one by one: an unknown item stays an unknown item. */
export function readList<T>(resolve: Resolver, readItem: (node: PNode) => T | Unknown): (node: PNode) => Field<T>[] | Unknown {
  return (node) => {
    if (node.type !== 'seq') return unknown('not a list');
    const items: Field<T>[] = [];
    for (const item of node.items) {
      const value = resolve(item);
      if (value === undefined) continue;
      items.push({ value: isUnknown(value) ? value : readItem(value), range: item.range });
    }
    return items;
  };
}
