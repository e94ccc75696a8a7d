/**
 * Turns the directives found in a file's comments into suppressions with line scopes. Scopes are
 * computed here, in the per-file stage, from the file's own structure, so that the later stages
 * only compare line numbers.
 */
import type { Range } from '../model/range.js';
import type { CommentSuppression, SuppressionScope } from '../model/suppression.js';
import type { PNode } from '../model/tree.js';
import { type CommentSyntaxes, type Directive, directivesOf } from './directives.js';

/** A comment found in a real comment position of the source. */
export interface SourceComment {
  /** The comment as written, markers included (`# x`, `// x`, or a block comment). */
  text: string;
  range: Range;
  /** Code precedes the comment on its first line. */
  codeBefore: boolean;
  /** Code follows the comment on its last line (only block comments can have that). */
  codeAfter: boolean;
}

/** What scoping needs to know of a file's structure, in lines. */
export interface FileStructure {
  /** For each line on which some construct starts, the last line of the longest one. */
  spans: Map<number, number>;
  /** Top-level resources (HCL blocks, CloudFormation resources), for Checkov's in-block comments. */
  resources: { from: number; to: number }[];
}

export function emptyStructure(): FileStructure {
  return { spans: new Map(), resources: [] };
}

/** Records that a construct runs from line `from` to line `to`. */
export function addSpan(structure: FileStructure, from: number, to: number): void {
  if (to > (structure.spans.get(from) ?? from)) structure.spans.set(from, to);
}

/**
 * Every map entry (key to end of value), sequence item and document of the trees, as spans. A
 * loop, not recursion: trees may be deep.
 */
export function addTreeSpans(structure: FileStructure, roots: readonly (PNode | null | undefined)[]): void {
  const stack: PNode[] = [];
  for (const root of roots) {
    if (!root) continue;
    addSpan(structure, root.range.line, root.range.endLine);
    stack.push(root);
  }
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === 'map') {
      for (const e of node.entries) {
        addSpan(structure, e.keyRange.line, Math.max(e.keyRange.endLine, e.value.range.endLine));
        stack.push(e.value);
      }
    } else if (node.type === 'seq') {
      for (const item of node.items) {
        addSpan(structure, item.range.line, item.range.endLine);
        stack.push(item);
      }
    }
  }
}

/** Lines that hold nothing but comments (and blanks around them). */
function commentOnlyLines(comments: readonly SourceComment[]): Set<number> {
  const lines = new Set<number>();
  for (const c of comments) {
    for (let line = c.range.line; line <= c.range.endLine; line++) {
      if ((line === c.range.line && c.codeBefore) || (line === c.range.endLine && c.codeAfter)) continue;
      lines.add(line);
    }
  }
  return lines;
}

/**
 * For each comment-only line, the first line after it that is not one: computed once, from the
 * bottom up, so that 10,000 directives in a row do not each walk the rest of the run.
 */
function codeLineAfter(commentOnly: ReadonlySet<number>): (line: number) => number {
  const after = new Map<number, number>();
  for (const line of [...commentOnly].sort((a, b) => b - a)) after.set(line, after.get(line + 1) ?? line + 1);
  return (line) => after.get(line) ?? line;
}

/** The top-level resource around `line`: resources are disjoint, so a binary search over their starts finds it. */
function resourceAround(resources: readonly { from: number; to: number }[], line: number): { from: number; to: number } | undefined {
  let lo = 0;
  let hi = resources.length - 1;
  let found: { from: number; to: number } | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (resources[mid]!.from <= line) {
      found = resources[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && line <= found.to ? found : undefined;
}

function linesFrom(line: number, structure: FileStructure): SuppressionScope {
  return { type: 'lines', from: line, to: Math.max(line, structure.spans.get(line) ?? line) };
}

interface ScopeContext {
  structure: FileStructure;
  /** The first line at or after a line that is not only comments. */
  codeLine: (line: number) => number;
  /** The structure's resources, sorted by their first line. */
  resources: readonly { from: number; to: number }[];
}

function scopeOf(directive: Directive, comment: SourceComment, context: ScopeContext): SuppressionScope | undefined {
  const nextLine = () => context.codeLine(comment.range.endLine + 1);
  switch (directive.placement) {
    case 'file':
      return { type: 'file' };
    case 'line-only': {
      const line = nextLine();
      return { type: 'lines', from: line, to: line };
    }
    case 'same-or-next-line': {
      const codeLine = comment.codeBefore ? comment.range.line : comment.codeAfter ? comment.range.endLine : undefined;
      return linesFrom(codeLine ?? nextLine(), context.structure);
    }
    case 'enclosing-resource': {
      const resource = resourceAround(context.resources, comment.range.line);
      return resource ? { type: 'lines', from: resource.from, to: resource.to } : undefined;
    }
  }
}

/** The suppressions of a file's comments. A Checkov comment outside every resource covers nothing and is dropped. */
export function commentSuppressions(comments: readonly SourceComment[], structure: FileStructure, syntaxes: CommentSyntaxes): CommentSuppression[] {
  const context: ScopeContext = {
    structure,
    codeLine: codeLineAfter(commentOnlyLines(comments)),
    resources: [...structure.resources].sort((a, b) => a.from - b.from),
  };
  const out: CommentSuppression[] = [];
  for (const comment of comments) {
    for (const directive of directivesOf(comment.text, syntaxes)) {
      const scope = scopeOf(directive, comment, context);
      if (!scope) continue;
      const { source, syntax, rules, reason, expires } = directive;
      out.push({
        source,
        syntax,
        rules,
        ...(reason !== undefined ? { reason } : {}),
        ...(expires !== undefined ? { expires } : {}),
        range: comment.range,
        scope,
      });
    }
  }
  return out;
}
