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

function linesFrom(line: number, structure: FileStructure): SuppressionScope {
  return { type: 'lines', from: line, to: Math.max(line, structure.spans.get(line) ?? line) };
}

function scopeOf(directive: Directive, comment: SourceComment, structure: FileStructure, commentOnly: Set<number>): SuppressionScope | undefined {
  const nextLine = () => {
    let line = comment.range.endLine + 1;
    while (commentOnly.has(line)) line++;
    return line;
  };
  switch (directive.placement) {
    case 'file':
      return { type: 'file' };
    case 'line-only': {
      const line = nextLine();
      return { type: 'lines', from: line, to: line };
    }
    case 'same-or-next-line': {
      const codeLine = comment.codeBefore ? comment.range.line : comment.codeAfter ? comment.range.endLine : undefined;
      return linesFrom(codeLine ?? nextLine(), structure);
    }
    case 'enclosing-resource': {
      const resource = structure.resources.find((r) => r.from <= comment.range.line && comment.range.line <= r.to);
      return resource ? { type: 'lines', from: resource.from, to: resource.to } : undefined;
    }
  }
}

/** The suppressions of a file's comments. A Checkov comment outside every resource covers nothing and is dropped. */
export function commentSuppressions(comments: readonly SourceComment[], structure: FileStructure, syntaxes: CommentSyntaxes): CommentSuppression[] {
  const commentOnly = commentOnlyLines(comments);
  const out: CommentSuppression[] = [];
  for (const comment of comments) {
    for (const directive of directivesOf(comment.text, syntaxes)) {
      const scope = scopeOf(directive, comment, structure, commentOnly);
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
