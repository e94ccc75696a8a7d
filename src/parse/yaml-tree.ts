import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { Range } from '../model/range.js';
import type { PEntry, PMap, PNode, PScalar, PSeq, ScalarValue } from '../model/tree.js';
import { isIntrinsicTag, longFormKey } from './cfn-tags.js';

/** Deeper than any real manifest or template; beyond it a document is hostile or broken. */
export const MAX_DEPTH = 500;
/**
 * Bound on the nodes that alias expansion may add to one document. yaml's own `maxAliasCount` only
 * guards its `toJS()`, which is not used here (it loses positions), so the builder keeps its own
 * budget: enough for any legitimate reuse of anchors, far below what a "billion laughs" needs.
 */
export const MAX_ALIAS_NODES = 100_000;

/** Raised when a document exceeds a limit; the document is then dropped with a problem. */
export class LimitError extends Error {
  constructor(
    message: string,
    readonly range: Range,
  ) {
    super(message);
  }
}

/** A non-fatal finding while building (merge sources that are not maps, unresolved aliases). */
export interface TreeIssue {
  message: string;
  range: Range;
}

/** Tags of the YAML core/1.1 schemas, which are not worth keeping on the tree. */
const STANDARD_TAG_PREFIX = 'tag:yaml.org,2002:';
/** How far before a tagged value its tag may be written (a tag on its own line, comments between). */
const TAG_SEARCH_WINDOW = 1024;

/**
 * Turns one parsed yaml document into the positioned PNode tree: aliases are expanded (bounded),
 * `<<` merge keys applied, CloudFormation short-form tags converted to their long form, and every
 * range converted to 1-based lines and columns.
 */
export class YamlTreeBuilder {
  private readonly anchors = new Map<string, PNode>();
  private aliasNodes = 0;
  /** End offset → end of the text before its trailing whitespace (nested nodes share ends). */
  private readonly trimmedEnds = new Map<number, number>();
  readonly issues: TreeIssue[] = [];

  constructor(
    private readonly source: string,
    private readonly lines: LineCounter,
  ) {}

  build(node: unknown): PNode {
    return this.node(node, 1);
  }

  /** A range from character offsets, without the trailing blank lines a block node's end includes. */
  range(start: number, end: number): Range {
    const last = Math.max(start, this.trimmedEnd(Math.max(start, end)));
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(last);
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  /**
   * Remembered per end offset: every ancestor of a deeply nested block node ends where it does, so
   * walking back over the same run of blank lines for each of them would be quadratic.
   */
  private trimmedEnd(end: number): number {
    let last = this.trimmedEnds.get(end);
    if (last === undefined) {
      last = end;
      while (last > 0 && /\s/.test(this.source[last - 1] ?? '')) last--;
      this.trimmedEnds.set(end, last);
    }
    return last;
  }

  private nodeRange(node: Node): Range {
    const [start, end] = node.range ?? [0, 0];
    return this.range(start, end);
  }

  private node(node: unknown, depth: number): PNode {
    if (isAlias(node)) return this.alias(node.source, this.nodeRange(node), depth);
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) {
      // A missing value (`key:` with nothing, `? key` without `:`) has no node at all.
      return { type: 'scalar', value: null, range: this.range(0, 0) };
    }
    const range = this.nodeRange(node);
    if (depth > MAX_DEPTH) throw new LimitError(`Nesting deeper than ${MAX_DEPTH} levels`, range);
    let result: PNode;
    if (isIntrinsicTag(node.tag)) result = this.intrinsic(node, node.tag, depth);
    else if (isMap(node)) result = this.map(node.items, range, depth, node.tag);
    else if (isSeq(node)) result = this.seq(node.items, range, depth);
    else result = { type: 'scalar', value: scalarValue(node.value, this.text(node)), range };
    if (node.anchor) this.anchors.set(node.anchor, result);
    return result;
  }

