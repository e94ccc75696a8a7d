/**
 * Which suppressions cover which findings, in near-linear time. Suppressions are indexed by file
 * and rule, and by what they cover: the whole file, one resource, or a range of lines. N
 * suppressions and M findings of the same rule cost O((N + M) log(N + M)), not O(N × M): a file of
 * thousands of directives against a Pod of thousands of containers must not stall the scan.
 */
import type { Finding } from '../model/finding.js';

/** What a suppression covers, as the index needs it. */
export type CoverScope = { type: 'file' } | { type: 'lines'; from: number; to: number } | { type: 'resource'; resource: string };

/** One suppression, for the index: what it covers, and the rules it names. */
export interface Coverer {
  file: string;
  scope: CoverScope;
  targets: ReadonlySet<string>;
}

/**
 * A suppressed finding records at most this many of the suppressions that cover it (the first
 * ones in the file): one is what makes it suppressed; ten say enough about why. Recording every
 * one made the output N × M for N identical directives.
 */
export const MAX_SUPPRESSIONS_PER_FINDING = 10;

/** The suppressions of one file and rule that cover the same thing, in the order they were added. */
interface Group<T> {
  members: T[];
  used: boolean;
}

interface LineGroup<T> extends Group<T> {
  from: number;
  to: number;
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

function addTo<K, G>(map: Map<K, G>, k: K, make: () => G): G {
  let group = map.get(k);
  if (!group) {
    group = make();
    map.set(k, group);
  }
  return group;
}

/** A binary min-heap of line groups by their last line. */
class ByEnd<T> {
  private readonly items: LineGroup<T>[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): LineGroup<T> | undefined {
    return this.items[0];
  }

  push(item: LineGroup<T>): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.to <= items[i]!.to) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): LineGroup<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < items.length && items[l]!.to < items[min]!.to) min = l;
      if (r < items.length && items[r]!.to < items[min]!.to) min = r;
      if (min === i) break;
      [items[min], items[i]] = [items[i]!, items[min]!];
      i = min;
    }
    return top;
  }
}

/**
 * The covering suppressions of every finding, and which suppressions were used for which rule.
 * `T` is the caller's suppression record; the index keeps the order in which they were added.
 */
export class SuppressionIndex<T extends Coverer> {
  private readonly order = new Map<T, number>();
  private readonly wholeFile = new Map<string, Group<T>>();
  private readonly perResource = new Map<string, Group<T>>();
  /** file + rule → from:to → group. */
  private readonly perLines = new Map<string, Map<string, LineGroup<T>>>();
  /** (suppression, rule) pairs that covered a finding. */
  private readonly usedFor = new Map<T, Set<string>>();

  add(suppression: T): void {
    this.order.set(suppression, this.order.size);
    const { file, scope } = suppression;
    for (const rule of suppression.targets) {
      const group =
        scope.type === 'file'
          ? addTo(this.wholeFile, key(file, rule), () => ({ members: [], used: false }))
          : scope.type === 'resource'
            ? addTo(this.perResource, key(file, rule, scope.resource), () => ({ members: [], used: false }))
            : addTo(addTo(this.perLines, key(file, rule), () => new Map<string, LineGroup<T>>()), `${scope.from}:${scope.to}`, () => ({
                members: [],
                used: false,
                from: scope.from,
                to: scope.to,
              }));
      group.members.push(suppression);
    }
  }

  /**
   * For each finding (by position in `findings`), the suppressions that cover it, at most
   * `MAX_SUPPRESSIONS_PER_FINDING`, in the order they were added; an empty list when none does.
   */
  match(findings: readonly Finding[]): T[][] {
    const covering: T[][] = findings.map(() => []);
    const byFileRule = new Map<string, number[]>();
    findings.forEach((f, i) => addTo(byFileRule, key(f.file, f.ruleId), () => [] as number[]).push(i));

    for (const [fileRule, indexes] of byFileRule) {
      const whole = this.wholeFile.get(fileRule);
      const lineGroups = this.lineCoverage(fileRule, indexes.map((i) => findings[i]!.range.line));
      indexes.forEach((i, n) => {
        const finding = findings[i]!;
        const groups: Group<T>[] = [];
        if (whole) groups.push(whole);
        const resource = finding.resource === undefined ? undefined : this.perResource.get(key(fileRule, finding.resource));
        if (resource) groups.push(resource);
        groups.push(...lineGroups[n]!);
        covering[i] = this.firstMembers(groups);
      });
    }
    for (const [fileRule, group] of [...this.wholeFile, ...this.perResource]) if (group.used) this.markUsed(group, fileRule);
    for (const [fileRule, groups] of this.perLines) for (const group of groups.values()) if (group.used) this.markUsed(group, fileRule);
    return covering;
  }

  /** The rules a suppression covered a finding of (after `match`). */
  usedRules(suppression: T): ReadonlySet<string> {
    return this.usedFor.get(suppression) ?? new Set();
  }

  private markUsed(group: Group<T>, fileRuleKey: string): void {
    const rule = fileRuleKey.split('\u0000')[1]!;
    for (const member of group.members) addTo(this.usedFor, member, () => new Set<string>()).add(rule);
  }

  /** The first members, in the order added, of the groups covering one finding (all marked used). */
  private firstMembers(groups: Group<T>[]): T[] {
    const candidates: T[] = [];
    for (const group of groups) {
      group.used = true;
      candidates.push(...group.members.slice(0, MAX_SUPPRESSIONS_PER_FINDING));
    }
    return candidates.sort((a, b) => this.order.get(a)! - this.order.get(b)!).slice(0, MAX_SUPPRESSIONS_PER_FINDING);
  }

  /**
   * For each line (of one file and rule), the line groups that contain it: a sweep over the lines
   * in order, with the groups that started and have not ended yet. The groups that contain a line
   * come from the file's nested structure, so there are few of them (at most its nesting depth),
   * while the groups that ended are dropped once.
   */
  private lineCoverage(fileRule: string, lines: readonly number[]): LineGroup<T>[][] {
    const result: LineGroup<T>[][] = lines.map(() => []);
    const groups = this.perLines.get(fileRule);
    if (!groups) return result;
    const starts = [...groups.values()].sort((a, b) => a.from - b.from || b.to - a.to);
    const byLine = lines.map((line, n) => ({ line, n })).sort((a, b) => a.line - b.line);
    const open = new ByEnd<T>();
    const current = new Set<LineGroup<T>>();
    let next = 0;
    for (const { line, n } of byLine) {
      for (; next < starts.length && starts[next]!.from <= line; next++) {
        open.push(starts[next]!);
        current.add(starts[next]!);
      }
      while (open.size > 0 && open.peek()!.to < line) current.delete(open.pop()!);
      result[n] = [...current];
    }
    return result;
  }
}
