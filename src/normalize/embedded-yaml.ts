/**
 * YAML written inside a string of another file: the `mapRoles` / `mapUsers` of the `aws-auth`
 * ConfigMap (a block scalar in a manifest, a heredoc in Terraform) and a `kubectl_manifest`'s
 * `yaml_body`. It is parsed with the same bounded parser as any YAML file, and every range is
 * moved to where the text sits in the outer file, so a finding lands on the inner line.
 */
import type { Range } from '../model/range.js';
import type { PNode } from '../model/tree.js';
import { parseYaml } from '../parse/yaml.js';

/** Where the string's first line starts in the outer file, and how far its lines are indented there. */
interface Placement {
  line: number;
  indent: number;
}

/**
 * Finds where a multi-line string's lines are written in the outer file: the lines after the
 * `key: |` or `key = <<EOF` line, each indented by the same amount. With the outer text the
 * placement is verified line by line; without it (Terraform facts keep no text) the lines are
 * taken to start on the line after the key, at the indentation of the closing marker or none.
 * A string whose lines cannot be placed (a quoted string with `\n` escapes) gets no placement.
 */
function placementOf(value: string, at: Range, outerLines: readonly string[] | undefined): Placement | undefined {
  const lines = value.replace(/\n$/, '').split('\n');
  const spanned = at.endLine - at.line;
  if (spanned < lines.length) return undefined;
  if (outerLines === undefined) return { line: at.line + 1, indent: 0 };
  for (let start = at.line + 1; start <= at.line + 2; start++) {
    const firstWritten = lines.findIndex((l) => l.trim() !== '');
    const outer = outerLines[start - 1 + Math.max(firstWritten, 0)] ?? '';
    const inner = lines[Math.max(firstWritten, 0)] ?? '';
    const indent = outer.length - inner.length;
    if (indent < 0 || outer.slice(indent) !== inner) continue;
    const matches = lines.every((l, i) => {
      const o = outerLines[start - 1 + i];
      if (o === undefined) return false;
      return l.trim() === '' ? o.slice(indent).trim() === l.trim() : o.slice(indent) === l;
    });
    if (matches) return { line: start, indent };
  }
  return undefined;
}

function shift(range: Range, placement: Placement | undefined, fallback: Range): Range {
  if (placement === undefined) return fallback;
  return {
    line: placement.line + range.line - 1,
    column: range.column + placement.indent,
    endLine: placement.line + range.endLine - 1,
    endColumn: range.endColumn + placement.indent,
  };
}

function moved(node: PNode, placement: Placement | undefined, fallback: Range): PNode {
  const range = shift(node.range, placement, fallback);
  switch (node.type) {
    case 'scalar':
    case 'expr':
      return { ...node, range };
    case 'seq':
      return { ...node, range, items: node.items.map((item) => moved(item, placement, fallback)) };
    case 'map':
      return {
        ...node,
        range,
        entries: node.entries.map((e) => ({ key: e.key, keyRange: shift(e.keyRange, placement, fallback), value: moved(e.value, placement, fallback) })),
      };
  }
}

/** Most text of embedded YAML parsed per file (or Terraform module); about twice the largest file read. */
export const MAX_EMBEDDED_YAML_CHARS = 10_000_000;

/**
 * What is left to parse. Aliases (YAML) and references (Terraform locals) can repeat one large
 * string many times, so the bound is on what is parsed, not on what is written.
 */
export class EmbeddedBudget {
  constructor(private remaining: number = MAX_EMBEDDED_YAML_CHARS) {}

  take(chars: number): boolean {
    if (chars > this.remaining) return false;
    this.remaining -= chars;
    return true;
  }
}

export interface EmbeddedYaml {
  documents: (PNode | null)[];
  /** False when the text had syntax errors or hit a parser limit: its content is then unknown. */
  clean: boolean;
}

/**
 * Parses the YAML in `value`, the string written at `at` (the `key: value` entry) of the outer
 * file, whose lines are `outerLines` when known. Ranges that cannot be placed fall back to `at`.
 * Over the budget, nothing is parsed and the content is unknown (`clean` is false). With
 * `placeLines` false every range is `at` (a string computed by a function, whose lines are nowhere).
 */
export function parseEmbeddedYaml(value: string, at: Range, budget: EmbeddedBudget, outerLines?: readonly string[], placeLines = true): EmbeddedYaml {
  if (!budget.take(value.length)) return { documents: [], clean: false };
  const { documents, problems } = parseYaml(value);
  const placement = placeLines ? placementOf(value, at, outerLines) : undefined;
  return {
    documents: documents.map((d) => (d === null ? null : moved(d, placement, at))),
    clean: !problems.some((p) => p.severity === 'error'),
  };
}