  private map(pairs: unknown[], range: Range, depth: number, tag: string | undefined): PMap {
    const entries: PEntry[] = [];
    const merged: PEntry[][] = [];
    const keys = new Set<unknown>();
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair)) {
        merged.push(this.mergeSources(pair, depth));
        continue;
      }
      this.checkUnique(pair.key, keys);
      entries.push(this.entry(pair, depth));
    }
    const map: PMap = { type: 'map', entries: withMerged(lastOfEachKey(entries), merged), range };
    if (tag !== undefined && !tag.startsWith(STANDARD_TAG_PREFIX)) map.tag = tag;
    return map;
  }

  /**
   * Duplicate keys are found here, with a set, and not by yaml's `uniqueKeys`, which compares each
   * key with every earlier one: quadratic, minutes for a map of 100,000 keys. Same semantics: scalar
   * keys with the same value (`~` and `null` too), reported where the second one starts.
   */
  private checkUnique(key: unknown, keys: Set<unknown>): void {
    if (!isScalar(key) || Number.isNaN(key.value)) return;
    if (!keys.has(key.value)) {
      keys.add(key.value);
      return;
    }
    const start = key.range?.[0] ?? 0;
    this.issues.push({ message: 'Map keys must be unique', range: this.range(start, start + 1) });
  }

  private entry(pair: Pair, depth: number): PEntry {
    const keyNode = pair.key as Node | null;
    const keyRange = keyNode?.range ? this.nodeRange(keyNode) : this.range(0, 0);
    const value = pair.value === null ? { type: 'scalar' as const, value: null, range: keyRange } : this.node(pair.value, depth + 1);
    return { key: this.keyText(keyNode), keyRange, value };
  }

  /** Keys become strings, as in JSON: `1: a` has key "1"; a collection key keeps its source text. */
  private keyText(key: Node | null): string {
    if (key === null) return '';
    return isScalar(key) ? String(key.value) : this.text(key);
  }

  private text(node: Node): string {
    const [start, end] = node.range ?? [0, 0];
    return this.source.slice(start, end);
  }

  /** The entries a `<<` key merges in: a map, or a sequence of maps where earlier ones win. */
  private mergeSources(pair: Pair, depth: number): PEntry[] {
    const value = this.node(pair.value, depth + 1);
    const sources = value.type === 'seq' ? value.items : [value];
    const entries: PEntry[] = [];
    for (const source of sources) {
      // A loop, not push(...entries), which overflows the stack for a map of a few 100,000 keys.
      if (source.type === 'map') for (const entry of source.entries) entries.push(entry);
      else this.issues.push({ message: 'Merge sources must be maps or map aliases', range: source.range });
    }
    return entries;
  }

  private seq(items: unknown[], range: Range, depth: number): PSeq {
    return {
      type: 'seq',
      // `!!omap` and `!!pairs` sequences hold bare pairs: each becomes a one-entry map.
      items: items.map((item) =>
        isPair(item) ? this.map([item], this.nodeRange(item.key as Node), depth + 1, undefined) : this.node(item, depth + 1),
      ),
      range,
    };
  }

  /**
   * `!Ref x` becomes `{Ref: x}`, `!Sub s` becomes `{"Fn::Sub": s}`, and `!GetAtt a.b` becomes
   * `{"Fn::GetAtt": ["a", "b"]}`, the shapes JSON templates use. The synthetic key is located at the
   * tag, the map spans tag and value, and the value keeps its own positions.
   */
  private intrinsic(node: Node, tag: string, depth: number): PMap {
    const [start, end] = node.range ?? [0, 0];
    const tagStart = this.tagStart(tag, start);
    const keyRange = this.range(tagStart, tagStart + tag.length);
    let value: PNode;
    if (isMap(node)) value = this.map(node.items, this.nodeRange(node), depth + 1, undefined);
    else if (isSeq(node)) value = this.seq(node.items, this.nodeRange(node), depth + 1);
    else {
      const scalar: PScalar = { type: 'scalar', value: scalarValue((node as { value?: unknown }).value, ''), range: this.nodeRange(node) };
      value = tag === '!GetAtt' ? this.splitGetAtt(scalar, start, end) : scalar;
    }
    return { type: 'map', entries: [{ key: longFormKey(tag), keyRange, value }], range: this.range(tagStart, end) };
  }

  private tagStart(tag: string, valueStart: number): number {
    // Searched in the window only: a tag written another way (`!<!Ref>`, a %TAG handle) is not in
    // the text, and searching the whole file back for each such value would be quadratic.
    const from = Math.max(0, valueStart - TAG_SEARCH_WINDOW);
    const at = this.source.slice(from, valueStart + tag.length).lastIndexOf(tag, valueStart - from);
    return at >= 0 ? from + at : valueStart;
  }

  /** `a.b` → `["a", "b"]`, split at the first dot (attribute names may contain dots). */
  private splitGetAtt(scalar: PScalar, start: number, end: number): PNode {
    const text = scalar.value;
    const dot = typeof text === 'string' ? text.indexOf('.') : -1;
    if (typeof text !== 'string' || dot < 0) return scalar;
    // Quotes shift the value inside its source text; with escapes the parts keep the whole range.
    const offset = this.source.slice(start, end).indexOf(text);
    const part = (value: string, from: number): PScalar => ({
      type: 'scalar',
      value,
      range: offset < 0 ? scalar.range : this.range(start + offset + from, start + offset + from + value.length),
    });
    return { type: 'seq', items: [part(text.slice(0, dot), 0), part(text.slice(dot + 1), dot + 1)], range: scalar.range };
  }

  /**
   * An alias stands for a copy of its anchor's converted node, with the anchor's positions: the
   * values are written there, so that is where a finding about them has to point.
   */
  private alias(name: string, range: Range, depth: number): PNode {
    const target = this.anchors.get(name);
    if (target === undefined) {
      this.issues.push({ message: `Unresolved alias *${name}`, range });
      return { type: 'scalar', value: null, range };
    }
    return this.copy(target, depth, range);
  }

  private copy(node: PNode, depth: number, aliasRange: Range): PNode {
    if (++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new LimitError(`Alias expansion exceeds ${MAX_ALIAS_NODES} nodes (possible resource exhaustion attack)`, aliasRange);
    }
    if (depth > MAX_DEPTH) throw new LimitError(`Nesting deeper than ${MAX_DEPTH} levels`, aliasRange);
    switch (node.type) {
      case 'map':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: this.copy(e.value, depth + 1, aliasRange) })) };
      case 'seq':
        return { ...node, items: node.items.map((item) => this.copy(item, depth + 1, aliasRange)) };
      default:
        return { ...node };
    }
  }
}

function isMergeKey(pair: Pair): boolean {
  // The yaml-1.1 schema resolves a plain `<<` key to a symbol; a quoted "<<" stays a string key.
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/** Duplicate keys (reported by the parser) keep the last value, as JSON.parse and most YAML loaders do. */
function lastOfEachKey(entries: PEntry[]): PEntry[] {
  const last = new Map<string, number>();
  entries.forEach((e, i) => last.set(e.key, i));
  return last.size === entries.length ? entries : entries.filter((e, i) => last.get(e.key) === i);
}

/** Merged entries come after the map's own, which always win; among merges the first one wins. */
function withMerged(entries: PEntry[], merged: PEntry[][]): PEntry[] {
  if (merged.length === 0) return entries;
  const seen = new Set(entries.map((e) => e.key));
  const out = [...entries];
  for (const e of merged.flat()) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(e);
  }
  return out;
}

function scalarValue(value: unknown, sourceText: string): ScalarValue {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    default:
      // Anything the schema could produce beyond JSON values is kept as written.
      return value === null || value === undefined ? null : sourceText;
  }
}
